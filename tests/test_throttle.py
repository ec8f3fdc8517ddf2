"""Login budgets with growing delays, known devices, reset links, rate limits, proxies, outages."""

import re

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client, RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from leagues.tests.factories import UserFactory
from nationscup import throttle

PASSWORD = "correct-horse-battery"
LOGIN, ADMIN_LOGIN = "/accounts/login/", "/admin/login/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""

    class Clock:
        at = 1_000_000.0

        def advance(self, seconds):
            self.at += seconds

    clock = Clock()
    monkeypatch.setattr(throttle, "now", lambda: clock.at)
    return clock


def login(client, username, password, url=LOGIN, address="10.0.0.1", **extra):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


# The rule


@given(st.integers(0, 200), st.integers(1, 50), st.integers(1, 60), st.integers(1, 3600))
def test_the_delay_is_none_within_the_free_failures_then_doubles_up_to_the_cap(
    failures, free, base, cap
):
    delay = throttle.delay_after(failures, free, base, cap)
    assert 0 <= delay <= cap
    if failures < free:
        assert delay == 0
    else:
        assert delay == min(cap, base * 2 ** (failures - free))
        assert throttle.delay_after(failures + 1, free, base, cap) >= delay


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@given(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=30))
def test_a_username_is_keyed_as_the_login_form_reads_it(username):
    key = throttle.account_key(username)
    assert throttle.account_key(full_width(username)) == key
    assert throttle.account_key(username.upper()) == throttle.account_key(username.lower())
    assert throttle.account_key(f" {username} ") == key


# Normalisation


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_a_full_width_or_upper_case_username_spends_the_same_budget(client, settings, url):
    UserFactory(username="alice", is_staff=True)
    for spelling in ["alice", "ＡＬＩＣＥ", "ａｌｉｃｅ", " Alice", "alice"]:
        assert login(client, spelling, "wrong", url).status_code == 200

    for spelling in ["ａｌｉｃｅ", "ALICE", "alice"]:
        blocked = login(client, spelling, PASSWORD, url)
        assert blocked.status_code == 429, spelling
        assert "_auth_user_id" not in client.session


# Growing delays, no victim lock-out


def test_each_failure_past_the_free_ones_doubles_the_wait(client, settings, clock):
    UserFactory(username="alice")
    for _ in range(settings.LOGIN_THROTTLE_PER_ADDRESS):
        assert login(client, "alice", "wrong").status_code == 200
    first = login(client, "alice", PASSWORD)
    assert first.status_code == 429 and first["Retry-After"] == "10"
    assert "from your address" in first.text

    clock.advance(10)
    assert login(client, "alice", "wrong").status_code == 200
    second = login(client, "alice", PASSWORD)
    assert second.status_code == 429 and second["Retry-After"] == "20"

    clock.advance(20)
    assert login(client, "alice", PASSWORD).status_code == 302


def test_a_botnet_cannot_lock_the_owner_out_of_a_device_they_used_before(settings, clock):
    settings.LOGIN_THROTTLE_PER_ACCOUNT = 8
    UserFactory(username="alice")
    owner = Client()
    assert login(owner, "alice", PASSWORD, address="192.0.2.7").status_code == 302
    owner.post("/accounts/logout/")
    for n in range(12):
        login(Client(), "alice", "wrong", address=f"10.0.0.{n}")

    stranger = login(Client(), "alice", PASSWORD, address="10.0.1.1")
    assert stranger.status_code == 429
    assert "device you have used before" in stranger.text

    assert login(owner, "alice", PASSWORD, address="192.0.2.7").status_code == 302
    # The owner's correct password lifted the lock-out for every device.
    assert login(Client(), "alice", PASSWORD, address="10.0.1.1").status_code == 302


def test_a_password_reset_link_lifts_the_lock_out(settings, clock):
    settings.LOGIN_THROTTLE_PER_ACCOUNT = 8
    UserFactory(username="alice", email="alice@example.com")
    for n in range(12):
        login(Client(), "alice", "wrong", address=f"10.0.0.{n}")
    owner = Client()
    assert login(owner, "alice", PASSWORD, address="192.0.2.7").status_code == 429

    sent = owner.post(
        "/accounts/password_reset/", {"email": "alice@example.com"}, REMOTE_ADDR="192.0.2.7"
    )
    assert sent.status_code == 302 and len(mail.outbox) == 1
    found = re.search(r"/accounts/reset/\S+/", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(0)
    form = owner.get(link, follow=True)
    new = "another-correct-horse-42"
    done = owner.post(
        form.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
        REMOTE_ADDR="192.0.2.7",
    )
    assert done.status_code == 302

    assert login(owner, "alice", new, address="192.0.2.7").status_code == 302
    assert login(Client(), "alice", new, address="10.0.1.1").status_code == 302


def test_many_usernames_tried_from_one_address_slow_that_address_only(settings, clock):
    settings.LOGIN_THROTTLE_PER_IP = 10
    UserFactory(username="alice")
    for n in range(10):
        login(Client(), f"user{n}", "wrong", address="203.0.113.9")

    assert login(Client(), "alice", PASSWORD, address="203.0.113.9").status_code == 429
    assert login(Client(), "alice", PASSWORD, address="203.0.113.10").status_code == 302


def test_an_ipv6_client_is_counted_per_64_block(settings, clock):
    settings.LOGIN_THROTTLE_PER_IP = 4
    for n in range(4):
        login(Client(), f"user{n}", "wrong", address=f"2001:db8:1:2::{n + 1}")
    assert login(Client(), "x", "wrong", address="2001:db8:1:2:ffff::1").status_code == 429
    assert login(Client(), "x", "wrong", address="2001:db8:1:3::1").status_code == 200


def test_a_forged_known_device_cookie_is_ignored(settings, clock):
    settings.LOGIN_THROTTLE_PER_ACCOUNT = 3
    UserFactory(username="alice")
    for n in range(4):
        login(Client(), "alice", "wrong", address=f"10.0.0.{n}")
    forger = Client()
    forger.cookies[throttle.KNOWN_DEVICE_COOKIE] = f'["{throttle.account_key("alice")}"]'
    assert login(forger, "alice", PASSWORD, address="10.0.2.2").status_code == 429


# Limits on the other doors


def test_sign_up_is_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": (3, 3600)}
    for _ in range(3):
        assert client.post("/accounts/signup/", {}, REMOTE_ADDR="10.0.0.5").status_code == 200
    assert client.post("/accounts/signup/", {}, REMOTE_ADDR="10.0.0.5").status_code == 429
    assert client.post("/accounts/signup/", {}, REMOTE_ADDR="10.0.0.6").status_code == 200


def test_password_reset_is_limited_per_address_and_per_email(client, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password_reset": (5, 3600),
        "password_reset_email": (2, 3600),
    }
    UserFactory(username="alice", email="alice@example.com")
    for n in range(4):
        response = client.post(
            "/accounts/password_reset/", {"email": "alice@example.com"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
        assert response.status_code == 302  # the same answer whether sent or not
    assert len(mail.outbox) == 2
    for _ in range(5):
        client.post("/accounts/password_reset/", {"email": "x@example.com"}, REMOTE_ADDR="10.9.0.1")
    blocked = client.post(
        "/accounts/password_reset/", {"email": "x@example.com"}, REMOTE_ADDR="10.9.0.1"
    )
    assert blocked.status_code == 429


def test_the_results_api_is_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "results_api": (2, 60)}
    url = "/api/v1/results/lobby"
    for _ in range(2):
        assert client.post(url, "{}", content_type="application/json").status_code != 429
    blocked = client.post(url, "{}", content_type="application/json")
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) >= 1


# Who the client is


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (0, "198.51.100.1", "192.0.2.1"),  # no proxy trusted: the header is the client's own words
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged first entry is skipped
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "198.51.100.1", "192.0.2.1"),  # fewer entries than proxies: only the last hop known
        (1, "not-an-address", "192.0.2.1"),
    ],
)
def test_the_client_address_comes_from_x_forwarded_for_only_through_trusted_proxies(
    settings, proxies, forwarded, client
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert throttle.client_address(request) == client


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(settings, clock):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_THROTTLE_PER_IP = 3
    for n in range(3):
        login(Client(), f"u{n}", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    refused = login(
        Client(), "u9", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.1"
    )
    assert refused.status_code == 429
    other = login(Client(), "u9", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 200


# Redis down


def test_while_redis_is_unreachable_logins_are_still_throttled(client, settings, clock):
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "nationscup.cache.LocalFallbackRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    assert type(caches["throttle"]).__name__ == "LocalFallbackRedisCache"
    UserFactory(username="alice")
    for _ in range(settings.LOGIN_THROTTLE_PER_ADDRESS):
        assert login(client, "alice", "wrong").status_code == 200
    assert login(client, "alice", PASSWORD).status_code == 429
