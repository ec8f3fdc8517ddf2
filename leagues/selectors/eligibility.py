"""Whether a driver may race a season's live events, and the wording of every reason why not
(reads only: the rules are in ``leagues.rules``)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from leagues import rules
from leagues.models import Driver, Registration, Season, Suspension
from leagues.rules import Ineligibility, IneligibilityReason
from leagues.selectors.discipline import suspension_on


def reason_text(reason: IneligibilityReason) -> str:
    """The sentence for one reason of ``rules.live_event_ineligibility``, in the active
    language. The one place these reasons are worded: pages, services and tests use it."""
    if reason.code is Ineligibility.NOT_REGISTERED:
        return _("Not registered for this season.")
    if reason.code is Ineligibility.NOT_GT1:
        return _("Registered in %(league)s; only GT1 leads to live events.") % {
            "league": reason.league
        }
    if reason.code is Ineligibility.UNDER_AGE and reason.series_minimum:
        return _(
            "Aged %(age)s on the event's first day; the minimum age for live events in "
            "%(country)s is %(minimum)s."
        ) % {"age": reason.age, "country": reason.country, "minimum": reason.age_of_majority}
    if reason.code is Ineligibility.UNDER_AGE:
        return _(
            "Aged %(age)s on the event's first day; the age of majority in %(country)s "
            "is %(age_of_majority)s."
        ) % {
            "age": reason.age,
            "country": reason.country,
            "age_of_majority": reason.age_of_majority,
        }
    if reason.code is Ineligibility.BANNED:
        return _("Banned from competition.")
    if reason.code is Ineligibility.SUSPENDED:
        return _("Suspended until %(until)s.") % {"until": reason.until}
    if reason.code is Ineligibility.EXCLUDED:
        return _("%(area)s is excluded from this season's live events.") % {"area": reason.country}
    if reason.code is Ineligibility.EXHIBITION:
        return _("An exhibition season selects nobody for live events.")
    if reason.code is Ineligibility.NO_BIRTH_DATE:
        return _("No birth date on file (the account was deleted).")
    raise ValueError(f"no wording for {reason.code}")


@dataclass(frozen=True)
class Eligibility:
    """Whether a driver may race the live events of a season, and every reason why not."""

    eligible: bool
    reasons: tuple[IneligibilityReason, ...]

    @property
    def text(self) -> str:
        """Every reason, in the visitor's language (the driver pages)."""
        return " ".join(map(reason_text, self.reasons))

    @property
    def site_texts(self) -> tuple[str, ...]:
        """Every reason in the site's language (English): what organisers read and what is
        stored with a finalist, whoever's language was active."""
        with translation.override(settings.LANGUAGE_CODE):
            return tuple(map(reason_text, self.reasons))


@dataclass(frozen=True)
class Exclusions:
    """The countries and areas (primary keys) a season excludes from its live events."""

    countries: frozenset[str]
    main_areas: frozenset[int]
    secondary_areas: frozenset[int]

    RELATIONS = (
        "live_excluded_countries",
        "live_excluded_main_areas",
        "live_excluded_secondary_areas",
    )
    """The season's relations it reads: prefetch them to judge many seasons at once."""

    @classmethod
    def of(cls, season: Season) -> "Exclusions":
        """The season's exclusions, from its prefetched relations when they are."""
        countries, main_areas, secondary_areas = (
            frozenset(row.pk for row in getattr(season, name).all()) for name in cls.RELATIONS
        )
        return cls(countries, main_areas, secondary_areas)

    def excluded(self, holder: Driver | Registration) -> str:
        """The name of ``holder``'s excluded country or area, or "" when none is."""
        if holder.country_id in self.countries:
            return holder.country.name
        if holder.main_area_id in self.main_areas:
            return holder.main_area.name
        if holder.secondary_area_id in self.secondary_areas:
            return holder.secondary_area.name
        return ""


def live_event_eligibility(
    *, driver: Driver, season: Season, first_day: dt.date, exclusions: Exclusions | None = None
) -> Eligibility:
    """May ``driver`` race a live event of ``season`` that starts on ``first_day``?

    Each event is judged on its own first day: the league is the one fixed at
    registration; the age is counted on that day against the country's minimum age for
    live events (the age of majority unless the series sets more); a suspension covering
    that day, or a country or area the season excludes (those recorded at registration),
    makes the driver ineligible. ``exclusions`` may be passed when judging many drivers.
    """
    registration = (
        Registration.objects.filter(season=season, driver=driver)
        .select_related("country", "main_area", "secondary_area")
        .first()
    )
    return eligibility_of(
        driver=driver,
        season=season,
        registration=registration,
        first_day=first_day,
        suspension=suspension_on(driver=driver, day=first_day),
        exclusions=exclusions or Exclusions.of(season),
    )


def eligibility_of(
    *,
    driver: Driver,
    season: Season,
    registration: Registration | None,
    first_day: dt.date,
    suspension: Suspension | None,
    exclusions: Exclusions,
) -> Eligibility:
    """``live_event_eligibility`` from what the caller has already read (no queries when
    ``registration`` has its country and areas loaded)."""
    country = registration.country if registration else driver.country
    reasons = rules.live_event_ineligibility(
        age=rules.age_on(driver.birth_date, first_day) if driver.birth_date else None,
        age_of_majority=country.age_of_majority,
        minimum_age=country.live_event_min_age,
        country=country.name,
        league=registration.league if registration else None,
        banned=driver.is_banned,
        suspended_until=suspension.ends_on if suspension else None,
        excluded=exclusions.excluded(registration or driver),
        exhibition=season.is_exhibition,
    )
    return Eligibility(eligible=not reasons, reasons=tuple(reasons))
