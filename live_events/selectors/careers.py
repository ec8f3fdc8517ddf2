"""Live events in careers and in the hall of fame: each event's final classification and
points, for many events at once.

Six queries for any number of events: the events, then their sessions with
grids, results and decisions prefetched; the classifications are derived in
memory as on the event pages.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from leagues.models import Driver
from live_events.models import EventEntry, LiveEvent, Session, SessionResult, StewardDecision
from live_events.selectors.pages import _session_view, event_points


@dataclass(frozen=True)
class EventOutcome:
    """An event's final race (by driver id: classified position) and points (by driver id).

    ``complete`` when every race of the event is confirmed.
    """

    event: LiveEvent
    positions: dict[int, int]
    points: dict[int, int]
    complete: bool


def event_outcomes(events: QuerySet[LiveEvent]) -> list[EventOutcome]:
    """The outcome of each of ``events``, in date order."""
    chosen = list(events.select_related("season__live_settings").order_by("starts_on", "pk"))
    sessions = (
        Session.objects.filter(event__in=chosen)
        .order_by("order")
        .prefetch_related(
            Prefetch("results", SessionResult.objects.select_related("driver")),
            Prefetch("decisions", StewardDecision.objects.all()),
            "grid",
        )
    )
    by_event: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        by_event[session.event_id].append(session)
    outcomes = []
    for event in chosen:
        views = [_session_view(session) for session in by_event[event.pk]]
        points: dict[int, int] = defaultdict(int)
        for race in event_points(event, views):
            for key, value in race.items():
                points[key] += value
        races = [view for view in views if view.session.is_race]
        confirmed = [view for view in races if view.session.is_confirmed]
        final = confirmed[-1].classification if confirmed else []
        outcomes.append(
            EventOutcome(
                event=event,
                positions={row.driver.pk: row.position for row in final},
                points=dict(points),
                complete=bool(races) and len(confirmed) == len(races),
            )
        )
    return outcomes


@dataclass(frozen=True)
class EventResult:
    """A driver's event: the final race's classified position (None: not classified yet)."""

    event: LiveEvent
    position: int | None
    points: int


def event_results(*, drivers: list[Driver]) -> dict[int, list[EventResult]]:
    """Driver id -> the live events they entered, in date order."""
    ids = [driver.pk for driver in drivers]
    entered: dict[int, set[int]] = defaultdict(set)
    for event_id, driver_id in EventEntry.objects.filter(driver__in=ids).values_list(
        "event_id", "driver_id"
    ):
        entered[driver_id].add(event_id)
    if not entered:
        return {}
    outcomes = event_outcomes(LiveEvent.objects.filter(entries__driver__in=ids).distinct())
    results: dict[int, list[EventResult]] = defaultdict(list)
    for outcome in outcomes:
        for driver_id in ids:
            if outcome.event.pk in entered[driver_id]:
                results[driver_id].append(
                    EventResult(
                        outcome.event,
                        outcome.positions.get(driver_id),
                        outcome.points.get(driver_id, 0),
                    )
                )
    return results
