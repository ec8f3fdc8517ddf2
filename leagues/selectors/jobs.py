"""Jobs left half done by a lost message or a dead worker (reads only).

Beat's ``leagues.tasks.resume_stuck_jobs`` queues again what these find, every
five minutes. The outbox already sends again a message the broker never
delivered; this catches the job that was delivered and then died with its worker
while the broker forgot the message (a flush, a failover). Both jobs are safe to
run twice.
"""

import datetime as dt
from collections.abc import Collection

from django.db.models import Max, Q

from leagues.models import PayoutRun, Round, SeasonStatus
from leagues.selectors.standings import published_publication


def quiet_payout_runs(*, quiet_since: dt.datetime, busy: Collection[int]) -> list[int]:
    """Running payout runs that paid nothing since ``quiet_since`` and have no job in the
    outbox (``busy``: the run ids of messages waiting or picked up since then)."""
    return list(
        PayoutRun.objects.filter(status=PayoutRun.Status.RUNNING, started_at__lt=quiet_since)
        .annotate(last_paid=Max("payouts__paid_at"))
        .filter(Q(last_paid__isnull=True) | Q(last_paid__lt=quiet_since))
        .exclude(pk__in=busy)
        .values_list("pk", flat=True)
    )


def unpublished_closed_rounds(*, quiet_since: dt.datetime, busy: Collection[int]) -> list[int]:
    """Rounds closed before ``quiet_since`` that their season's published standings do not
    include yet, with no close job in the outbox (``busy``: those rounds' ids)."""
    closed = (
        Round.objects.filter(status=Round.Status.CLOSED, closed_at__lt=quiet_since)
        .exclude(season__status=SeasonStatus.CLOSED)
        .exclude(pk__in=busy)
        .select_related("season")
    )
    unpublished = []
    for round_ in closed:
        published = published_publication(round_.season)
        if published is None or round_.number not in published.rounds_included:
            unpublished.append(round_.pk)
    return unpublished
