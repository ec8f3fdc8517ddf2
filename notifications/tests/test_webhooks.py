"""Outbound webhooks: signed posts to organisers' URLs, tried again, each fact announced once."""

import datetime as dt
import json
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from leagues import tasks as league_tasks
from leagues.models import Publication
from leagues.services.standings import close_round, publish_standings
from leagues.signals import standings_published
from leagues.tests.factories import RegistrationFactory, SeasonFactory, UserFactory
from live_events.tests.factories import event_with_entrants, run_session
from notifications import tasks
from notifications.forms import WebhookForm
from notifications.models import Webhook, WebhookAttempt, WebhookDelivery, WebhookEvent
from notifications.tests.receiver import receiver
from notifications.webhooks import rules, services
from privacy.retention import apply_retention
from stewarding.services.cases import open_review
from stewarding.services.decisions import decide
from stewarding.tests.lobbies import raced_lobby, steward
from tests.season_data import make_round, race

pytestmark = pytest.mark.django_db

ALL_KINDS = list(rules.KINDS)


@pytest.fixture
def loopback(settings):
    """The tests' receiver listens on http://127.0.0.1: let it through the address checks."""
    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = True
    return settings


def hook(url: str, kinds=ALL_KINDS, **kwargs) -> Webhook:
    return Webhook.objects.create(name=kwargs.pop("name", "Results"), url=url, kinds=kinds)


def published_round(season, capture, number: int = 1) -> Publication:
    """A round raced by two drivers, closed and published, its on-commit work run."""
    round_ = make_round(season, number)
    for index in range(2):
        race(RegistrationFactory(season=season), round_, 500 - index)
    with capture(execute=True):
        close_round(round=round_)
        return publish_standings(season=season)


def rewind(delivery: WebhookDelivery) -> None:
    """Time passes: the delivery's next try is due now."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


# --- rules -------------------------------------------------------------------------------


def test_a_receiver_verifies_the_signature_of_timestamp_dot_body_with_the_secret():
    body = b'{"kind":"test"}'
    signed = rules.signature("s3cret", 1_700_000_000, body)
    assert signed.startswith("sha256=") and len(signed) == 7 + 64
    assert rules.signature_matches("s3cret", 1_700_000_000, body, signed)
    assert not rules.signature_matches("s3cret", 1_700_000_001, body, signed)
    assert not rules.signature_matches("other", 1_700_000_000, body, signed)
    assert not rules.signature_matches("s3cret", 1_700_000_000, body + b" ", signed)


def test_the_back_off_doubles_from_its_base_up_to_its_cap():
    waits = [rules.backoff_seconds(n, base=30, cap=3600) for n in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=1, max_value=600))
def test_the_back_off_never_shrinks_and_never_passes_its_cap(attempts, base):
    cap = 3600
    wait = rules.backoff_seconds(attempts, base=base, cap=cap)
    assert min(base, cap) <= wait <= cap
    assert rules.backoff_seconds(attempts + 1, base=base, cap=cap) >= wait


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("93.184.215.14", None),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("0.0.0.0", "private"),
        ("100.64.0.1", "not a public"),
    ],
)
def test_only_public_internet_addresses_may_receive_webhooks(address, refused):
    why = rules.address_refusal(address, allow_loopback=False)
    assert (why or "") == "" if refused is None else refused in (why or "")


def test_the_loopback_allowance_lets_through_loopback_and_nothing_else_private():
    assert rules.address_refusal("127.0.0.1", allow_loopback=True) is None
    assert rules.address_refusal("10.0.0.1", allow_loopback=True)
    assert rules.url_refusal("http://127.0.0.1:8000/x", allow_http=False)
    assert rules.url_refusal("http://127.0.0.1:8000/x", allow_http=True) is None


def test_a_discord_message_names_the_round_links_its_page_and_can_ping_no_one():
    data = {"season": "2024 Official season", "round": 3, "track": "Suzuka", "url": "https://x/r/3"}
    body = json.loads(rules.discord_body(rules.ROUND_PUBLISHED, data))
    assert (
        body["content"]
        == "🏁 **Round 3 of 2024 Official season is published** (Suzuka)\nhttps://x/r/3"
    )
    assert body["allowed_mentions"] == {"parse": []}
    assert set(body) == {"username", "content", "allowed_mentions"}
    assert rules.is_discord("https://discord.com/api/webhooks/1/abc")
    assert not rules.is_discord("https://discord.com.evil.example/api/webhooks/1/abc")


def test_a_discord_message_stays_within_discords_limit():
    podium = [{"position": n, "driver": "x" * 900} for n in range(1, 4)]
    text = rules.discord_text(
        rules.SESSION_RESULTS_CONFIRMED, {"event": "E", "session": "S", "podium": podium}
    )
    assert len(text) == rules.DISCORD_CONTENT_MAX


# --- registering ------------------------------------------------------------------------


def form(url: str) -> WebhookForm:
    return WebhookForm(data={"name": "Results", "url": url, "kinds": [rules.ROUND_PUBLISHED]})


def test_an_https_url_of_a_public_host_is_accepted():
    assert form("https://hooks.example.com/nc").is_valid()
    assert form("https://discord.com/api/webhooks/1/abc").is_valid()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.com/nc", "must start with https://"),
        ("ftp://hooks.example.com/nc", "must start with https://"),
        ("https://127.0.0.1/nc", "loopback"),
        ("https://localhost.example.com/nc", "loopback"),
        ("https://intranet.example.com/nc", "private network"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://nowhere.example.com/nc", "cannot be found"),
        ("https://user:pw@hooks.example.com/nc", "user name or password"),
    ],
)
def test_a_url_that_is_not_https_or_reaches_a_private_address_is_a_form_error(
    fake_dns, url, message
):
    fake_dns["localhost.example.com"] = ["127.0.0.1"]
    fake_dns["intranet.example.com"] = ["93.184.215.14", "10.0.0.5"]
    webhook_form = form(url)
    assert not webhook_form.is_valid()
    assert message in " ".join(map(str, webhook_form.errors["url"]))


def test_plain_http_is_refused_even_with_the_loopback_allowance_for_a_public_host(loopback):
    webhook_form = form("http://hooks.example.com/nc")
    assert not webhook_form.is_valid()
    assert "https://" in webhook_form.errors["url"][0]


def test_the_loopback_allowance_is_off_unless_a_test_turns_it_on(settings):
    assert settings.WEBHOOK_ALLOW_LOOPBACK_HTTP is False


def test_an_organiser_registers_a_webhook_in_the_admin_and_sees_its_secret(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_webhook_add"),
        {
            "name": "Discord #results",
            "url": "https://hooks.example.com/nc",
            "kinds": ALL_KINDS,
            "active": "on",
        },
    )
    assert response.status_code == 302
    webhook = Webhook.objects.get()
    assert webhook.kinds == ALL_KINDS and len(webhook.secret) >= 40
    assert webhook.created_by is not None and webhook.created_by.is_superuser
    page = admin_client.get(reverse("admin:notifications_webhook_change", args=[webhook.pk]))
    assert webhook.secret in page.content.decode()


def test_the_admin_refuses_a_private_url_with_a_form_error_and_saves_nothing(admin_client):
    response = admin_client.post(
        reverse("admin:notifications_webhook_add"),
        {"name": "Sneaky", "url": "https://10.0.0.8/", "kinds": ALL_KINDS, "active": "on"},
    )
    assert response.status_code == 200
    assert "private network address" in response.content.decode()
    assert not Webhook.objects.exists()


# --- delivering -------------------------------------------------------------------------


def test_each_subscribed_webhook_gets_one_signed_post_of_a_published_round(
    loopback, django_capture_on_commit_callbacks
):
    season = SeasonFactory()
    with receiver() as results, receiver() as standings_only:
        told = hook(results.url, kinds=[rules.ROUND_PUBLISHED])
        hook(standings_only.url, kinds=[rules.STANDINGS_PUBLISHED], name="Standings")
        hook(results.url, kinds=[rules.DECISION_PUBLISHED], name="Decisions only")
        publication = published_round(season, django_capture_on_commit_callbacks)
    assert len(results.posts) == 1 and len(standings_only.posts) == 1
    post = results.posts[0]
    timestamp = int(post.headers["X-Nationscup-Timestamp"])
    assert abs(time.time() - timestamp) < 60
    assert rules.signature_matches(
        told.secret, timestamp, post.body, post.headers["X-Nationscup-Signature"]
    )
    body = json.loads(post.body)
    event = WebhookEvent.objects.get(kind=rules.ROUND_PUBLISHED)
    assert post.headers["X-Nationscup-Event"] == "round.published"
    assert post.headers["X-Nationscup-Event-Id"] == body["id"] == str(event.uid)
    assert post.headers["Content-Type"] == "application/json"
    assert body["kind"] == "round.published"
    assert body["data"]["round"] == 1 and body["data"]["season_label"] == season.label
    assert body["data"]["url"].endswith(f"/seasons/{season.label}/rounds/1/")
    standings = json.loads(standings_only.posts[0].body)
    assert standings["data"]["version"] == publication.version
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_discord_webhook_gets_discords_message_shape_signed_like_any_other(fake_dns):
    webhook = hook("https://discord.com/api/webhooks/1/abc", kinds=[rules.ROUND_PUBLISHED])
    event = WebhookEvent.objects.create(
        kind=rules.ROUND_PUBLISHED,
        key="round-x",
        payload={"season": "2024", "round": 2, "track": "Monza", "url": "https://nc/r/2"},
    )
    delivery = WebhookDelivery.objects.create(event=event, webhook=webhook)
    body, headers = services.request_for(delivery, timestamp=1_700_000_000)
    assert json.loads(body)["content"].startswith("🏁 **Round 2 of 2024 is published** (Monza)")
    assert rules.signature_matches(
        webhook.secret, 1_700_000_000, body, headers["X-Nationscup-Signature"]
    )


def test_a_delivery_answered_500_is_tried_again_after_the_back_off_and_then_succeeds(
    loopback, django_capture_on_commit_callbacks
):
    with receiver(statuses=[500, 200]) as endpoint:
        hook(endpoint.url)
        with django_capture_on_commit_callbacks(execute=True):
            services.send_test_event(webhook=Webhook.objects.get())
        delivery = WebhookDelivery.objects.get()
        first = delivery.tries.get()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            "pending",
            1,
            500,
        )
        assert delivery.last_error == "HTTP 500"
        assert delivery.next_attempt_at - first.at == dt.timedelta(seconds=30)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.retry_due() == 0, "not due before the back-off"
        rewind(delivery)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.retry_due() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 2, 200)
    assert list(delivery.tries.values_list("number", "status_code")) == [(1, 500), (2, 200)]
    assert [json.loads(p.body)["id"] for p in endpoint.posts] == [str(delivery.event.uid)] * 2
    assert endpoint.posts[0].headers["X-Nationscup-Event"] == "test"


def test_a_delivery_gives_up_after_the_most_attempts_allowed(loopback, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    with receiver(statuses=[503]) as endpoint:
        delivery = services.send_test_event(webhook=hook(endpoint.url))
        for _ in range(5):
            rewind(delivery)
            tasks.deliver_webhook.delay(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert len(endpoint.posts) == 3 and WebhookAttempt.objects.count() == 3
    assert services.retry_due() == 0


def test_a_refusal_that_cannot_get_better_is_not_tried_again(loopback):
    with receiver(statuses=[404]) as endpoint:
        delivery = services.send_test_event(webhook=hook(endpoint.url))
        tasks.deliver_webhook.delay(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 1, 404)


def test_an_address_that_became_private_is_refused_at_posting_time_and_recorded(fake_dns):
    delivery = services.send_test_event(webhook=hook("https://hooks.example.com/nc"))
    fake_dns["hooks.example.com"] = ["10.9.8.7"]
    tasks.deliver_webhook.delay(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.last_status_code is None
    assert "private network address" in delivery.last_error


def test_the_same_signal_sent_twice_announces_one_event_with_one_delivery_per_webhook(
    loopback, django_capture_on_commit_callbacks
):
    season = SeasonFactory()
    with receiver() as first, receiver() as second:
        hook(first.url, kinds=[rules.STANDINGS_PUBLISHED])
        hook(second.url, kinds=[rules.STANDINGS_PUBLISHED], name="Other")
        publication = published_round(season, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            standings_published.send(sender=Publication, publication=publication)
            tasks.announce_publication.delay(publication.pk)
    assert WebhookEvent.objects.filter(kind=rules.STANDINGS_PUBLISHED).count() == 1
    assert WebhookDelivery.objects.count() == 2
    assert (len(first.posts), len(second.posts)) == (1, 1)


def test_a_republished_round_is_announced_once_and_each_publication_once(
    loopback, django_capture_on_commit_callbacks
):
    season = SeasonFactory()
    with receiver() as endpoint:
        hook(endpoint.url)
        published_round(season, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            publish_standings(season=season)  # after a decision, say: same round, new version
    kinds = [p.headers["X-Nationscup-Event"] for p in endpoint.posts]
    assert sorted(kinds) == ["round.published", "standings.published", "standings.published"]


def test_a_delivery_task_run_twice_posts_once(loopback):
    with receiver() as endpoint:
        delivery = services.send_test_event(webhook=hook(endpoint.url))
        assert tasks.deliver_webhook.delay(delivery.pk).get() == "delivered"
        rewind(delivery)
        assert tasks.deliver_webhook.delay(delivery.pk).get() is None
    assert len(endpoint.posts) == 1 and WebhookAttempt.objects.count() == 1


def test_a_delivery_claimed_by_one_worker_is_not_posted_by_another(loopback):
    with receiver() as endpoint:
        delivery = services.send_test_event(webhook=hook(endpoint.url))
        assert services._claim(delivery.pk, timezone.now())
        assert services.deliver(delivery_id=delivery.pk) is None
    assert endpoint.posts == []


def test_a_slow_endpoint_does_not_hold_up_the_round_close_job(
    loopback, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT = 0.3
    season = SeasonFactory()
    round_ = make_round(season, 1)
    race(RegistrationFactory(season=season), round_, 500)
    with receiver(delay=3) as endpoint:
        hook(endpoint.url, kinds=[rules.ROUND_PUBLISHED])
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            league_tasks.close_round.delay(round_.pk)
        elapsed = time.monotonic() - started
    assert elapsed < 2, f"the close took {elapsed:.1f} s behind a 3 s endpoint"
    assert season.publications.get().status == Publication.Status.PUBLISHED
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending" and delivery.last_error == "No answer within 0.3 s"
    assert len(endpoint.posts) == 1


def test_a_switched_off_webhook_is_told_nothing_new_and_its_queued_delivery_is_dropped(loopback):
    with receiver() as endpoint:
        webhook = hook(endpoint.url)
        delivery = services.send_test_event(webhook=webhook)
        Webhook.objects.update(active=False)
        tasks.deliver_webhook.delay(delivery.pk)
        assert services.announce(kind=rules.ROUND_PUBLISHED, key="round-1", data={}) is None
    delivery.refresh_from_db()
    assert delivery.status == "failed" and endpoint.posts == []


# --- the other kinds --------------------------------------------------------------------


def test_confirmed_live_session_results_are_announced_once_with_the_podium(
    loopback, django_capture_on_commit_callbacks
):
    event, drivers = event_with_entrants(4, races=1)
    qualifying = event.sessions.get(order=1)
    with receiver() as endpoint:
        hook(endpoint.url, kinds=[rules.SESSION_RESULTS_CONFIRMED])
        with django_capture_on_commit_callbacks(execute=True):
            run_session(qualifying, drivers)
        with django_capture_on_commit_callbacks(execute=True):
            run_session(qualifying, drivers)  # confirmed again: already confirmed, no signal
    assert len(endpoint.posts) == 1
    data = json.loads(endpoint.posts[0].body)["data"]
    assert data["session"] == "Qualifying" and data["event"] == event.name
    assert [row["driver"] for row in data["podium"]] == [d.display_name for d in drivers[:3]]


def test_a_stewards_decision_is_announced_without_naming_anyone(
    loopback, django_capture_on_commit_callbacks
):
    raced = raced_lobby()
    case = open_review(
        steward=steward("opener"),
        lobby=raced.lobby,
        accused=raced.drivers[0],
        lap=1,
        description="x",
    )
    with receiver() as endpoint:
        hook(endpoint.url, kinds=[rules.DECISION_PUBLISHED])
        with django_capture_on_commit_callbacks(execute=True):
            decide(steward=steward("s1"), case=case, kind="penalty", places=2, reason="Contact.")
    [post] = endpoint.posts
    data = json.loads(post.body)["data"]
    assert data["decision"] == "Position penalty (2 places)" and data["round"] == 1
    assert raced.drivers[0].display_name not in post.body.decode()


# --- admin and retention ----------------------------------------------------------------


def test_the_admin_list_shows_each_webhooks_deliveries_and_sends_a_test_event(
    loopback, admin_client, django_capture_on_commit_callbacks
):
    with receiver(statuses=[200, 500]) as endpoint:
        webhook = hook(endpoint.url)
        url = reverse("admin:notifications_webhook_changelist")
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                url, {"action": "send_test_event_action", "_selected_action": [webhook.pk]}
            )
            admin_client.post(
                url, {"action": "send_test_event_action", "_selected_action": [webhook.pk]}
            )
    assert response.status_code == 302 and len(endpoint.posts) == 2
    page = admin_client.get(url).content.decode()
    assert '<td class="field-delivered">1</td>' in page
    assert '<td class="field-pending">1</td>' in page
    change = admin_client.get(reverse("admin:notifications_webhook_change", args=[webhook.pk]))
    assert "HTTP 500" in change.content.decode()


def test_retention_forgets_old_events_but_not_one_still_being_tried(loopback):
    webhook = hook("https://hooks.example.com/nc")
    old_done = services.send_test_event(webhook=webhook)
    old_pending = services.send_test_event(webhook=webhook)
    recent = services.send_test_event(webhook=webhook)
    WebhookDelivery.objects.filter(pk=old_done.pk).update(status="delivered")
    long_ago = timezone.now() - dt.timedelta(days=31)
    WebhookEvent.objects.exclude(pk=recent.event_id).update(created_at=long_ago)
    assert apply_retention()["webhook_events"] == 1
    assert set(WebhookDelivery.objects.values_list("pk", flat=True)) == {old_pending.pk, recent.pk}


def test_the_retry_sweep_runs_every_minute_in_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["retry-webhooks"]
    assert entry == {"task": tasks.retry_due_webhooks.name, "schedule": 60.0}


def test_an_organiser_may_register_webhooks_but_only_read_deliveries(client):
    from django.contrib.auth.models import Group

    from leagues import roles

    organiser = UserFactory(is_staff=True)
    organiser.groups.add(Group.objects.get(name=roles.ORGANISER))
    client.force_login(organiser)
    assert client.get(reverse("admin:notifications_webhook_add")).status_code == 200
    assert client.get(reverse("admin:notifications_webhookdelivery_changelist")).status_code == 200
    assert client.get(reverse("admin:notifications_webhookdelivery_add")).status_code == 403
