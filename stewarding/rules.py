"""The rulebook's "Stewarding of online races" as pure functions (no ORM, no Django).

A lobby's classification after decisions is always recomputed from the
finishing order and every decision of the lobby, in the order they were
made: the same inputs give the same classification, however often it runs.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DESCRIPTION_MAX = 2000
LICENCE_POINTS_MAX = 10  # per decision
# Defaults of the rulebook.
PROTEST_WINDOW_HOURS = 24
LICENCE_POINTS_MONTHS = 12
LICENCE_POINT_LIMIT = 12
SUSPENSION_DAYS = 30

NO_ACTION = "none"
WARNING = "warning"
POSITION_PENALTY = "penalty"
DISQUALIFICATION = "dsq"
DECISION_KINDS = (NO_ACTION, WARNING, POSITION_PENALTY, DISQUALIFICATION)

CLASSIFIED = "FIN"


@dataclass(frozen=True)
class Place:
    """One driver's place in a lobby: ``entrant`` is their registration id."""

    entrant: int
    position: int
    status: str


@dataclass(frozen=True)
class Ruling:
    """A decision as the classification sees it: who, what, and how many places."""

    entrant: int
    kind: str
    places: int = 0


def classification_after(
    finishing_order: Sequence[Place], rulings: Iterable[Ruling]
) -> list[Place]:
    """The lobby's classification once ``rulings`` apply, in order, to the finishing order.

    - no action and a warning change nothing;
    - a position penalty of N drops the driver N places, those behind move up one
      each, and never past the last classified (FIN) place: a driver behind it
      already (DNF, DSQ) stays where they are;
    - a disqualification moves the driver behind everyone with status DSQ, and
      those behind move up one each (their points follow their new places).

    Positions are renumbered 1..n; a ruling on someone not in the lobby is ignored.
    """
    order = [(p.entrant, p.status) for p in sorted(finishing_order, key=lambda p: p.position)]
    for ruling in rulings:
        index = next((i for i, (who, _) in enumerate(order) if who == ruling.entrant), None)
        if index is None or ruling.kind not in (POSITION_PENALTY, DISQUALIFICATION):
            continue
        entrant, status = order.pop(index)
        if ruling.kind == DISQUALIFICATION:
            order.append((entrant, "DSQ"))
            continue
        last_classified = max((i for i, (_, s) in enumerate(order) if s == CLASSIFIED), default=-1)
        order.insert(max(index, min(index + ruling.places, last_classified + 1)), (entrant, status))
    return [Place(who, position, status) for position, (who, status) in enumerate(order, start=1)]


def protest_window_open(
    *, now: dt.datetime, round_closed_at: dt.datetime | None, hours: int = PROTEST_WINDOW_HOURS
) -> bool:
    """Whether a protest may be filed: until ``hours`` after the round closes."""
    return round_closed_at is None or now <= round_closed_at + dt.timedelta(hours=hours)


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same time ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def licence_points(
    awards: Iterable[tuple[dt.datetime, int]],
    *,
    now: dt.datetime,
    months: int = LICENCE_POINTS_MONTHS,
) -> int:
    """Penalty points in force at ``now``: those decided in the last ``months`` months."""
    since = months_before(now, months)
    return sum(points for decided_at, points in awards if since < decided_at <= now)


def suspension_due(*, points_in_force: int, added: int, limit: int = LICENCE_POINT_LIMIT) -> bool:
    """Whether a decision that ``added`` points suspends: it brought the driver to the limit.

    A decision without points never suspends, even for a driver at the limit already.
    """
    return added > 0 and points_in_force >= limit


def suspension_days(decided_on: dt.date, days: int = SUSPENSION_DAYS) -> tuple[dt.date, dt.date]:
    """First and last day of a licence suspension: ``days`` days from the decision's day."""
    return decided_on, decided_on + dt.timedelta(days=days - 1)
