"""The driver's season chart: points per round and the regional rank after each round."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from leagues.models import Registration
from leagues.selectors.charts import rank_history, season_chart
from leagues.selectors.rounds import driver_season
from tests.season_data import published_season

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    return published_season()[0]


def registration(online_id: str) -> Registration:
    return Registration.objects.select_related("season").get(driver__online_id=online_id)


def test_the_rank_history_follows_the_standings_order_after_each_round(season):
    # Round 1: d000 leads, d119 is last. Round 2: the last ten score most and tie on
    # season and all-round totals; the best single round splits them.
    assert rank_history(registration=registration("d000")) == {1: (1, 120), 2: (11, 120)}
    assert rank_history(registration=registration("d119")) == {1: (120, 120), 2: (1, 120)}
    assert rank_history(registration=registration("d110")) == {1: (111, 120), 2: (10, 120)}


def test_the_chart_puts_rank_one_at_the_top_and_scales_the_bars(season):
    chart = season_chart(page=driver_season(registration=registration("d119")))
    assert [bar.points for bar in chart.bars] == [881, 2119]
    assert chart.bars[1].height > chart.bars[0].height
    assert chart.bars[1].y < chart.bars[0].y
    assert [tick.value for tick in chart.point_ticks] == [0, 500, 1000, 1500, 2000, 2500]
    worst, best = chart.ranks
    assert (worst.rank, best.rank) == (120, 1)
    assert best.y == chart.top < worst.y < chart.height - chart.bottom
    assert [tick.value for tick in chart.rank_ticks] == [1, 25, 50, 75, 100, 125]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_driver_season_page_draws_the_chart_and_the_medal_on_course(client, season, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("leagues:driver_season", args=["2024", "d119"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("<svg") == 2 and "<polyline" in text
    for value in re.findall(r' (?:x|y|width|height|cx|cy)="([^"]*)"', text):
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), value
    assert re.search(r'points="(\d+\.\d,\d+\.\d ?)+"', text)
    heading = "Medal on course for" if language == "en" else "Médaille en vue"
    assert heading in text
