"""Factories and small builders for live-event tests."""

import datetime as dt

import factory

from leagues.models import Publication, Standing
from leagues.tests.factories import (
    CountryFactory,
    DriverFactory,
    MainAreaFactory,
    RegistrationFactory,
    SeasonFactory,
    SecondaryAreaFactory,
)
from live_events.models import EventEntry, Finalist, LiveEvent, LiveSeasonSettings, Session
from live_events.services.events import ResultLine, confirm_results, record_results


class LiveEventFactory(factory.django.DjangoModelFactory[LiveEvent]):
    class Meta:
        model = LiveEvent

    season = factory.SubFactory(SeasonFactory)
    name = factory.Sequence(lambda n: f"Live Round {n}")
    slug = factory.Sequence(lambda n: f"live-round-{n}")
    city = "Harbourtown"
    venue = "Harbour Arena"
    starts_on = dt.date(2024, 7, 1)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=1))
    kind = "round"


class SessionFactory(factory.django.DjangoModelFactory[Session]):
    class Meta:
        model = Session

    event = factory.SubFactory(LiveEventFactory)
    kind = "race"
    order = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Session {o.order}")
    laps = 10
    starts_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.event.starts_on, dt.time(10 + o.order), tzinfo=dt.UTC)
    )


def driver_in(country_code: str, region: str, **kwargs):
    """A driver of a country (created with its region) with a GT1 rating."""
    country = CountryFactory(code=country_code, region=region)
    area = SecondaryAreaFactory(main_area=MainAreaFactory(country=country))
    return DriverFactory(secondary_area=area, **kwargs)


def publish_regional_standings(season, registrations_by_region: dict[str, list]):
    """A published publication whose GT1 regional rankings list the registrations in order."""
    publication = Publication.objects.create(
        season=season, version=1, status="published", is_final=True
    )
    for region, registrations in registrations_by_region.items():
        for position, registration in enumerate(registrations, start=1):
            Standing.objects.create(
                publication=publication,
                registration=registration,
                region=region,
                league="GT1",
                tier="REGIONAL",
                scope=region,
                rank=position,
                position=position,
                season_points=1000 - position,
                all_points=1000 - position,
                best_round=300,
                rounds_counted=3,
            )
    return publication


def event_with_entrants(n: int = 4, *, kind: str = "round", races: int = 2, season=None, **kw):
    """An event with ``n`` entrants, a qualifying session and ``races`` races."""
    event = LiveEventFactory(kind=kind, season=season or SeasonFactory(), **kw)
    drivers = []
    for number in range(1, n + 1):
        driver = DriverFactory()
        EventEntry.objects.create(event=event, driver=driver, number=number)
        drivers.append(driver)
    SessionFactory(event=event, kind="qualifying", order=1, name="Qualifying")
    for race in range(1, races + 1):
        SessionFactory(event=event, kind="race", order=race + 1, name=f"Race {race}")
    return event, drivers


def team_season(season=None, *, team_size: int = 3):
    """A season whose live events are in the team format, ``team_size`` drivers a team."""
    season = season or SeasonFactory()
    LiveSeasonSettings.objects.update_or_create(
        season=season, defaults={"format": "team", "team_size": team_size}
    )
    return season


def finalists_of(season, country, n: int, *, status: str = "SELECTED") -> list:
    """``n`` new drivers of ``country``, finalists of ``season`` with ``status``."""
    drivers = []
    for _ in range(n):
        driver = DriverFactory(secondary_area__main_area__country=country)
        Finalist.objects.create(
            season=season,
            driver=driver,
            region=country.region,
            country=country,
            order=Finalist.objects.filter(season=season).count() + 1,
            status=status,
        )
        drivers.append(driver)
    return drivers


def run_session(session, order, *, base_ms=600_000, step_ms=1_000, confirm=True):
    """Record a clean sheet: ``order`` finishes in that order, ``step_ms`` apart."""
    lines = [
        ResultLine(
            driver=driver,
            finish_position=position,
            laps=session.laps,
            total_time_ms=base_ms + (position - 1) * step_ms if session.is_race else None,
            best_lap_ms=90_000 + (position - 1) * step_ms,
        )
        for position, driver in enumerate(order, start=1)
    ]
    record_results(session=session, lines=lines)
    if confirm:
        confirm_results(session=session)
    return session


__all__ = ["RegistrationFactory"]
