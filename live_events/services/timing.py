"""Live timing: a timing system posts the running order of a live session many times a
minute; the latest one becomes the snapshot viewers poll. Provisional: the session's
result stays the timing sheet the organisers enter and the stewards check."""

import datetime as dt
import json
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from leagues.exceptions import RuleViolation
from leagues.models import Driver, RaceServer
from live_events import rules
from live_events.models import LiveTiming, Session
from live_events.selectors.live import SNAPSHOT_SECONDS, snapshot_key, timing_snapshot

# How far ahead of the site's clock a feed's timestamp may be (clock skew), so that a
# broken clock cannot shut out every later post.
CLOCK_SKEW = dt.timedelta(seconds=30)


@dataclass(frozen=True)
class TimingPost:
    accepted: bool
    message: str


def _refusal_if_not_running(session: Session, now: dt.datetime) -> str | None:
    if session.is_live_at(now):
        return None
    if session.is_confirmed:
        return f"{session} is over: its results are confirmed."
    if now < session.starts_at:
        return f"{session} is not running: it starts at {session.starts_at:%Y-%m-%d %H:%M} UTC."
    end = rules.session_end(session.starts_at, session.ends_at)
    return f"{session} is not running: it ended at {end:%Y-%m-%d %H:%M} UTC."


def _checked(
    session: Session,
    server: RaceServer,
    sent_at: dt.datetime,
    order: list[rules.RunningPosition],
    now: dt.datetime,
) -> tuple[list[rules.RunningPosition], dict[int, Driver]]:
    """The order keyed by driver id, and its drivers; or the refusal with every reason."""
    event = session.event
    if server.region and event.region != server.region:
        where = f"region {event.region}" if event.region else "no region"
        raise RuleViolation(
            f"Server {server} may only post timing of region {server.region}; "
            f"{event} is of {where}."
        )
    refusal = _refusal_if_not_running(session, now)
    if refusal:
        raise RuleViolation(refusal)
    if sent_at > now + CLOCK_SKEW:
        raise RuleViolation(
            f"sent_at {sent_at.isoformat()} is in the future; check the timing system's clock."
        )
    entrants = dict(event.entries.values_list("driver__online_id", "driver_id"))
    errors = rules.running_order_errors(order, entrants)
    if errors:
        raise RuleViolation(errors)
    keyed = [
        rules.RunningPosition(
            key=entrants[str(row.key)],
            position=row.position,
            laps=row.laps,
            gap_ms=row.gap_ms,
            best_lap_ms=row.best_lap_ms,
            pit_stops=row.pit_stops,
        )
        for row in order
    ]
    drivers = Driver.objects.select_related("country").in_bulk([row.key for row in keyed])
    return keyed, drivers


def post_running_order(
    *,
    session: Session,
    server: RaceServer,
    sent_at: dt.datetime,
    order: list[rules.RunningPosition],
    now: dt.datetime | None = None,
) -> TimingPost:
    """Make ``order`` (keyed by online id) the live timing of a running session and publish
    its snapshot; a post older than the one kept is ignored. Refused whole, with the
    reasons, for a session not running, a server of another region, drivers not entered,
    positions that are not 1..n."""
    now = now or timezone.now()
    with transaction.atomic():
        # The session's row, locked: one post of a session at a time, so the timestamp
        # comparison below is exact, and its state (confirmed?) is the current one.
        session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
        keyed, drivers = _checked(session, server, sent_at, order, now)
        kept = LiveTiming.objects.filter(session=session).values_list("sent_at", flat=True).first()
        if kept is not None and sent_at <= kept:
            return TimingPost(
                accepted=False,
                message=f"Ignored: a newer running order (sent {kept.isoformat()}) is shown.",
            )
        document = timing_snapshot(session, keyed, sent_at=sent_at, drivers=drivers)
        updated = LiveTiming.objects.filter(session=session).update(
            server=server, sent_at=sent_at, received_at=now, snapshot=document, posts=F("posts") + 1
        )
        if not updated:
            LiveTiming.objects.create(
                session=session,
                server=server,
                sent_at=sent_at,
                received_at=now,
                snapshot=document,
                posts=1,
            )
        key = snapshot_key(session.pk)
        transaction.on_commit(lambda: cache.set(key, json.dumps(document), SNAPSHOT_SECONDS))
    return TimingPost(accepted=True, message=f"Running order of {session} updated.")
