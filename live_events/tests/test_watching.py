import datetime as dt

import pytest
from django.urls import reverse

from leagues.tests.factories import DriverFactory, UserFactory
from live_events.models import Broadcast, WatchReward
from live_events.services.watching import credit_watching
from live_events.tests.factories import event_with_entrants, run_session

pytestmark = pytest.mark.django_db

STREAM = "https://stream.example/harbour/fr"


@pytest.fixture
def broadcast():
    event, _ = event_with_entrants(3, races=1, slug="harbour-round")
    return Broadcast.objects.create(
        event=event, language="fr", commentators="Anne Martin", stream_url=STREAM
    )


def during(broadcast, minutes=10):
    return broadcast.event.sessions.get(order=1).starts_at + dt.timedelta(minutes=minutes)


def test_a_viewer_is_credited_the_campaign_once_per_event(broadcast):
    user = UserFactory()
    other = Broadcast.objects.create(event=broadcast.event, language="en", commentators="Jo")
    race_time = broadcast.event.sessions.get(order=2).starts_at + dt.timedelta(minutes=1)

    assert credit_watching(user=user, broadcast=broadcast, now=during(broadcast)) is True
    assert credit_watching(user=user, broadcast=broadcast, now=during(broadcast, 20)) is False
    assert credit_watching(user=user, broadcast=other, now=race_time) is False

    reward = WatchReward.objects.get()
    assert (reward.user, reward.credits, reward.language) == (user, 250_000, "fr")
    assert reward.session == broadcast.event.sessions.get(order=1)


def test_the_campaign_credits_are_set_per_event(broadcast):
    broadcast.event.watch_credits = 400_000
    broadcast.event.save()
    credit_watching(user=UserFactory(), broadcast=broadcast, now=during(broadcast))
    assert WatchReward.objects.get().credits == 400_000


@pytest.mark.parametrize(
    "offset",
    [dt.timedelta(minutes=-1), dt.timedelta(hours=2), dt.timedelta(days=3)],
    ids=["before the first session", "after the last session", "days later"],
)
def test_no_credit_outside_every_live_session(broadcast, offset):
    last = broadcast.event.sessions.order_by("order").last()
    first = broadcast.event.sessions.order_by("order").first()
    now = (first.starts_at if offset < dt.timedelta(0) else last.starts_at) + offset
    assert credit_watching(user=UserFactory(), broadcast=broadcast, now=now) is False
    assert not WatchReward.objects.exists()


def test_a_session_stops_being_live_at_its_end_or_its_confirmation(broadcast):
    qualifying = broadcast.event.sessions.get(order=1)
    qualifying.ends_at = qualifying.starts_at + dt.timedelta(minutes=30)
    qualifying.save()
    user = UserFactory()
    assert not credit_watching(user=user, broadcast=broadcast, now=during(broadcast, 31))

    qualifying.ends_at = None
    qualifying.save()
    run_session(qualifying, [e.driver for e in broadcast.event.entries.all()])
    assert not credit_watching(user=user, broadcast=broadcast, now=during(broadcast))
    assert not WatchReward.objects.exists()


def test_no_campaign_and_no_sign_in_pay_nothing(broadcast):
    from django.contrib.auth.models import AnonymousUser

    assert not credit_watching(user=AnonymousUser(), broadcast=broadcast, now=during(broadcast))
    broadcast.event.watch_credits = 0
    broadcast.event.save()
    assert not credit_watching(user=UserFactory(), broadcast=broadcast, now=during(broadcast))
    assert not WatchReward.objects.exists()


def test_the_watch_link_credits_the_viewer_and_opens_the_stream(client, broadcast, monkeypatch):
    user = UserFactory()
    client.force_login(user)
    monkeypatch.setattr("django.utils.timezone.now", lambda: during(broadcast))
    url = reverse("live_events:watch", args=[broadcast.event.slug, "fr"])

    first, second = client.post(url), client.post(url)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == STREAM
    assert WatchReward.objects.filter(user=user).count() == 1
    assert client.get(url).status_code == 405
    assert (
        client.post(reverse("live_events:watch", args=["harbour-round", "ja"])).status_code == 404
    )


def test_my_seasons_shows_watch_credits_beside_prediction_credits(client, broadcast):
    driver = DriverFactory(user=UserFactory())
    credit_watching(user=driver.user, broadcast=broadcast, now=during(broadcast))
    client.force_login(driver.user)

    page = client.get(reverse("leagues:me"))

    assert "Live-event credits" in page.text
    assert "250,000" in page.text and "for correct predictions" in page.text


def test_the_event_page_shows_its_facts_in_the_venue_s_zone_and_the_viewer_s(client, broadcast):
    event = broadcast.event
    event.time_zone = "Asia/Tokyo"
    event.equipment = "Standard rigs, direct-drive wheel base"
    event.travel = "Flights and two nights covered"
    event.audience = "Free entry, doors at 10:00"
    event.save()
    race = event.sessions.get(order=2)
    race.car = "Gr.1 prototype"
    race.save()

    page = client.get(event.get_absolute_url())

    for fact in (event.venue, event.equipment, event.travel, event.audience, race.car):
        assert fact in page.text
    assert "local time: Asia/Tokyo" in page.text
    local = race.starts_at.astimezone(event.zone)
    assert f"{local:%H:%M}" in page.text and f"{race.starts_at:%H:%M}" in page.text
    assert reverse("live_events:watch", args=[event.slug, "fr"]) in page.text
