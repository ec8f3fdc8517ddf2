"""Celery wrappers: take ids, call one service. Every service here is safe to run twice."""

import datetime as dt
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from leagues.models import PayoutRun, Round, Season
from leagues.selectors import jobs
from leagues.selectors.standings import published_publication
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
    published again only if the published standings do not include it yet.
    """
    round_ = Round.objects.select_related("season").get(pk=round_id)
    closed = standings.close_round(round=round_)
    published = published_publication(round_.season)
    if closed or published is None or round_.number not in published.rounds_included:
        standings.publish_standings(season=round_.season)
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


@shared_task(**RETRYING)
def pay_payout_run(run_id: int, batch_size: int = payouts.BATCH_SIZE) -> int:
    """Write a payout run's ledger; run again (redelivered, resumed), it pays what is missing."""
    run = PayoutRun.objects.get(pk=run_id)
    return payouts.pay_run(run=run, batch_size=batch_size).paid_awards


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
