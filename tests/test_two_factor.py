"""Staff need a second step after their password: a TOTP code from a confirmed device."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import totp  # type: ignore[import-untyped]  # no types
from django_otp.plugins.otp_totp.models import (  # type: ignore[import-untyped]  # no types
    TOTPDevice,
)

from leagues import roles
from leagues.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-staff-pass-42"


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(client, user, url="login"):
    return client.post(reverse(url), {"username": user.username, "password": PASSWORD})


@pytest.fixture
def organiser():
    user = UserFactory(username="org", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=roles.ORGANISER))
    return user


def test_staff_without_a_device_are_sent_to_set_one_up_before_any_staff_page(client, organiser):
    log_in(client, organiser)
    admin = client.get(reverse("admin:index"))
    assert admin.status_code == 302 and admin.url.startswith(reverse("two_factor_setup"))
    setup = client.get(admin.url)
    assert setup.status_code == 200 and "Key:" in setup.text
    device = TOTPDevice.objects.get(user=organiser, confirmed=False)
    assert client.post(reverse("two_factor_setup"), {"token": "000000"}).status_code == 400
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next one wait a second
    done = client.post(
        reverse("two_factor_setup"), {"token": current_code(device), "next": "/admin/"}
    )
    assert done.status_code == 302 and done.url == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200
    assert TOTPDevice.objects.get(user=organiser).confirmed


def test_staff_with_a_device_type_its_code_after_the_password_on_either_login(client, organiser):
    device = TOTPDevice.objects.create(user=organiser, name="app", confirmed=True)
    for login_url in ("login", "admin:login"):
        client.logout()
        log_in(client, organiser, login_url)
        blocked = client.get(reverse("admin:leagues_season_changelist"))
        assert blocked.status_code == 302
        assert blocked.url.startswith(reverse("two_factor_verify"))
        wrong = client.post(reverse("two_factor_verify"), {"token": "123456"})
        assert wrong.status_code == 400 and "not right" in wrong.text
        device.refresh_from_db()
        device.throttle_reset()
        right = client.post(reverse("two_factor_verify"), {"token": current_code(device)})
        assert right.status_code == 302
        assert client.get(reverse("admin:leagues_season_changelist")).status_code == 200
        device.refresh_from_db()
        device.throttle_reset()
        device.last_t = -1  # the next login may use the same 30 s window's code
        device.save()


def test_payout_staff_without_staff_status_need_the_second_step_too(client):
    payer = UserFactory(username="payer")
    payer.set_password(PASSWORD)
    payer.save()
    payer.groups.add(Group.objects.get(name=roles.PAYOUT_STAFF))
    log_in(client, payer)
    assert client.get("/").url.startswith(reverse("two_factor_setup"))


def test_drivers_sign_in_with_their_password_alone(client):
    driver = UserFactory(username="racer")
    driver.set_password(PASSWORD)
    driver.save()
    log_in(client, driver)
    assert client.get(reverse("leagues:me")).status_code in (200, 302)
    assert not client.get(reverse("leagues:me")).get("Location", "").startswith("/accounts/two")


def test_the_second_step_refuses_a_foreign_next_address(client, organiser):
    device = TOTPDevice.objects.create(user=organiser, name="app", confirmed=True)
    log_in(client, organiser)
    response = client.post(
        reverse("two_factor_verify"),
        {"token": current_code(device), "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response.url == reverse("admin:index")
