import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from leagues.exceptions import RuleViolation
from leagues.models import RaceServer
from live_events.models import LiveTiming, SessionResult
from live_events.rules import RunningPosition
from live_events.selectors.live import snapshot_json, snapshot_key
from live_events.services.timing import post_running_order
from live_events.tests.factories import event_with_entrants, run_session

pytestmark = pytest.mark.django_db


def server(region=""):
    """The timing server of ``region`` ("" for a server of no region)."""
    found = RaceServer.objects.filter(name=f"timing-{region or 'global'}").first()
    if found is None:
        found = RaceServer(name=f"timing-{region or 'global'}", region=region)
        found.set_new_token()
        found.save()
    return found


@pytest.fixture
def live_race():
    """A round (EMEA) whose qualifying is done and whose race, its last, started 10 min ago."""
    now = timezone.now()
    event, drivers = event_with_entrants(
        4, races=1, region="EMEA", starts_on=now.date(), ends_on=now.date()
    )
    qualifying, race = event.sessions.order_by("order")
    qualifying.starts_at = now - dt.timedelta(hours=3)
    qualifying.save()
    run_session(qualifying, drivers)
    race.starts_at = now - dt.timedelta(minutes=10)
    race.save()
    return race, drivers


def order_of(drivers, laps=5):
    return [
        RunningPosition(
            key=d.online_id,
            position=i,
            laps=laps,
            gap_ms=None if i == 1 else (i - 1) * 1500,
            best_lap_ms=90_000 + i,
            pit_stops=i % 2,
        )
        for i, d in enumerate(drivers, start=1)
    ]


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post a running order ``seconds`` into the last minute; the snapshot is published when
    the post's transaction commits."""

    minute_ago = timezone.now() - dt.timedelta(seconds=60)

    def post(race, drivers, *, seconds=0, by=None):
        sent = minute_ago + dt.timedelta(seconds=seconds)
        with django_capture_on_commit_callbacks(execute=True):
            return post_running_order(
                session=race, server=by or server("EMEA"), sent_at=sent, order=order_of(drivers)
            )

    return post


def snapshot_of(race) -> dict:
    text = snapshot_json(race.pk)
    assert text is not None
    return json.loads(text)


def shown(race):
    return [row["driver"]["online_id"] for row in snapshot_of(race)["order"]]


def test_a_timing_post_updates_the_snapshot_and_never_the_result(live_race, post):
    race, drivers = live_race
    outcome = post(race, drivers)

    assert outcome.accepted
    document = json.loads(cache.get(snapshot_key(race.pk), ""))
    assert document["provisional"] is True
    assert [row["driver"]["online_id"] for row in document["order"]] == [
        d.online_id for d in drivers
    ]
    second = document["order"][1]
    assert (second["gap"], second["best_lap"], second["pit_stops"], second["laps"]) == (
        "+1.500",
        "1:30.002",
        0,
        5,
    )
    assert second["driver"]["url"] == reverse("leagues:driver_detail", args=[drivers[1].online_id])
    assert not SessionResult.objects.filter(session=race).exists()
    race.refresh_from_db()
    assert not race.is_confirmed


def test_out_of_order_posts_by_their_own_timestamp_are_ignored(live_race, post):
    race, drivers = live_race
    reordered = drivers[::-1]
    post(race, reordered, seconds=20)

    late = post(race, drivers, seconds=10)
    same = post(race, drivers, seconds=20)

    assert not late.accepted and not same.accepted
    assert shown(race) == [d.online_id for d in reordered]
    assert LiveTiming.objects.get(session=race).posts == 1
    assert post(race, drivers, seconds=30).accepted
    assert shown(race) == [d.online_id for d in drivers]


def test_the_championship_is_shown_as_it_would_stand_if_the_race_ended_now(live_race, post):
    race, drivers = live_race
    post(race, drivers[::-1])

    standings = snapshot_of(race)["standings"]

    assert [row["driver"]["online_id"] for row in standings[:2]] == [
        drivers[3].online_id,
        drivers[2].online_id,
    ]
    assert (standings[0]["points"], standings[0]["gained"]) == (6, 6)


def refused(race, order, *, by=None, now=None, sent_at=None, match):
    with pytest.raises(RuleViolation, match=match):
        post_running_order(
            session=race,
            server=by or server("EMEA"),
            sent_at=sent_at or timezone.now(),
            order=order,
            now=now,
        )
    assert not LiveTiming.objects.exists()
    assert cache.get(snapshot_key(race.pk)) is None


def test_a_post_for_a_session_that_is_not_running_is_refused(live_race):
    race, drivers = live_race
    refused(
        race, order_of(drivers), now=race.starts_at - dt.timedelta(seconds=1), match="starts at"
    )
    refused(race, order_of(drivers), now=race.starts_at + dt.timedelta(hours=2), match="ended at")
    run_session(race, drivers)
    refused(race, order_of(drivers), match="results are confirmed")


def test_unknown_drivers_and_positions_that_are_not_a_permutation_are_refused(live_race):
    race, drivers = live_race
    stranger = RunningPosition(key="not_entered", position=5)
    refused(race, [*order_of(drivers), stranger], match="Not entered in this event: not_entered")
    gap = [RunningPosition(key=d.online_id, position=p) for d, p in zip(drivers, (1, 2, 4, 5))]
    refused(race, gap, match="Positions must run from 1 to 4")
    twice = [RunningPosition(key=drivers[0].online_id, position=p) for p in (1, 2)]
    refused(race, twice, match="Listed more than once")
    refused(race, [], match="empty")


def test_a_token_of_another_region_or_a_future_timestamp_is_refused(live_race, post):
    race, drivers = live_race
    refused(race, order_of(drivers), by=server("ASIA"), match="may only post timing of region ASIA")
    future = timezone.now() + dt.timedelta(minutes=5)
    refused(race, order_of(drivers), sent_at=future, match="in the future")
    assert post(race, drivers, by=server()).accepted


def test_viewers_read_the_snapshot_from_the_cache_with_no_query(
    client, live_race, post, django_assert_num_queries
):
    race, drivers = live_race
    post(race, drivers)
    url = reverse("live_events:timing_snapshot", args=[race.pk])

    with django_assert_num_queries(0):
        response = client.get(url)

    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json()["order"][0]["driver"]["online_id"] == drivers[0].online_id


def test_a_cache_miss_reads_the_database_once_then_the_cache(
    client, live_race, post, django_assert_num_queries
):
    race, drivers = live_race
    post(race, drivers)
    cache.clear()
    url = reverse("live_events:timing_snapshot", args=[race.pk])

    with django_assert_num_queries(1):
        assert client.get(url).json()["order"]
    with django_assert_num_queries(0):
        assert client.get(url).json()["order"]
    assert client.get(reverse("live_events:timing_snapshot", args=[999_999])).status_code == 404


def test_the_hub_shows_the_running_session_its_order_and_the_projected_championship(
    client, live_race, post
):
    race, drivers = live_race
    post(race, drivers)

    page = client.get(reverse("live_events:hub"))

    assert page.status_code == 200
    text = page.text
    assert "Live now" in text and "Provisional" in text
    assert reverse("live_events:timing_snapshot", args=[race.pk]) in text
    assert "Championship if the race ended now" in text
    for driver in drivers:
        assert reverse("leagues:driver_detail", args=[driver.online_id]) in text
    assert (
        reverse("live_events:timing_snapshot", args=[race.pk])
        in client.get(race.event.get_absolute_url()).text
    )


def test_the_hub_counts_down_to_the_next_session_and_shows_the_open_prediction(client):
    start = timezone.now() + dt.timedelta(hours=3)
    event, drivers = event_with_entrants(3, races=2, starts_on=start.date(), ends_on=start.date())
    qualifying, race1, race2 = event.sessions.order_by("order")
    qualifying.starts_at = timezone.now() - dt.timedelta(hours=4)
    qualifying.save()
    run_session(qualifying, drivers)
    race1.starts_at = timezone.now() - dt.timedelta(hours=3)
    race1.save()
    run_session(race1, drivers)
    race2.starts_at = start
    race2.save()
    from live_events.services.events import generate_grid

    generate_grid(session=race2)

    text = client.get(reverse("live_events:hub")).text

    assert "Race 2 starts in" in text and "data-countdown" in text
    assert "Predict the winner of Race 2" in text
    assert "Podium of Race 1" in text
    assert reverse("leagues:driver_detail", args=[drivers[0].online_id]) in text


def test_the_hub_without_events_says_what_comes(client):
    assert "No live event announced yet" in client.get(reverse("live_events:hub")).text
