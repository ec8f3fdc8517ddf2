"""Exhibition seasons: ranked like any season, but nobody goes to live events and nothing
is paid unless the season has a reward table of its own."""

import datetime as dt

import pytest
from django.urls import reverse

from leagues.exceptions import RuleViolation
from leagues.models import PayoutRun, RewardPayout, RewardRate, Season
from leagues.selectors import payouts as selectors
from leagues.selectors.eligibility import live_event_eligibility
from leagues.services import payouts
from leagues.tests.factories import RegistrationFactory, SeasonFactory
from leagues.tests.test_payouts import closed_season, pay
from leagues.tests.test_payouts import staff as staff  # noqa: F401 (the fixture)
from live_events.models import Finalist, LiveSeasonSettings
from live_events.services.finalists import add_finalist_by_hand, propose_finalists
from live_events.tests.factories import LiveEventFactory, publish_regional_standings

pytestmark = pytest.mark.django_db


def exhibition(season: Season) -> Season:
    Season.objects.filter(pk=season.pk).update(kind="exhibition")
    season.refresh_from_db()
    return season


def test_an_exhibition_season_without_its_own_reward_table_pays_nothing(staff):
    season = exhibition(closed_season())

    refusal = selectors.payout_refusal(season)
    assert refusal is not None and "pays nothing" in refusal
    with pytest.raises(RuleViolation, match="pays nothing"):
        payouts.start_payout_run(season=season, user=staff)

    assert not PayoutRun.objects.exists() and not RewardPayout.objects.exists()


def test_the_reward_table_of_an_exhibition_starts_empty_and_pays_what_the_organiser_sets(staff):
    season = exhibition(closed_season(gt1=4, gt2=0))
    payouts.ensure_reward_table(season=season)
    assert set(RewardRate.objects.filter(season=season).values_list("credits", flat=True)) == {0}

    RewardRate.objects.filter(season=season, tier="REGIONAL", medal="GOLD").update(credits=1000)
    run = pay(season, staff)

    assert run.paid_credits == 1000 * season.gt1_multiplier
    assert RewardPayout.objects.filter(season=season, credits__gt=0).count() == 1


def test_an_exhibition_season_selects_nobody_for_live_events():
    season = exhibition(SeasonFactory())
    LiveSeasonSettings.objects.create(season=season, region_quotas={"EMEA": 1}, finalists=1)
    LiveEventFactory(season=season, starts_on=dt.date(2024, 7, 1))
    registration = RegistrationFactory(season=season)
    publish_regional_standings(season, {"EMEA": [registration]})

    with pytest.raises(RuleViolation, match="exhibition"):
        propose_finalists(season=season)
    with pytest.raises(RuleViolation, match="exhibition"):
        add_finalist_by_hand(season=season, driver=registration.driver, note="Guest")

    eligibility = live_event_eligibility(
        driver=registration.driver, season=season, first_day=dt.date(2024, 7, 1)
    )
    assert not eligibility.eligible and "exhibition" in eligibility.text
    assert not Finalist.objects.exists()


def test_pages_of_an_exhibition_season_say_so(client):
    season = exhibition(SeasonFactory(name="Winter Cup"))

    for url in (
        reverse("leagues:season_detail", args=[season.label]),
        reverse("leagues:season_list"),
        reverse("leagues:standings") + f"?season={season.label}",
    ):
        page = client.get(url).content.decode()
        assert "Winter Cup (exhibition)" in page, url
        assert "Exhibition: no live events" in page, url
