import datetime as dt
import random

import pytest
from django.utils import timezone

from leagues.tests.factories import RegistrationFactory, SeasonFactory
from live_events.demo import create_live_day, create_live_events, timing_feed
from live_events.models import Finalist, LiveEvent, Prediction, PredictionReward
from live_events.selectors.live import open_prediction, running_session
from live_events.selectors.pages import championship
from live_events.services.timing import post_running_order

pytestmark = pytest.mark.django_db


def test_the_demo_runs_three_rounds_and_the_world_final_with_twelve_finalists():
    season = SeasonFactory(status="closed")
    lines: list[str] = []

    create_live_events(rng=random.Random(2024), log=lines.append)

    assert list(LiveEvent.objects.values_list("city", flat=True)) == [
        "Montréal",
        "Prague",
        "Tokyo",
        "Amsterdam",
    ]
    assert Finalist.objects.filter(season=season, status="SELECTED").count() == 12
    table = championship(season)
    assert len(table.rows) == 12
    assert sum(row.total for row in table.rows) == 3 * 21
    assert table.final_rows[0].total > 0
    assert PredictionReward.objects.exists() or lines


def test_the_demo_leaves_existing_live_events_alone():
    SeasonFactory()
    create_live_events(rng=random.Random(1), log=print)
    lines: list[str] = []
    create_live_events(rng=random.Random(1), log=lines.append)
    assert lines == ["live events: already present; left as they are."]


def test_the_live_day_has_a_race_running_an_open_prediction_and_a_watch_campaign():
    season = SeasonFactory(status="running")
    for _ in range(12):
        RegistrationFactory(season=season, league="GT1")
    lines: list[str] = []

    create_live_day(rng=random.Random(2024), log=lines.append)

    now = timezone.now()
    lisbon = LiveEvent.objects.get(slug="lisbon-live")
    running = running_session(lisbon, now)
    assert running is not None and running.name == "Race 2"
    assert lisbon.watch_credits == 250_000 and lisbon.broadcasts.exclude(stream_url="").exists()
    assert lisbon.equipment and lisbon.travel and lisbon.audience
    prediction = open_prediction(now)
    assert prediction is not None
    assert prediction.event.slug == "mexico-city-live" and prediction.grid.exists()
    assert Prediction.objects.filter(session=prediction).exists()


def test_the_replayed_feed_moves_the_live_day_to_now_and_posts_valid_orders():
    season = SeasonFactory(status="running")
    for _ in range(12):
        RegistrationFactory(season=season, league="GT1")
    create_live_day(rng=random.Random(2024), log=print)
    later = timezone.now() + dt.timedelta(days=3)

    race, server, _token, orders = timing_feed(now=later)

    assert race.is_live_at(later)
    outcomes = [
        post_running_order(
            session=race,
            server=server,
            sent_at=later + dt.timedelta(seconds=s),
            order=next(orders),
            now=later + dt.timedelta(seconds=s),
        )
        for s in range(3)
    ]
    assert all(outcome.accepted for outcome in outcomes)
