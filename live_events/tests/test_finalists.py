import datetime as dt

import pytest
from django.utils import translation

from leagues.exceptions import RuleViolation
from leagues.tests.factories import RegistrationFactory, SeasonFactory
from live_events.models import Finalist, LiveSeasonSettings
from live_events.services.finalists import (
    add_finalist_by_hand,
    confirm_finalists,
    decline_finalist,
    propose_finalists,
)
from live_events.tests.factories import LiveEventFactory, driver_in, publish_regional_standings

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    season = SeasonFactory()
    LiveSeasonSettings.objects.create(
        season=season, finalists=3, region_quotas={"EMEA": 2, "NA": 1}, max_per_country=1
    )
    LiveEventFactory(season=season, starts_on=dt.date(2024, 7, 1))
    return season


def register(season, country, region, **driver_kwargs):
    return RegistrationFactory(season=season, driver=driver_in(country, region, **driver_kwargs))


def statuses(season):
    return {
        f.driver.online_id: (f.status, f.seed)
        for f in Finalist.objects.filter(season=season).select_related("driver")
    }


def test_the_proposal_fills_each_region_from_the_standings_and_lists_alternates(season):
    emea = [register(season, c, "EMEA") for c in ("FR", "DE", "IT")]
    na = [register(season, c, "NA") for c in ("US", "CA")]
    publish_regional_standings(season, {"EMEA": emea, "NA": na})

    propose_finalists(season=season)

    ids = lambda regs: [r.driver.online_id for r in regs]  # noqa: E731
    result = statuses(season)
    assert [result[i] for i in ids(emea)] == [("SELECTED", 1), ("SELECTED", 2), ("ALTERNATE", 1)]
    assert [result[i] for i in ids(na)] == [("SELECTED", 1), ("ALTERNATE", 1)]


def test_an_under_age_driver_is_skipped_with_the_reason_shown(season):
    young = register(season, "US", "NA", birth_date=dt.date(2007, 1, 1))
    other = register(season, "CA", "NA")
    publish_regional_standings(season, {"NA": [young, other]})

    propose_finalists(season=season)

    skipped = Finalist.objects.get(driver=young.driver)
    assert skipped.status == "SKIPPED"
    assert "Aged 17" in skipped.reason
    assert Finalist.objects.get(driver=other.driver).status == "SELECTED"


def test_finalist_reasons_are_stored_in_english_whatever_the_organisers_language(season):
    young = register(season, "US", "NA", birth_date=dt.date(2007, 1, 1))
    publish_regional_standings(season, {"NA": [young]})

    with translation.override("fr"):
        propose_finalists(season=season)

    assert Finalist.objects.get(driver=young.driver).reason == (
        "Aged 17 on the event's first day; the age of majority in United States is 18."
    )


def test_the_country_maximum_skips_a_second_driver_of_one_nation(season):
    first, second, third = (register(season, c, "EMEA") for c in ("FR", "FR", "DE"))
    publish_regional_standings(season, {"EMEA": [first, second, third]})

    propose_finalists(season=season)

    assert Finalist.objects.get(driver=second.driver).status == "SKIPPED"
    assert "maximum per country" in Finalist.objects.get(driver=second.driver).reason
    assert Finalist.objects.get(driver=third.driver).status == "SELECTED"


def test_a_declining_finalist_lets_the_next_eligible_driver_move_up(season):
    na = [register(season, c, "NA") for c in ("US", "CA", "MX")]
    publish_regional_standings(season, {"NA": na})
    propose_finalists(season=season)

    decline_finalist(finalist=Finalist.objects.get(driver=na[0].driver), note="Exams that week")

    result = statuses(season)
    assert result[na[0].driver.online_id] == ("DECLINED", None)
    assert result[na[1].driver.online_id] == ("SELECTED", 1)
    assert result[na[2].driver.online_id] == ("ALTERNATE", 1)


def test_a_returning_champion_added_by_hand_takes_a_spot_and_pushes_the_last_to_alternate(season):
    na = [register(season, c, "NA") for c in ("US", "CA")]
    publish_regional_standings(season, {"NA": na})
    propose_finalists(season=season)
    champion = register(season, "BM", "NA")

    added = add_finalist_by_hand(
        season=season, driver=champion.driver, source="champion", note="2023 world champion"
    )

    assert (added.status, added.source) == ("SELECTED", "champion")
    assert statuses(season)[na[0].driver.online_id] == ("ALTERNATE", 1)


def test_an_ineligible_driver_added_without_an_override_note_is_refused(season):
    banned = register(season, "US", "NA", is_banned=True)

    with pytest.raises(RuleViolation, match="Banned"):
        add_finalist_by_hand(season=season, driver=banned.driver, note="Fan favourite")

    assert not Finalist.objects.exists()
    added = add_finalist_by_hand(
        season=season,
        driver=banned.driver,
        note="Fan favourite",
        eligibility_override="Ban lifted on appeal",
    )
    assert added.status == "SELECTED"


def test_a_hand_added_driver_over_the_region_quota_is_refused_and_nothing_changes(season):
    first = register(season, "US", "NA")
    add_finalist_by_hand(season=season, driver=first.driver, note="Invited")
    second = register(season, "CA", "NA")

    with pytest.raises(RuleViolation, match="NA has 1 spots"):
        add_finalist_by_hand(season=season, driver=second.driver, note="Invited too")

    assert list(Finalist.objects.values_list("driver_id", flat=True)) == [first.driver_id]


def test_without_published_standings_finalists_come_from_gt1_registrations(season):
    register(season, "US", "NA")

    proposal = propose_finalists(season=season)

    assert [f.status for f in proposal] == ["SELECTED"]


def test_a_confirmed_list_can_no_longer_change(season):
    na = [register(season, c, "NA") for c in ("US", "CA")]
    publish_regional_standings(season, {"NA": na})
    propose_finalists(season=season)

    confirmed = confirm_finalists(season=season)

    assert [f.driver_id for f in confirmed] == [na[0].driver_id]
    with pytest.raises(RuleViolation, match="confirmed"):
        decline_finalist(finalist=confirmed[0])


def test_quotas_that_exceed_the_number_of_finalists_are_refused_by_the_settings():
    settings = LiveSeasonSettings(season=SeasonFactory(), finalists=12)
    settings.region_quotas = {"NA": 3, "CSA": 2, "EMEA": 4, "ASIA": 3, "OCE": 1}
    with pytest.raises(Exception, match="add up to 13"):
        settings.full_clean()
