"""Writes of registrations: a driver registering in the browser, and file imports."""

import datetime as dt
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leagues import csvfiles, rules
from leagues.exceptions import RuleViolation
from leagues.models import (
    Country,
    Driver,
    MainArea,
    Rating,
    Registration,
    Season,
    SeasonStatus,
    SecondaryArea,
    Suspension,
)
from leagues.models.drivers import area_errors, online_id_validator
from leagues.selectors.discipline import registration_suspension_refusal
from leagues.selectors.seasons import seasons_by_label
from leagues.services.pages import changes_shared_pages
from leagues.services.ratings import record_registration_ratings
from privacy.registry import PSEUDONYM_PREFIX

NAME_LENGTH = cast(int, Registration._meta.get_field("display_name").max_length)  # a CharField


@changes_shared_pages
def register_driver(*, driver: Driver, season: Season, now: dt.datetime | None = None):
    """Register ``driver`` for ``season`` with a snapshot of their details as they are now.

    The unique constraint on (season, driver) is what stops a double
    registration, so two requests at once end with one registration and one
    clear refusal.
    """
    now = now or timezone.now()
    refusal = season.registration_refusal(now) or registration_suspension_refusal(
        driver=driver, day=now.date()
    )
    if refusal:
        raise RuleViolation(refusal)
    try:
        driver.full_clean(exclude=["user"])
    except ValidationError as error:
        raise RuleViolation(
            _("Fix your profile before registering: %(problems)s")
            % {"problems": "; ".join(error.messages)}
        ) from error
    # The newest rating at this moment, whatever the caller's copy of the driver holds.
    driver.rating = Rating.objects.filter(driver=driver).order_by("-rated_at", "-pk").first()
    registration = Registration.snapshot_of(driver, season)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise RuleViolation(
            _("%(driver)s is already registered for the %(season)s.")
            % {"driver": driver, "season": season}
        ) from None
    return registration


@changes_shared_pages
def import_registrations(text: csvfiles.Source, *, dry_run: bool = False) -> csvfiles.ImportReport:
    """Import a ``registrations.csv``: all rows or none.

    A row for an online id the site does not know creates that driver (without
    a user account; they claim it with a one-time code from the game,
    ``leagues.services.identity``). Each
    new registration's ``dr_points`` is also recorded as the driver's rating
    (source: the organiser's file, at the time of the import). A closed season
    takes no new registrations.
    Re-importing an identical registration changes nothing; a different one
    for the same driver and season is refused, because a snapshot never changes.
    """
    report = csvfiles.ImportReport()
    try:
        rows = csvfiles.read_rows(text, csvfiles.REGISTRATIONS)
    except csvfiles.HeaderError as error:
        report.refuse(str(error))
        return report
    with translation.override(settings.LANGUAGE_CODE):  # row errors stay English, like the admin
        plan = _plan_registrations(rows, report)
    if report.ok and not dry_run:
        _write_registrations(plan)
    return report


class _Plan:
    def __init__(self):
        self.new_drivers: dict[str, Driver] = {}
        self.registrations: list[Registration] = []


def _plan_registrations(rows: list[csvfiles.Row], report: csvfiles.ImportReport) -> _Plan:
    seasons = seasons_by_label()
    countries = {country.code: country for country in Country.objects.all()}
    online_ids = {row.values.get("online_id", "") for row in rows}
    mains = {
        a.code: a
        for a in MainArea.objects.filter(code__in={r.values.get("main_area") for r in rows})
    }
    secondaries = {
        a.code: a
        for a in SecondaryArea.objects.filter(
            code__in={r.values.get("secondary_area") for r in rows}
        )
    }
    drivers = {d.online_id: d for d in Driver.objects.filter(online_id__in=online_ids)}
    existing = {
        (reg.season_id, reg.driver.online_id): reg
        for reg in Registration.objects.filter(driver__online_id__in=online_ids).select_related(
            "driver"
        )
    }
    today = dt.date.today()
    suspended_until = dict(
        Suspension.objects.in_force_on(today)
        .filter(driver__online_id__in=online_ids)
        .order_by("ends_on")
        .values_list("driver__online_id", "ends_on")
    )
    plan = _Plan()
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if "__error__" in row.values:
            report.error(row.line, row.values["__error__"])
            continue
        problems = []
        season = seasons.get(row["season"])
        if season is None:
            problems.append(f"unknown season {row['season']!r}")
        elif season.status == SeasonStatus.CLOSED:
            problems.append(f"season {season.label} is closed; its registrations are final")
        online_id = row["online_id"]
        try:
            online_id_validator(online_id)
        except ValidationError:
            problems.append(f"invalid online_id {online_id!r}")
        else:
            if online_id.lower().startswith(PSEUDONYM_PREFIX) and online_id not in drivers:
                problems.append(f"online ids starting {PSEUDONYM_PREFIX!r} are deleted accounts'")
        if online_id in suspended_until:
            problems.append(f"{online_id} is suspended until {suspended_until[online_id]}")
        if (row["season"], online_id) in seen:
            problems.append(f"{online_id} appears twice for season {row['season']}")
        seen.add((row["season"], online_id))
        if not row["display_name"]:
            problems.append("display_name is empty")
        elif len(row["display_name"]) > NAME_LENGTH:
            problems.append(f"display_name is longer than {NAME_LENGTH} characters")
        country = countries.get(row["country"])
        if country is None:
            problems.append(f"unknown country {row['country']!r}")
        elif row["region"] != country.region:
            problems.append(f"{country.code} is in region {country.region}, not {row['region']!r}")
        main, secondary = mains.get(row["main_area"]), secondaries.get(row["secondary_area"])
        if main is None:
            problems.append(f"unknown main_area {row['main_area']!r}")
        if secondary is None:
            problems.append(f"unknown secondary_area {row['secondary_area']!r}")
        problems += area_errors(
            country_id=country.code if country else None, main_area=main, secondary_area=secondary
        ).values()
        dr_points = csvfiles.dr_points(row["dr_points"], problems)
        if dr_points is not None and row["league"] != rules.league_for_dr(dr_points):
            problems.append(
                f"league {row['league']!r} does not match DR {dr_points} "
                f"({rules.league_for_dr(dr_points)})"
            )
        known = drivers.get(online_id)
        if not row["birth_date"] and known is not None:
            # An exported file has no birth dates: keep the one on file.
            birth_date = known.birth_date
        else:
            birth_date = _date(row["birth_date"])
        if birth_date is None:
            problems.append(f"birth_date must be YYYY-MM-DD, not {row['birth_date']!r}")
        elif birth_date > today:
            problems.append("birth_date is in the future")
        if problems:
            report.error(row.line, "; ".join(problems))
            continue
        assert season and birth_date and dr_points is not None  # else a problem was added
        driver = drivers.get(online_id) or plan.new_drivers.get(online_id)
        if driver is None:
            driver = Driver(
                online_id=online_id,
                display_name=row["display_name"],
                birth_date=birth_date,
                country=country,
                main_area=main,
                secondary_area=secondary,
            )
            plan.new_drivers[online_id] = driver
        registration = Registration(
            season=season,
            driver=driver,
            display_name=row["display_name"],
            birth_date=birth_date,
            dr_points=dr_points,
            league=row["league"],
            region=row["region"],
            country=country,
            main_area=main,
            secondary_area=secondary,
        )
        previous = existing.get((season.pk, online_id))
        if previous is None:
            plan.registrations.append(registration)
            report.created += 1
        elif _snapshot(previous) == _snapshot(registration):
            report.unchanged += 1
        else:
            report.error(
                row.line,
                f"{online_id} is already registered for {season.label} with other details; "
                "a registration never changes",
            )
    return plan


def _write_registrations(plan: _Plan) -> None:
    with transaction.atomic():
        Driver.objects.bulk_create(plan.new_drivers.values(), batch_size=2000)
        for registration in plan.registrations:
            registration.driver_id = registration.driver.pk
        record_registration_ratings(plan.registrations, at=timezone.now())
        try:
            Registration.objects.bulk_create(plan.registrations, batch_size=2000)
        except IntegrityError as error:
            raise RuleViolation(
                "Another import registered some of these drivers at the same time; "
                "nothing was imported, try again."
            ) from error


def _snapshot(registration: Registration) -> tuple:
    return (
        registration.display_name,
        registration.birth_date,
        registration.dr_points,
        registration.league,
        registration.region,
        registration.country_id,
        registration.main_area_id,
        registration.secondary_area_id,
    )


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
