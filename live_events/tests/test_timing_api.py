"""The timing systems' POST of a running order, through the API as documented."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from leagues.models import RaceServer
from live_events.models import LiveTiming
from live_events.tests.factories import event_with_entrants, run_session
from tests.test_api import assert_matches

pytestmark = pytest.mark.django_db

PATH = "/live-events/{slug}/sessions/{number}/timing"


@pytest.fixture
def race():
    now = timezone.now()
    event, drivers = event_with_entrants(3, races=1, region="EMEA", slug="harbour-live")
    qualifying, race = event.sessions.order_by("order")
    qualifying.starts_at = now - dt.timedelta(hours=3)
    qualifying.save()
    run_session(qualifying, drivers)
    race.starts_at = now - dt.timedelta(minutes=3)
    race.save()
    return race, drivers


def token(region="EMEA"):
    server = RaceServer(name=f"timing-{region or 'global'}", region=region)
    secret = server.set_new_token()
    server.save()
    return secret


def body(drivers, *, seconds_ago=10, positions=None):
    sent = timezone.now() - dt.timedelta(seconds=seconds_ago)
    return {
        "sent_at": sent.isoformat(),
        "order": [
            {
                "position": position,
                "online_id": driver.online_id,
                "laps": 4,
                "gap_ms": None if position == 1 else 800 * position,
                "best_lap_ms": 91_000,
                "pit_stops": 0,
            }
            for driver, position in zip(drivers, positions or range(1, len(drivers) + 1))
        ],
    }


def post(client, race, data, secret):
    url = reverse("api:post_live_timing", args=[race.event.slug, race.order])
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return client.post(url, json.dumps(data), content_type="application/json", headers=headers)


def test_a_timing_post_is_answered_as_documented_and_updates_the_snapshot(
    client, race, django_capture_on_commit_callbacks
):
    race, drivers = race
    secret = token()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = assert_matches(post(client, race, body(drivers), secret), PATH, "post")
    assert accepted["accepted"] is True
    snapshot = client.get(reverse("live_events:timing_snapshot", args=[race.pk])).json()
    assert [row["driver"]["online_id"] for row in snapshot["order"]] == [
        d.online_id for d in drivers
    ]

    older = assert_matches(
        post(client, race, body(drivers[::-1], seconds_ago=60), secret), PATH, "post"
    )
    assert older["accepted"] is False
    assert LiveTiming.objects.get().posts == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda b: b["order"].append({**b["order"][0], "online_id": "nobody", "position": 4}),
            "Not entered",
        ),
        (lambda b: b["order"][0].update(position=7), "Positions must run from 1 to 3"),
        (lambda b: b.update(sent_at="2024-06-08T15:04:05"), "needs its zone"),
        (lambda b: b["order"][0].update(laps=-1), "laps"),
    ],
    ids=["unknown driver", "not a permutation", "naive timestamp", "negative laps"],
)
def test_a_bad_timing_post_is_refused_with_its_reason_and_changes_nothing(
    client, race, change, reason
):
    race, drivers = race
    data = body(drivers)
    change(data)
    refused = assert_matches(post(client, race, data, token()), PATH, "post")
    assert reason in refused["error"] and refused["errors"]
    assert not LiveTiming.objects.exists()


def test_a_token_of_another_region_a_missing_token_and_a_stopped_session_are_refused(client, race):
    race, drivers = race
    other = assert_matches(post(client, race, body(drivers), token("ASIA")), PATH, "post")
    assert "may only post timing of region ASIA" in other["error"]
    assert post(client, race, body(drivers), None).status_code == 401
    run_session(race, drivers)
    over = assert_matches(post(client, race, body(drivers), token("")), PATH, "post")
    assert "results are confirmed" in over["error"]
    missing = reverse("api:post_live_timing", args=[race.event.slug, 9])
    assert client.post(
        missing, "{}", content_type="application/json", headers={"Authorization": "Bearer x"}
    ).status_code in {401, 404}
    assert not LiveTiming.objects.exists()
