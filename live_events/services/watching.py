"""Watch rewards: credits for opening a broadcast from the site while a session is live."""

import datetime as dt

from django.utils import timezone

from live_events.models import Broadcast, WatchReward
from live_events.selectors.live import running_session


def credit_watching(*, user, broadcast: Broadcast, now: dt.datetime | None = None) -> bool:
    """Credit the event's watch campaign to a signed-in viewer opening ``broadcast``, once
    per event; True when this call paid it.

    Nothing is paid, silently, to a visitor who is not signed in, outside every live
    session of the event, when the event has no campaign, or a second time.
    """
    event = broadcast.event
    if not user.is_authenticated or not event.watch_credits:
        return False
    session = running_session(event, now or timezone.now())
    if session is None:
        return False
    # The unique (user, event) row is the exactly-once guarantee: of concurrent clicks,
    # one INSERT wins and the others find its row.
    _reward, created = WatchReward.objects.get_or_create(
        user=user,
        event=event,
        defaults={
            "session": session,
            "language": broadcast.language,
            "credits": event.watch_credits,
        },
    )
    return created
