"""Writes of an event: entrants, timing sheets, stewards' decisions, grids, confirmation."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from leagues.exceptions import RuleViolation
from leagues.models import Driver
from leagues.selectors.eligibility import Exclusions, live_event_eligibility
from leagues.services.pages import changes_shared_pages
from live_events import rules
from live_events.models import (
    EventEntry,
    Finalist,
    FinalistStatus,
    GridSlot,
    LiveEvent,
    LiveSeasonSettings,
    Session,
    SessionKind,
    SessionResult,
    StewardDecision,
    TeamMember,
)
from live_events.selectors.common import classification, previous_session
from live_events.selectors.teams import complete_teams
from live_events.services.predictions import score_predictions
from live_events.signals import session_results_confirmed

TEMPORARY_POSITION = 10_000


@changes_shared_pages
def enter_finalists(*, event: LiveEvent) -> list[EventEntry]:
    """Enter the season's confirmed finalists in an event (numbers by selection order).

    In a team-format season only the drivers of its complete national teams race: a
    finalist in no team is not entered, and a season without a complete team is refused.
    Eligibility is judged again on this event's own first day: a finalist who is not
    eligible that day (under age, suspended ...) is not entered, unless the organiser
    wrote an override when inviting them.
    """
    settings = LiveSeasonSettings.objects.filter(
        season_id=event.season_id, finalists_confirmed_at__isnull=False
    ).first()
    if settings is None:
        raise RuleViolation("Confirm the season's finalist list before entering it in an event.")
    finalists = (
        Finalist.objects.filter(season=event.season, status=FinalistStatus.SELECTED)
        .select_related("driver__country", "country")
        .order_by("region", "order")
    )
    if settings.is_team:
        members = TeamMember.objects.filter(
            team__in=complete_teams(season=event.season, size=settings.team_size)
        )
        if not members.exists():
            raise RuleViolation(
                f"The {event.season} races in national teams of {settings.team_size} and has "
                "no complete team yet: form the teams before entering them in an event."
            )
        finalists = finalists.filter(driver__in=members.values("driver_id"))
    exclusions = Exclusions.of(event.season)
    with transaction.atomic():
        taken = set(event.entries.values_list("driver_id", flat=True))
        next_number = max(event.entries.values_list("number", flat=True), default=0) + 1
        new = []
        for finalist in finalists:
            if finalist.driver_id in taken:
                continue
            eligibility = live_event_eligibility(
                driver=finalist.driver,
                season=event.season,
                first_day=event.starts_on,
                exclusions=exclusions,
            )
            if not eligibility.eligible and not finalist.eligibility_override:
                continue
            new.append(EventEntry(event=event, driver_id=finalist.driver_id, number=next_number))
            next_number += 1
        EventEntry.objects.bulk_create(new)
        return list(event.entries.select_related("driver"))


@dataclass(frozen=True)
class ResultLine:
    """A line of a timing sheet as an organiser enters it."""

    driver: Driver
    finish_position: int
    status: str = "FIN"
    laps: int = 0
    total_time_ms: int | None = None
    best_lap_ms: int | None = None


def sheet_errors(session: Session, lines) -> list[str]:
    """Every reason a timing sheet for ``session`` cannot be accepted."""
    entrants = set(session.event.entries.values_list("driver_id", flat=True))
    qualifying = not session.is_race
    timings = [
        rules.Timing(
            key=line.driver.pk,
            finish_position=line.finish_position,
            status=line.status,
            laps=0 if qualifying else line.laps,
            time_ms=line.best_lap_ms if qualifying else line.total_time_ms,
            label=line.driver.display_name,
        )
        for line in lines
    ]
    return rules.timing_sheet_errors(timings, entrants)


@changes_shared_pages
def record_results(*, session: Session, lines: list[ResultLine]) -> list[SessionResult]:
    """Replace a session's timing sheet; refused whole if any line is wrong."""
    if session.is_confirmed:
        raise RuleViolation(
            f"The results of {session} are confirmed; stewards' decisions can still be added."
        )
    errors = sheet_errors(session, lines)
    if errors:
        raise RuleViolation(errors)
    with transaction.atomic():
        session.results.all().delete()
        return SessionResult.objects.bulk_create(
            SessionResult(
                event_id=session.event_id,
                session=session,
                driver=line.driver,
                finish_position=line.finish_position,
                status=line.status,
                laps=line.laps,
                total_time_ms=line.total_time_ms,
                best_lap_ms=line.best_lap_ms,
            )
            for line in lines
        )


@changes_shared_pages
def add_steward_decision(
    *, session: Session, driver: Driver, kind: str, note: str, seconds: int = 0
) -> StewardDecision:
    """Record a stewards' decision; the classification, points and predictions follow it."""
    if not note.strip():
        raise RuleViolation("A stewards' decision is published with its reasons (the note).")
    if kind == StewardDecision.Kind.TIME_PENALTY and seconds <= 0:
        raise RuleViolation("A time penalty needs a number of seconds.")
    if not session.results.filter(driver=driver).exists():
        raise RuleViolation(f"{driver.display_name} has no result in {session}.")
    with transaction.atomic():
        decision = StewardDecision.objects.create(
            event_id=session.event_id,
            session=session,
            driver=driver,
            kind=kind,
            seconds=seconds if kind == StewardDecision.Kind.TIME_PENALTY else 0,
            note=note.strip(),
        )
        session.refresh_from_db(fields=["results_confirmed_at"])
        if session.is_confirmed:
            score_predictions(session=session)
        return decision


@changes_shared_pages
def confirm_results(*, session: Session) -> Session:
    """Make a session's classification official and score its predictions (idempotent)."""
    with transaction.atomic():
        session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
        if not session.results.exists():
            raise RuleViolation(f"{session} has no results to confirm.")
        if session.results_confirmed_at is None:
            session.results_confirmed_at = timezone.now()
            session.save(update_fields=["results_confirmed_at"])
            transaction.on_commit(
                lambda: session_results_confirmed.send(sender=Session, session=session)
            )
        score_predictions(session=session)
        return session


def generate_grid(*, session: Session) -> list[GridSlot]:
    """A race's grid from the previous session's classification (qualifying for race 1)."""
    if not session.is_race:
        raise RuleViolation("Only races have a grid; qualifying sets race 1's.")
    before = previous_session(session)
    if before is None or not before.is_confirmed:
        name = before.name if before else "a qualifying session"
        raise RuleViolation(
            f"Confirm the results of {name} before generating {session.name}'s grid."
        )
    entrants = list(session.event.entries.order_by("number").values_list("driver_id", flat=True))
    order = rules.derive_grid([row.driver.pk for row in classification(before)], entrants)
    with transaction.atomic():
        if session.grid.exists():
            raise RuleViolation(f"{session} already has a grid; change it with a reason instead.")
        return GridSlot.objects.bulk_create(
            GridSlot(session=session, driver_id=key, position=index, generated_position=index)
            for index, key in enumerate(order, start=1)
        )


def generate_next_grid(*, event: LiveEvent) -> Session:
    """Generate the grid of the event's first race that has none yet."""
    for session in event.sessions.filter(kind=SessionKind.RACE).order_by("order"):
        if not session.grid.exists():
            generate_grid(session=session)
            return session
    raise RuleViolation(f"Every race of {event} already has its grid.")


def _save_grid(session: Session, order: list[int], reasons: dict[int, str]) -> list[GridSlot]:
    slots = {
        slot.driver_id: slot
        for slot in session.grid.select_for_update().select_related("driver").order_by("pk")
    }
    # Park every slot on its own far position first: swapped positions never collide with
    # the unique constraint, which is checked row by row.
    for offset, slot in enumerate(slots.values()):
        slot.position = TEMPORARY_POSITION + offset
    GridSlot.objects.bulk_update(slots.values(), ["position"])
    for index, key in enumerate(order, start=1):
        slot = slots[key]
        slot.position = index
        if key in reasons:
            slot.reason = reasons[key]
        if index == slot.generated_position and key not in reasons:
            slot.reason = ""
    GridSlot.objects.bulk_update(slots.values(), ["position", "reason"])
    return sorted(slots.values(), key=lambda s: s.position)


def move_on_grid(*, session: Session, driver: Driver, position: int, reason: str) -> list[GridSlot]:
    """Move a driver on a generated grid (e.g. a grid penalty); the reason is recorded and the
    drivers who shift because of it are marked too."""
    reason = reason.strip()
    if not reason:
        raise RuleViolation("A change to a generated grid needs a reason (e.g. a grid penalty).")
    if session.is_confirmed:
        raise RuleViolation(f"{session} is over; its grid can no longer change.")
    with transaction.atomic():
        grid = list(session.grid.order_by("position").values_list("driver_id", flat=True))
        if driver.pk not in grid:
            raise RuleViolation(f"{driver.display_name} is not on the grid of {session}.")
        order = rules.move_on_grid(grid, driver.pk, position)
        reasons = {driver.pk: reason}
        for index, key in enumerate(order, start=1):
            if key != driver.pk and grid.index(key) + 1 != index:
                reasons[key] = f"Moved by {driver.display_name}'s change: {reason}"
        return _save_grid(session, order, reasons)


def grid_penalty(*, session: Session, driver: Driver, places: int, reason: str) -> list[GridSlot]:
    """Drop a driver ``places`` places on the grid, with the stewards' reason."""
    if places < 1:
        raise RuleViolation("A grid penalty drops a driver at least one place.")
    current = session.grid.filter(driver=driver).values_list("position", flat=True).first()
    if current is None:
        raise RuleViolation(f"{driver.display_name} is not on the grid of {session}.")
    return move_on_grid(session=session, driver=driver, position=current + places, reason=reason)


def set_grid(*, session: Session, positions: dict[int, tuple[int, str]]) -> list[GridSlot]:
    """Save an edited grid (driver id -> (position, reason)), as the admin does.

    Positions must run 1..n and every driver off their generated position
    must carry a reason.
    """
    slots = {slot.driver_id: slot for slot in session.grid.all()}
    errors = grid_errors(slots, positions)
    if errors:
        raise RuleViolation(errors)
    order = sorted(positions, key=lambda key: positions[key][0])
    with transaction.atomic():
        return _save_grid(session, order, {key: reason for key, (_, reason) in positions.items()})


def grid_errors(slots: dict[int, GridSlot], positions: dict[int, tuple[int, str]]) -> list[str]:
    errors = []
    if set(positions) != set(slots):
        errors.append("A grid edit must place every driver of the grid.")
    numbers = sorted(position for position, _ in positions.values())
    if numbers != list(range(1, len(positions) + 1)):
        errors.append(f"Grid positions must run from 1 to {len(positions)}, once each.")
    for key, (position, reason) in positions.items():
        slot = slots.get(key)
        if slot is not None and position != slot.generated_position and not reason.strip():
            errors.append(
                f"{slot.driver.display_name} is moved from P{slot.generated_position} to "
                f"P{position}: give the reason."
            )
    return errors
