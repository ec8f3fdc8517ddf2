"""Finalist selection: propose from the standings, decline, add by hand, confirm."""

import datetime as dt

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from leagues.exceptions import RuleViolation
from leagues.models import Driver, League, Publication, Registration, Season, Standing, Tier
from leagues.selectors.eligibility import Exclusions, live_event_eligibility
from leagues.services.pages import changes_shared_pages
from live_events import rules
from live_events.models import (
    Finalist,
    FinalistSource,
    FinalistStatus,
    LiveEvent,
    LiveSeasonSettings,
    TeamMember,
)

STANDINGS_ORDER_BASE = 10_000


def eligibility_day(season: Season) -> dt.date:
    """The day eligibility is judged on: the first day of the season's first live event."""
    first = LiveEvent.objects.filter(season=season).order_by("starts_on").first()
    if first is None:
        raise RuleViolation(
            "Create the season's first live event before selecting finalists: "
            "eligibility is judged on its first day."
        )
    return first.starts_on


def _locked_settings(season: Season) -> LiveSeasonSettings:
    LiveSeasonSettings.objects.get_or_create(season=season)
    return LiveSeasonSettings.objects.select_for_update().get(season=season)


def _standings_rows(season: Season, quotas: dict[str, int]) -> list[dict]:
    """The best GT1 drivers of each region, best first: enough to fill quotas and alternates.

    From the published regional standings; without them (a season not yet
    published), from the GT1 registrations by their round points.
    """
    depth = {region: spots * 3 + 5 for region, spots in quotas.items() if spots}
    publication = Publication.objects.filter(
        season=season, status=Publication.Status.PUBLISHED
    ).first()
    if publication is not None:
        scope = Q()
        for region, limit in depth.items():
            scope |= Q(scope=region, position__lte=limit)
        standings = (
            Standing.objects.filter(publication=publication, league=League.GT1, tier=Tier.REGIONAL)
            .filter(scope)
            .select_related("registration__driver__country", "registration__country")
            .order_by("scope", "position")
        )
        rows = [
            {
                "registration": s.registration,
                "driver": s.registration.driver,
                "region": s.region,
                "rank": s.rank,
                "points": s.season_points,
            }
            for s in standings
        ]
        if rows:
            return rows
    registrations = (
        Registration.objects.filter(season=season, league=League.GT1, region__in=list(depth))
        .annotate(total=Sum("round_scores__points"))
        .select_related("driver__country", "country")
        .order_by("region", "-total", "driver__online_id")
    )
    rows = []
    seen: dict[str, int] = {}
    for registration in registrations:
        seen[registration.region] = seen.get(registration.region, 0) + 1
        if seen[registration.region] <= depth[registration.region]:
            rows.append(
                {
                    "registration": registration,
                    "driver": registration.driver,
                    "region": registration.region,
                    "rank": seen[registration.region],
                    "points": registration.total or 0,
                }
            )
    return rows


def _select(season, settings, rows_by_driver: dict[int, Finalist], first_day) -> None:
    """Run the selection over the given rows and write each one's outcome."""
    ordered = sorted(rows_by_driver.values(), key=lambda f: f.order)
    exclusions = Exclusions.of(season)
    candidates = []
    for finalist in ordered:
        eligibility = live_event_eligibility(
            driver=finalist.driver, season=season, first_day=first_day, exclusions=exclusions
        )
        candidates.append(
            rules.Candidate(
                key=finalist.driver_id,
                region=finalist.region,
                country=finalist.country_id,
                reasons=eligibility.site_texts,
                declined=finalist.declined,
                by_hand=finalist.by_hand,
                override=bool(finalist.eligibility_override),
            )
        )
    quotas = settings.region_quotas
    for pick in rules.select_finalists(candidates, quotas, settings.max_per_country):
        finalist = rows_by_driver[pick.key]
        finalist.status, finalist.reason, finalist.seed = pick.status, pick.reason, pick.seed
        if pick.status == FinalistStatus.SKIPPED and pick.reason.startswith(finalist.country_id):
            finalist.reason = pick.reason.replace(finalist.country_id, finalist.country.name, 1)


def _refuse_if_a_team_loses_a_driver(season: Season, rows: dict[int, Finalist]) -> None:
    """Refuse a selection in which a national team's driver is no longer a finalist."""
    leaving = [
        member
        for member in TeamMember.objects.filter(season=season).select_related(
            "driver", "team__country"
        )
        if member.driver_id not in rows or rows[member.driver_id].status != FinalistStatus.SELECTED
    ]
    if leaving:
        raise RuleViolation(
            [
                f"{member.driver.display_name} would no longer be a finalist but races in the "
                f"national team {member.team.name} ({member.team.country.name}): change the "
                "team first."
                for member in leaving
            ]
        )


def _refuse_if_confirmed(settings: LiveSeasonSettings) -> None:
    if settings.season.is_exhibition:
        raise RuleViolation(
            f"The {settings.season} is an exhibition season: it selects nobody for live events."
        )
    if settings.finalists_confirmed:
        raise RuleViolation("The finalist list is confirmed; reopen it before changing it.")


@changes_shared_pages
def propose_finalists(*, season: Season) -> list[Finalist]:
    """(Re)build the season's proposed finalist list with alternates and skipped drivers.

    Drivers added by hand and organiser decisions (declines, notes) are kept;
    the standings part follows the published standings. A change that would take a
    national team's driver out of the finalists (a decline, a driver added by hand who
    pushes them to alternate, new standings) is refused, naming the team: the organiser
    changes the team first, so that a formed team is always whole.
    """
    with transaction.atomic():
        settings = _locked_settings(season)
        _refuse_if_confirmed(settings)
        first_day = eligibility_day(season)
        existing = {
            f.driver_id: f
            for f in Finalist.objects.select_for_update()
            .filter(season=season)
            .select_related("driver__country", "country")
        }
        rows: dict[int, Finalist] = {
            key: f for key, f in existing.items() if f.by_hand or f.declined
        }
        for index, row in enumerate(_standings_rows(season, settings.region_quotas)):
            driver = row["driver"]
            finalist = existing.get(driver.pk) or Finalist(season=season, driver=driver)
            if finalist.by_hand:
                continue
            finalist.registration = row["registration"]
            finalist.region = row["region"]
            finalist.country = row["registration"].country
            finalist.regional_rank = row["rank"]
            finalist.season_points = row["points"]
            finalist.order = STANDINGS_ORDER_BASE + index
            rows[driver.pk] = finalist
        _select(season, settings, rows, first_day)
        _refuse_if_a_team_loses_a_driver(season, rows)
        Finalist.objects.filter(season=season).exclude(driver_id__in=list(rows)).delete()
        for finalist in rows.values():
            finalist.save()
        return sorted(rows.values(), key=lambda f: (f.region, f.order))


@changes_shared_pages
def decline_finalist(*, finalist: Finalist, note: str = "") -> list[Finalist]:
    """Record that a driver declined; the next eligible driver of their region moves up.

    A national team's driver is refused, naming the team: change the team first.
    """
    with transaction.atomic():
        settings = _locked_settings(finalist.season)
        _refuse_if_confirmed(settings)
        Finalist.objects.filter(pk=finalist.pk).update(
            declined=True, note=note or finalist.note or "Declined."
        )
        return propose_finalists(season=finalist.season)


@changes_shared_pages
def add_finalist_by_hand(
    *,
    season: Season,
    driver: Driver,
    source: str = FinalistSource.INVITED,
    note: str,
    eligibility_override: str = "",
) -> Finalist:
    """Invite a driver outside the standings (a returning champion, a guest); they take a
    spot of their region, so the region's last selected driver becomes an alternate."""
    note, eligibility_override = note.strip(), eligibility_override.strip()
    if source == FinalistSource.STANDINGS:
        raise RuleViolation("A hand-added driver is either invited or a returning champion.")
    if not note:
        raise RuleViolation(f"Say why {driver.display_name} is added by hand (the note).")
    with transaction.atomic():
        settings = _locked_settings(season)
        _refuse_if_confirmed(settings)
        first_day = eligibility_day(season)
        eligibility = live_event_eligibility(driver=driver, season=season, first_day=first_day)
        if not eligibility.eligible and not eligibility_override:
            raise RuleViolation(
                f"{driver.display_name} is not eligible: {' '.join(eligibility.site_texts)} "
                "Write an override note to invite them anyway."
            )
        existing = Finalist.objects.filter(season=season, driver=driver).first()
        if existing is not None and existing.by_hand:
            raise RuleViolation(f"{driver.display_name} is already on the list by hand.")
        hand_count = Finalist.objects.filter(season=season).exclude(source="standings").count()
        registration = Registration.objects.filter(season=season, driver=driver).first()
        finalist = existing or Finalist(season=season, driver=driver)
        finalist.registration = registration
        finalist.region = registration.region if registration else driver.country.region
        finalist.country = registration.country if registration else driver.country
        finalist.source, finalist.note = source, note
        finalist.eligibility_override = eligibility_override
        finalist.declined = False
        finalist.order = hand_count + 1
        finalist.status = FinalistStatus.SELECTED
        finalist.save()
        proposal = propose_finalists(season=season)
        added = next(f for f in proposal if f.driver_id == driver.pk)
        if added.status != FinalistStatus.SELECTED:
            quota = settings.region_quotas.get(added.region, 0)
            if added.status == FinalistStatus.ALTERNATE:
                raise RuleViolation(
                    f"{driver.display_name} cannot be added: {added.region} has {quota} spots "
                    "and drivers added by hand already fill them."
                )
            raise RuleViolation(f"{driver.display_name} cannot be added: {added.reason}")
        return added


@changes_shared_pages
def confirm_finalists(*, season: Season) -> list[Finalist]:
    """Freeze the proposed list: its selected drivers are the season's finalists."""
    with transaction.atomic():
        settings = _locked_settings(season)
        _refuse_if_confirmed(settings)
        selected = list(
            Finalist.objects.filter(season=season, status=FinalistStatus.SELECTED).select_related(
                "driver"
            )
        )
        if not selected:
            raise RuleViolation("There is no proposed finalist to confirm; propose the list first.")
        if len(selected) > settings.finalists:
            raise RuleViolation(
                f"{len(selected)} drivers are selected but the season has {settings.finalists} "
                "finalists."
            )
        settings.finalists_confirmed_at = timezone.now()
        settings.save(update_fields=["finalists_confirmed_at"])
        return selected


@changes_shared_pages
def reopen_finalists(*, season: Season) -> None:
    """Allow changes to a confirmed finalist list again."""
    LiveSeasonSettings.objects.filter(season=season).update(finalists_confirmed_at=None)
