import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from leagues import rules
from leagues.demo import online
from leagues.models import (
    Publication,
    Rating,
    Registration,
    RewardPayout,
    Round,
    Season,
    Suspension,
)

pytestmark = pytest.mark.django_db


def test_the_demo_has_drivers_in_every_region_and_league_and_a_season_in_progress(monkeypatch):
    monkeypatch.setattr(online, "DRIVERS", 900)
    call_command("load_demo", stdout=io.StringIO())
    team_season, past, current = Season.objects.filter(kind="official").order_by("year")
    assert past.year == 2024 and current.status == "running"
    assert_the_team_season_is_closed_paid_and_raced(team_season)
    for season in (past, current):
        pairs = set(Registration.objects.filter(season=season).values_list("region", "league"))
        assert pairs == {(r, lg) for r in rules.REGIONS for lg in rules.LEAGUES}
    assert not Round.objects.filter(season=past, status="scheduled").exists()
    assert Round.objects.filter(season=current, status="closed").count() == 3
    assert Publication.objects.filter(status="published", season__kind="official").count() == 3
    exhibition = Season.objects.get(kind="exhibition")
    assert past.year < exhibition.year < current.year and exhibition.status == "closed"
    assert "exhibition" in str(exhibition).lower()
    assert not RewardPayout.objects.filter(season=exhibition).exists()
    assert Suspension.objects.in_force_on(timezone.localdate()).count() == 1
    sources = set(Rating.objects.values_list("source", flat=True))
    assert {"result", "feed"} <= sources
    assert_the_stewards_have_work(current)
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "already loaded" in out.getvalue()


def assert_the_team_season_is_closed_paid_and_raced(season):
    """2023: four full national teams race three rounds and the World Finals; a nation's title."""
    from live_events.models import LiveEvent
    from live_events.selectors.history import live_hall_of_fame
    from live_events.selectors.pages import championship

    assert season.year == 2023 and season.status == "closed"
    assert RewardPayout.objects.filter(season=season).exists()
    assert season.live_settings.is_team
    teams = list(season.national_teams.prefetch_related("members__driver"))
    assert len(teams) == 4
    for team in teams:
        assert {m.driver.country_id for m in team.members.all()} == {team.country_id}
        assert team.members.count() == 3
    events = LiveEvent.objects.filter(season=season)
    assert list(events.values_list("city", flat=True)) == [
        "Barcelona",
        "Seoul",
        "Chicago",
        "Monaco",
    ]
    table = championship(season)
    assert [row.rank for row in table.final_team_rows][:1] == [1]
    titles = [t for t in live_hall_of_fame().team_titles if t.season == season]
    assert [t.team for t in titles] == [table.final_team_rows[0].team]


def assert_the_stewards_have_work(season):
    """Protests in several states, a DSQ and a position penalty, a driver near the limit."""
    from stewarding.models import Case, Decision
    from stewarding.selectors.cases import licence_of

    states = set(Case.objects.filter(round__season=season).values_list("kind", "status"))
    assert {("protest", "open"), ("protest", "decided"), ("review", "open")} <= states
    kinds = set(Decision.objects.values_list("kind", flat=True))
    assert {"dsq", "penalty", "none", "warning"} <= kinds
    dsq = Decision.objects.get(kind="dsq")
    assert dsq.case.accused.results.get(lobby=dsq.case.lobby).points == 0
    near = Decision.objects.filter(kind="warning").first()
    assert near is not None
    points = licence_of(driver=near.case.accused.driver, now=timezone.now()).points
    assert points == 10
