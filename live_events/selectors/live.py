"""Reads of the live day: the session running now, the viewer's live-event credits."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from live_events.models import LiveEvent, PredictionReward, Session, WatchReward


def running_session(event: LiveEvent, now: dt.datetime) -> Session | None:
    """The event's session that is live at ``now`` (the first, should two overlap)."""
    return next(
        (session for session in event.sessions.order_by("order") if session.is_live_at(now)),
        None,
    )


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
