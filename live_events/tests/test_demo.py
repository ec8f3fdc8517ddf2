import random

import pytest

from leagues.tests.factories import SeasonFactory
from live_events.demo import create_live_events
from live_events.models import Finalist, LiveEvent, PredictionReward
from live_events.selectors.pages import championship

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
