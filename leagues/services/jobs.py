"""Jobs left half done by a lost message or a dead worker, found and queued again.

Beat runs ``resume_stuck_jobs`` every five minutes. The outbox already sends
again a message the broker never delivered; this catches the job that was
delivered and then died with its worker while the broker forgot the message
(a flush, a failover). Both jobs are safe to run twice.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Max, Q

from leagues.models import PayoutRun, Round, SeasonStatus
from leagues.selectors.standings import published_publication
from operations import outbox


def resume_stuck_jobs(*, now: dt.datetime) -> dict[str, list[int]]:
    """Queue again each running payout run and each closed, unpublished round gone quiet."""
    from leagues import tasks
    from leagues.services.payouts import BATCH_SIZE

    quiet_since = now - dt.timedelta(seconds=settings.JOB_STUCK_AFTER)
    busy_runs = {args[0] for args in outbox.recent_args(tasks.pay_payout_run, since=quiet_since)}
    runs = list(
        PayoutRun.objects.filter(status=PayoutRun.Status.RUNNING, started_at__lt=quiet_since)
        .annotate(last_paid=Max("payouts__paid_at"))
        .filter(Q(last_paid__isnull=True) | Q(last_paid__lt=quiet_since))
        .exclude(pk__in=busy_runs)
        .values_list("pk", flat=True)
    )
    for run_id in runs:
        outbox.enqueue(tasks.pay_payout_run, run_id, BATCH_SIZE)
    busy_rounds = {args[0] for args in outbox.recent_args(tasks.close_round, since=quiet_since)}
    closed = (
        Round.objects.filter(status=Round.Status.CLOSED, closed_at__lt=quiet_since)
        .exclude(season__status=SeasonStatus.CLOSED)
        .exclude(pk__in=busy_rounds)
        .select_related("season")
    )
    unpublished = []
    for round_ in closed:
        published = published_publication(round_.season)
        if published is None or round_.number not in published.rounds_included:
            unpublished.append(round_.pk)
            outbox.enqueue(tasks.close_round, round_.pk)
    return {"payout_runs": runs, "rounds": unpublished}
