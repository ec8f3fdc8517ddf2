"""Reads of the live day: the session running now, the live-timing snapshot viewers poll,
the live hub, the viewer's live-event credits."""

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Sum
from django.urls import reverse

from leagues.models import Driver
from live_events import rules
from live_events.models import (
    Broadcast,
    LiveEvent,
    LiveTiming,
    PredictionReward,
    Session,
    WatchReward,
)
from live_events.selectors import pages

# Rows of the championship the snapshot and the hub show.
STANDINGS_SHOWN = 10
# A session with no timing yet is cached this long, so waiting viewers cost one query per
# few seconds, and the first post shows at once (it overwrites the key).
EMPTY_SNAPSHOT_SECONDS = 5
SNAPSHOT_SECONDS = 24 * 3600


def running_session(event: LiveEvent, now: dt.datetime) -> Session | None:
    """The event's session that is live at ``now`` (the first, should two overlap)."""
    return next(
        (session for session in event.sessions.order_by("order") if session.is_live_at(now)),
        None,
    )


def event_session(*, slug: str, order: int) -> Session | None:
    """The session numbered ``order`` of the event ``slug`` (with its event), if any."""
    return Session.objects.select_related("event").filter(event__slug=slug, order=order).first()


# --- The live-timing snapshot --------------------------------------------------------------


def snapshot_key(session_id: int) -> str:
    return f"live:timing:{session_id}"


def _driver_json(driver: Driver) -> dict:
    return {
        "name": driver.display_name,
        "online_id": driver.online_id,
        "url": reverse("leagues:driver_detail", args=[driver.online_id]),
        "country": driver.country_id,
    }


def projected_standings(session: Session, order: list[rules.RunningPosition]) -> list[dict]:
    """The championship as it would stand if the running race ended now (the top rows),
    with the points each driver would gain; empty for a session that scores nothing."""
    if not session.is_race:
        return []
    season = session.event.season
    provisional = (session.pk, rules.provisional_classification(order))
    before, after = pages.championship(season), pages.championship(season, provisional)
    if session.event.is_world_final:
        before_rows, after_rows = before.final_rows, after.final_rows
    else:
        before_rows, after_rows = before.rows, after.rows
    now = {row.driver.pk: row.total for row in before_rows}
    return [
        {
            "rank": row.rank,
            "driver": _driver_json(row.driver),
            "points": row.total,
            "gained": row.total - now.get(row.driver.pk, 0),
        }
        for row in after_rows[:STANDINGS_SHOWN]
    ]


def timing_snapshot(
    session: Session,
    order: list[rules.RunningPosition],
    *,
    sent_at: dt.datetime,
    drivers: Mapping[Any, Driver],
) -> dict:
    """The document viewers poll: the running order ready to show, and the championship if
    the race ended now. Built once per accepted post, never per viewer."""
    leader_laps = max((row.laps for row in order), default=0)
    return {
        "session": session.pk,
        "provisional": True,
        "sent_at": sent_at.astimezone(dt.UTC).isoformat(),
        "order": [
            {
                "position": row.position,
                "driver": _driver_json(drivers[row.key]),
                "laps": row.laps,
                "gap": rules.format_running_gap(row, leader_laps),
                "best_lap": rules.format_ms(row.best_lap_ms),
                "pit_stops": row.pit_stops,
            }
            for row in sorted(order, key=lambda r: r.position)
        ],
        "standings": projected_standings(session, order),
    }


def empty_snapshot(session_id: int) -> dict:
    return {
        "session": session_id,
        "provisional": True,
        "sent_at": None,
        "order": [],
        "standings": [],
    }


def snapshot_json(session_id: int) -> str | None:
    """The snapshot of a session as JSON text: from the cache (no query), else from the
    database once, then cached; None for an unknown session."""
    text = cache.get(snapshot_key(session_id))
    if text is not None:
        return text
    timing = LiveTiming.objects.filter(session__pk=session_id).only("snapshot").first()
    if timing is not None:
        text = json.dumps(timing.snapshot)
        cache.set(snapshot_key(session_id), text, SNAPSHOT_SECONDS)
        return text
    if not Session.objects.filter(pk=session_id).exists():
        return None
    text = json.dumps(empty_snapshot(session_id))
    cache.set(snapshot_key(session_id), text, EMPTY_SNAPSHOT_SECONDS)
    return text


def snapshot(session_id: int) -> dict:
    """The snapshot as data, for a page's first rendering (the page then polls it)."""
    text = snapshot_json(session_id)
    return json.loads(text) if text is not None else empty_snapshot(session_id)


# --- The hub -------------------------------------------------------------------------------


@dataclass
class Podium:
    session: Session
    rows: list[tuple[pages.ClassifiedRow, int | None]]


@dataclass
class Hub:
    event: LiveEvent | None
    now: dt.datetime
    running: Session | None = None
    next_session: Session | None = None
    open_prediction: Session | None = None
    broadcasts: list[Broadcast] = field(default_factory=list)
    live: dict | None = None
    standings: list[dict] = field(default_factory=list)
    standings_projected: bool = False
    podium: Podium | None = None


def _event_on_now_or_next(now: dt.datetime) -> LiveEvent | None:
    """The event with a session live now, else the next one to start, else the last one."""
    events = list(
        LiveEvent.objects.filter(ends_on__gte=(now - dt.timedelta(days=1)).date())
        .select_related("season")
        .prefetch_related("sessions")
        .order_by("starts_on", "pk")
    )
    for event in events:
        if any(session.is_live_at(now) for session in event.sessions.all()):
            return event
    if events:
        return events[0]
    return LiveEvent.objects.select_related("season").order_by("-ends_on", "-pk").first()


def _current_standings(event: LiveEvent) -> list[dict]:
    table = pages.championship(event.season)
    rows = table.final_rows if event.is_world_final else table.rows
    return [
        {"rank": row.rank, "driver": _driver_json(row.driver), "points": row.total, "gained": 0}
        for row in rows[:STANDINGS_SHOWN]
    ]


def open_prediction(now: dt.datetime) -> Session | None:
    """The race whose prediction closes next: its grid is set and it has not started."""
    return (
        Session.objects.filter(
            kind="race", results_confirmed_at__isnull=True, starts_at__gt=now, grid__isnull=False
        )
        .select_related("event")
        .distinct()
        .order_by("starts_at", "pk")
        .first()
    )


def hub(now: dt.datetime) -> Hub:
    """What the live hub shows at ``now``: the event on now or next, its running session
    and live order, the championship (as it would stand if the running race ended now),
    the open prediction, the broadcasts, the last race's podium and points."""
    event = _event_on_now_or_next(now)
    if event is None:
        return Hub(event=None, now=now)
    page = pages.event_page(event)
    sessions = [view.session for view in page.sessions]
    running = next((s for s in sessions if s.is_live_at(now)), None)
    result = Hub(
        event=event,
        now=now,
        running=running,
        next_session=next((s for s in sessions if s.starts_at > now), None),
        open_prediction=open_prediction(now),
        broadcasts=page.broadcasts,
    )
    if running is not None:
        result.live = snapshot(running.pk)
        result.standings = result.live["standings"]
        result.standings_projected = bool(result.standings)
    if not result.standings:
        result.standings = _current_standings(event)
    confirmed = [v for v in page.sessions if v.session.is_race and v.session.is_confirmed]
    if confirmed:
        last = confirmed[-1]
        result.podium = Podium(session=last.session, rows=last.rows()[:3])
    return result


# --- Credits -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveCredits:
    predictions: int
    watching: int

    @property
    def total(self) -> int:
        return self.predictions + self.watching


def live_credits(user) -> LiveCredits:
    """What the live events paid the user, from the two ledgers (predictions, watching)."""
    predictions = PredictionReward.objects.filter(user=user).aggregate(n=Sum("credits"))["n"]
    watching = WatchReward.objects.filter(user=user).aggregate(n=Sum("credits"))["n"]
    return LiveCredits(predictions=predictions or 0, watching=watching or 0)
