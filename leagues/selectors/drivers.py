"""Reads about drivers: profiles, their registrations and eligibility, area lists."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from leagues import rules
from leagues.models import Driver, MainArea, PendingEmail, Registration, Season, Suspension
from leagues.selectors.discipline import registration_suspension_refusal
from leagues.selectors.eligibility import Eligibility, Exclusions, eligibility_of
from leagues.selectors.paging import KeysetPage, keyset_page

# What a page needs to say where a driver's current rating came from.
RATING_WITH_ORIGIN = ("rating__slot__round__season",)


def driver_page(online_id: str) -> Driver | None:
    """A driver's public page: nationality and current rating with its origin."""
    return (
        Driver.objects.select_related("country", *RATING_WITH_ORIGIN)
        .filter(online_id=online_id)
        .first()
    )


@dataclass(frozen=True)
class RegistrationPreview:
    """What registering now would record: the league follows the DR points."""

    season: Season
    driver: Driver
    league: str
    region: str
    refusal: str | None


def driver_for_user(user) -> Driver | None:
    if not user.is_authenticated:
        return None
    return (
        Driver.objects.select_related("country", "main_area", "secondary_area", *RATING_WITH_ORIGIN)
        .filter(user=user)
        .first()
    )


def registration_preview(
    *, driver: Driver, season: Season, now: dt.datetime
) -> RegistrationPreview:
    refusal = season.registration_refusal(now)
    if Registration.objects.filter(season=season, driver=driver).exists():
        refusal = _("You are already registered for the %(season)s.") % {"season": season}
    refusal = refusal or registration_suspension_refusal(driver=driver, day=now.date())
    return RegistrationPreview(
        season=season,
        driver=driver,
        league=rules.league_for_dr(driver.dr_points),
        region=driver.country.region,
        refusal=refusal,
    )


@dataclass(frozen=True)
class SeasonEntry:
    registration: Registration
    eligibility: Eligibility


def season_entries(
    *, driver: Driver, on: dt.date, suspension: Suspension | None
) -> list[SeasonEntry]:
    """A driver's registrations, newest season first, with live-event eligibility on ``on``
    (``suspension``: the driver's in force on ``on``, as ``suspension_on`` reads it)."""
    registrations = (
        Registration.objects.filter(driver=driver)
        .select_related("season", "country", "main_area", "secondary_area")
        .prefetch_related(*(f"season__{name}" for name in Exclusions.RELATIONS))
        .order_by("-season__year", "season__kind")
    )
    return [
        SeasonEntry(
            registration=registration,
            eligibility=eligibility_of(
                driver=driver,
                season=registration.season,
                registration=registration,
                first_day=on,
                suspension=suspension,
                exclusions=Exclusions.of(registration.season),
            ),
        )
        for registration in registrations
    ]


def driver_search(query: str = "") -> QuerySet[Driver]:
    drivers = Driver.objects.select_related("country", "rating").only(
        "online_id",
        "display_name",
        "rating__dr_points",
        "rating__rated_races",
        "rating__sr_grade",
        "is_star_player",
        "country__code",
        "country__name",
        "country__region",
    )
    if query:
        drivers = drivers.filter(online_id__istartswith=query) | drivers.filter(
            display_name__istartswith=query
        )
    return drivers.order_by("online_id")


def areas_of_country(code: str) -> list[dict]:
    """Main areas of a country with their secondary areas, for dependent select lists."""
    mains = MainArea.objects.filter(country_id=code).prefetch_related("secondary_areas")
    return [
        {
            "id": main.pk,
            "code": main.code,
            "name": main.name,
            "secondary": [
                {"id": s.pk, "code": s.code, "name": s.name} for s in main.secondary_areas.all()
            ],
        }
        for main in mains
    ]


def driver_id_page(*, query: str = "", after: str | None, limit: int) -> KeysetPage[Driver]:
    """Drivers by online id (those starting with ``query``), one keyset page."""
    drivers = Driver.objects.select_related("country", "rating")
    if query:
        drivers = drivers.filter(online_id__istartswith=query)
    return keyset_page(drivers, key="online_id", after=after, limit=limit)


@dataclass(frozen=True)
class DriverProfile:
    driver: Driver
    registrations: list[Registration]


def driver_profile(*, online_id: str) -> DriverProfile | None:
    """A driver with every registration, newest season first; None for an unknown id."""
    driver = Driver.objects.select_related("country", "rating").filter(online_id=online_id).first()
    if driver is None:
        return None
    registrations = (
        Registration.objects.filter(driver=driver)
        .select_related("season")
        .order_by("-season__year", "season__kind")
    )
    return DriverProfile(driver, list(registrations))


def season_registration(*, season: Season, online_id: str) -> Registration | None:
    return (
        Registration.objects.select_related("season", "driver")
        .filter(season=season, driver__online_id=online_id)
        .first()
    )


def pending_email(user) -> PendingEmail | None:
    """The account's address while it is unconfirmed (then it may not register)."""
    return PendingEmail.objects.filter(user_id=user.pk).first()
