"""Live-event eligibility data: the minimum age per country, a season's excluded countries
and areas, each event judged on its own first day."""

import datetime as dt

import pytest

from leagues.models import Country
from leagues.selectors.eligibility import live_event_eligibility
from leagues.tests.factories import (
    DriverFactory,
    MainAreaFactory,
    RegistrationFactory,
    SeasonFactory,
    SecondaryAreaFactory,
)
from live_events.models import EventEntry, Finalist, LiveSeasonSettings
from live_events.services.events import enter_finalists
from live_events.tests.factories import LiveEventFactory

pytestmark = pytest.mark.django_db

EVENT_DAY = dt.date(2024, 9, 1)


def registered_in(code: str, *, born: dt.date, **area):
    country = Country.objects.get(code=code)
    main = MainAreaFactory(country=country, code=f"{code}-TST")
    secondary = SecondaryAreaFactory(main_area=main, code=f"{code}-TST-1")
    driver = DriverFactory(secondary_area=secondary, birth_date=born)
    return RegistrationFactory(season=SeasonFactory(), driver=driver)


def eligibility(registration, day=EVENT_DAY):
    return live_event_eligibility(
        driver=registration.driver, season=registration.season, first_day=day
    )


def test_a_twenty_year_old_from_saudi_arabia_is_under_the_series_minimum_of_21():
    saudi = registered_in("SA", born=dt.date(2004, 1, 1))
    french = registered_in("FR", born=dt.date(2004, 1, 1))

    refused = eligibility(saudi)

    assert not refused.eligible
    assert "minimum age for live events in Saudi Arabia is 21" in refused.text
    assert eligibility(french).eligible


@pytest.mark.parametrize("code", ["SA", "KW", "AE"])
def test_the_2024_terms_set_21_in_saudi_arabia_kuwait_and_the_uae(code):
    assert Country.objects.get(code=code).live_event_age == 21


def test_a_country_without_a_series_minimum_uses_its_age_of_majority():
    assert Country.objects.get(code="FR").live_event_age == 18
    assert Country.objects.get(code="KR").live_event_age == 19


def test_a_driver_in_an_excluded_area_races_online_but_not_at_live_events():
    registration = registered_in("US", born=dt.date(1990, 1, 1))
    other = RegistrationFactory(season=registration.season)
    registration.season.live_excluded_main_areas.add(registration.main_area)

    refused = eligibility(registration)

    assert not refused.eligible
    assert f"{registration.main_area.name} is excluded" in refused.text
    assert eligibility(other).eligible


def test_an_excluded_country_makes_its_drivers_ineligible():
    registration = registered_in("FR", born=dt.date(1990, 1, 1))
    registration.season.live_excluded_countries.add("FR")

    assert "France is excluded" in eligibility(registration).text


def test_the_age_is_counted_on_each_events_own_first_day():
    registration = registered_in("SA", born=dt.date(2003, 10, 1))  # 21 on 2024-10-01
    season = registration.season
    LiveSeasonSettings.objects.create(season=season, finalists_confirmed_at=dt.datetime.now(dt.UTC))
    Finalist.objects.create(
        season=season,
        driver=registration.driver,
        registration=registration,
        region=registration.region,
        country=registration.country,
        order=1,
        status="SELECTED",
    )
    montreal = LiveEventFactory(season=season, starts_on=dt.date(2024, 9, 1))
    prague = LiveEventFactory(season=season, starts_on=dt.date(2024, 10, 5))

    enter_finalists(event=montreal)
    enter_finalists(event=prague)

    assert not EventEntry.objects.filter(event=montreal).exists()
    assert EventEntry.objects.filter(event=prague, driver=registration.driver).exists()
