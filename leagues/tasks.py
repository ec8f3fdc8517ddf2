"""Celery wrappers: take ids, call one service. Every service here is safe to run twice."""

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from celery import Task, chord, shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from leagues.models import PayoutRun, Round, Season
from leagues.selectors import jobs
from leagues.services import payouts, standings
from operations.outbox import enqueue, recent_args

RETRYING: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**RETRYING)
def close_round(round_id: int) -> bool:
    """Close one round and publish its season's standings.

    Both run here rather than as a second message, so a retry after a crash or
    a broker outage finishes the publication too: a round closed earlier is
    published again only if the published standings do not include it yet, decided
    under the season's lock (a second delivery while the first runs publishes nothing).
    """
    round_ = Round.objects.get(pk=round_id)
    closed = standings.close_round(round=round_)
    standings.publish_unless_published(round=round_, closed=closed)
    return closed


@shared_task(**RETRYING)
def publish_standings(season_id: int) -> int:
    return standings.publish_standings(season=Season.objects.get(pk=season_id)).pk


@shared_task(**RETRYING)
def close_due_rounds() -> list[int]:
    """Beat's job every few minutes: queue the close of every round whose day has ended."""
    due = [r.pk for r in standings.rounds_due(now=timezone.now())]
    for round_id in due:
        enqueue(close_round, round_id)
    return due


@contextlib.contextmanager
def failing_the_run(task: Task, run_id: int) -> Iterator[None]:
    """Mark the run failed when a payout job fails for good (any error but one it retries),
    so the run's other batches pay nothing until it is resumed. In the job's body, not in
    ``on_failure``: eager mode calls no handler when it propagates the error."""
    try:
        yield
    except Exception as error:
        limit = task.max_retries
        retried = isinstance(error, OperationalError) and (
            limit is None or task.request.retries < limit
        )
        if not retried:
            payouts.mark_failed(run=PayoutRun(pk=run_id), error=error)  # it locks the row
        raise


@shared_task(bind=True, **RETRYING)
def pay_payout_run(self: Task, run_id: int, batch_size: int = payouts.BATCH_SIZE) -> int:
    """Fan a payout run out over the workers: a chord of its batches, then its finish;
    the awards paid so far. Run again (redelivered, resumed), it plans every batch again
    and the ones already paid write nothing."""
    with failing_the_run(self, run_id):
        batches = payouts.plan_run(run=PayoutRun.objects.get(pk=run_id), batch_size=batch_size)
        if not batches:  # finished already, or nothing to pay: the finish says which
            return finish_payout_run([], run_id)
        chord(pay_payout_batch.si(run_id, after, upto) for after, upto in batches)(
            finish_payout_run.s(run_id)
        )
    return PayoutRun.objects.get(pk=run_id).paid_awards


@shared_task(bind=True, **RETRYING)
def pay_payout_batch(self: Task, run_id: int, after: int, upto: int) -> int | None:
    """Write one batch of a run's ledger (registrations ``after < id <= upto``); how many
    rows, or None when the run was not running."""
    with failing_the_run(self, run_id):
        return payouts.pay_batch(run=PayoutRun.objects.get(pk=run_id), after=after, upto=upto)


@shared_task(bind=True, **RETRYING)
def finish_payout_run(self: Task, paid: list[int | None], run_id: int) -> int:
    """Reconcile a run once its batches are paid (``paid``: what each wrote, the chord's
    results): finished, or stopped with the difference."""
    with failing_the_run(self, run_id):
        run = PayoutRun.objects.get(pk=run_id)
        return payouts.finish_run(run=run, paid=paid).paid_awards


def queue_payout_run(run: PayoutRun, batch_size: int = payouts.BATCH_SIZE) -> None:
    """Queue the job of a run started or resumed (``services.payouts``) through the outbox, in
    the caller's transaction. A run already finished is not queued."""
    if run.status != PayoutRun.Status.FINISHED:
        enqueue(pay_payout_run, run.pk, batch_size)


@shared_task(**RETRYING)
def resume_stuck_jobs(now: dt.datetime | None = None) -> dict[str, list[int]]:
    """Beat's job every five minutes: queue again the payouts and publications gone quiet
    (``leagues.selectors.jobs``)."""
    quiet_since = (now or timezone.now()) - dt.timedelta(seconds=settings.JOB_STUCK_AFTER)
    runs = jobs.quiet_payout_runs(
        quiet_since=quiet_since,
        busy={args[0] for args in recent_args(pay_payout_run, since=quiet_since)},
    )
    for run_id in runs:
        enqueue(pay_payout_run, run_id, payouts.BATCH_SIZE)
    rounds = jobs.unpublished_closed_rounds(
        quiet_since=quiet_since,
        busy={args[0] for args in recent_args(close_round, since=quiet_since)},
    )
    for round_id in rounds:
        enqueue(close_round, round_id)
    return {"payout_runs": runs, "rounds": rounds}


@shared_task(**RETRYING)
def build_season_dump(publication_id: int) -> str | None:
    """Write a publication's public data dump (once; a redelivery finds it written). A
    publication deleted before this ran was replaced by a newer one, whose job writes it."""
    from leagues.models import Publication
    from leagues.services import dumps

    publication = Publication.objects.select_related("season").filter(pk=publication_id).first()
    if publication is None:
        return None
    return dumps.build_season_dump(publication=publication)
