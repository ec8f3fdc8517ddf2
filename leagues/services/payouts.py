"""End-of-season payouts: the reward table, starting a run and writing the ledger, once.

Exactly once rests on the database, not on the job: the ledger's unique key
(season, registration, tier) and ``ON CONFLICT DO NOTHING`` skip what a
previous attempt already paid, so a crashed or redelivered job simply runs
again. A season has one run (a one-to-one row created under the season's
lock), and a finished run pays nothing more.

A run is paid in batches, registration-id ranges planned set-wise from its
publication (``plan_run``); each batch is one transaction (``pay_batch``) and
the batches of one run may run side by side on several workers. The run's
finish (``finish_run``) comes once every batch has been paid.

A run is pinned to what the user confirmed: the final publication and the
credit cells are stored on the run when it starts, and every attempt pays
from them, never from whatever the season holds later. Before it finishes,
the run compares its ledger with the confirmed totals; when they differ it
stops with the difference instead of finishing.
"""

import logging

from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from leagues import rules
from leagues.exceptions import RuleViolation
from leagues.models import PayoutRun, RewardPayout, RewardRate, Season
from leagues.selectors import payouts as selectors
from leagues.services.audit import record_action
from leagues.signals import payout_run_finished

log = logging.getLogger(__name__)

BATCH_SIZE = 5000


def check_reward_table(
    *, season: Season, table: dict[str, dict[str, int]], gt1_multiplier: int, changed: bool = True
) -> None:
    """Refuse a reward table that breaks the rulebook, or any change once payouts started."""
    if changed and season.pk and PayoutRun.objects.filter(season_id=season.pk).exists():
        raise RuleViolation(
            f"Payouts of the {season} have started; its reward table can no longer change."
        )
    errors = rules.reward_table_errors(table, gt1_multiplier)
    if errors:
        raise RuleViolation(errors)


def update_reward_table(
    *, season: Season, table: dict[str, dict[str, int]], gt1_multiplier: int, user=None
) -> None:
    """Store a season's whole reward table and GT1 multiplier, validated as one."""
    with transaction.atomic():
        season = Season.objects.select_for_update().get(pk=season.pk)
        check_reward_table(season=season, table=table, gt1_multiplier=gt1_multiplier)
        for tier, medals in table.items():
            for medal, credits in medals.items():
                RewardRate.objects.update_or_create(
                    season=season, tier=tier, medal=medal, defaults={"credits": credits}
                )
        season.gt1_multiplier = gt1_multiplier
        season.save(update_fields=["gt1_multiplier"])
        record_action(user=user, action="edit reward table", detail=f"{season.label}: {table}")


def ensure_reward_table(*, season: Season) -> None:
    """Store the default credits in every cell of the season's table that has none (zero
    for an exhibition season, which pays only what its organiser sets)."""
    RewardRate.objects.bulk_create(
        [
            RewardRate(season=season, tier=tier, medal=medal, credits=credits)
            for tier, medals in rules.default_reward_table(exhibition=season.is_exhibition).items()
            for medal, credits in medals.items()
        ],
        ignore_conflicts=True,
    )


def start_payout_run(
    *,
    season: Season,
    user,
    expected_awards: int | None = None,
    expected_credits: int | None = None,
    expected_publication: int | None = None,
    expected_table: str | None = None,
) -> PayoutRun:
    """Create the season's payout run; started twice, it is the same run. The caller queues
    its job (``leagues.tasks.queue_payout_run``) or pays it in process (``pay_run``).

    ``expected_*`` are what the user confirmed: the totals, the final
    publication's id and the reward table's digest (``selectors.cells_digest``);
    if any changed since their preview, nothing starts. A failed run is
    resumed instead.
    """
    if not selectors.can_run_payouts(user):
        raise RuleViolation(f"{user} is not in the {selectors.PAYOUT_GROUP} group.")
    with transaction.atomic():
        season = Season.objects.select_for_update().get(pk=season.pk)
        run = PayoutRun.objects.filter(season=season).first()
        if run is not None:
            if run.status == PayoutRun.Status.FAILED:
                return resume_payout_run(run=run, user=user)
            return run
        refusal = selectors.payout_refusal(season)
        if refusal is not None:
            raise RuleViolation(refusal)
        publication = selectors.final_publication(season)
        assert publication is not None  # payout_refusal refuses a season without one
        ensure_reward_table(season=season)
        cells = selectors.season_cells(season)
        if expected_publication is not None and expected_publication != publication.pk:
            raise RuleViolation(
                f"The final standings of the {season} changed since the preview "
                f"(now v{publication.version}). Review the preview again."
            )
        if expected_table is not None and expected_table != selectors.cells_digest(cells):
            raise RuleViolation(
                f"The reward table of the {season} changed since the preview. "
                "Review the preview again."
            )
        awards, credits = selectors.award_totals(publication=publication, cells=cells)
        confirmed = (expected_awards, expected_credits)
        if None not in confirmed and confirmed != (awards, credits):
            raise RuleViolation(
                f"The awards changed since the preview ({expected_awards} awards, "
                f"{expected_credits} credits; now {awards}, {credits}). Review the preview again."
            )
        run = PayoutRun.objects.create(
            season=season,
            started_by=user,
            publication=publication,
            rates=[list(cell) for cell in cells],
            expected_awards=awards,
            expected_credits=credits,
        )
        record_action(
            user=user,
            action="start payout run",
            detail=(
                f"{season.label}: {awards} awards, {credits} credits "
                f"from final standings v{publication.version}"
            ),
        )
    return run


def resume_payout_run(*, run: PayoutRun, user) -> PayoutRun:
    """Mark an unfinished run running again; its job, queued again by the caller, pays only
    what is still missing."""
    with transaction.atomic():
        run = PayoutRun.objects.select_for_update().select_related("season").get(pk=run.pk)
        if run.status == PayoutRun.Status.FINISHED:
            return run
        run.status = PayoutRun.Status.RUNNING
        run.save(update_fields=["status"])
        record_action(
            user=user,
            action="resume payout run",
            detail=f"{run.season.label}: {run.paid_awards} of {run.expected_awards} paid",
        )
    return run


INSERT_LEDGER = """INSERT INTO leagues_rewardpayout (
    season_id, run_id, registration_id, league, tier, scope, medal, credits, paid_at
)"""


def pay_run(*, run: PayoutRun, batch_size: int = BATCH_SIZE) -> PayoutRun:
    """Pay a run here, in this process: its batches one after the other, then its finish.

    The job (``leagues.tasks.pay_payout_run``) does the same with the batches
    spread over the workers. Safe to run again after a crash, at the same time
    as another attempt, or after the run finished (then it writes nothing).
    """
    try:
        paid = [
            pay_batch(run=run, after=after, upto=upto)
            for after, upto in plan_run(run=run, batch_size=batch_size)
        ]
    except Exception as error:
        mark_failed(run=run, error=error)
        raise
    return finish_run(run=run, paid=paid)


def plan_run(*, run: PayoutRun, batch_size: int = BATCH_SIZE) -> list[tuple[int, int]]:
    """Set an unfinished run running again and return its batches (registration-id ranges
    ``(after, upto]``, see ``selectors.payout_batches``); none for a finished run.

    Every batch is planned again on every attempt: a batch already paid writes
    nothing, so the ones a crash left unpaid are simply paid this time.
    """
    resumed = PayoutRun.objects.filter(
        pk=run.pk, status__in=[PayoutRun.Status.FAILED, PayoutRun.Status.STOPPED]
    ).update(status=PayoutRun.Status.RUNNING)
    run = PayoutRun.objects.get(pk=run.pk)
    if run.status == PayoutRun.Status.FINISHED:
        return []
    if resumed:
        log.info("Payout run %s running again", run.pk)
    return selectors.payout_batches(run=run, batch_size=batch_size)


def pay_batch(*, run: PayoutRun, after: int, upto: int) -> int | None:
    """Write the run's missing ledger rows of registrations ``after < id <= upto`` and count
    them in its progress, in one transaction; how many were written.

    A run that is not running (finished, stopped, failed) gets nothing: None. Batches
    of one run write side by side; run twice, a batch writes nothing the second
    time (the ledger's unique key and ``ON CONFLICT DO NOTHING``).
    """
    sql = selectors.awards_sql(
        insert=INSERT_LEDGER,
        select="%s, %s, s.registration_id, s.league, s.tier, s.scope, s.medal, r.credits, %s",
        where="AND s.registration_id > %s AND s.registration_id <= %s",
        tail="ON CONFLICT (season_id, registration_id, tier) DO NOTHING RETURNING credits",
    )
    cells = selectors.cell_params(selectors.run_cells(run))
    params = [*cells, run.season_id, run.pk, timezone.now(), run.publication_id, after, upto]
    with transaction.atomic():
        if not _lock_running(run):
            return None
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            paid = [credits for (credits,) in cursor.fetchall()]
        if paid:
            PayoutRun.objects.filter(pk=run.pk).update(
                paid_awards=F("paid_awards") + len(paid),
                paid_credits=F("paid_credits") + sum(paid),
            )
    return len(paid)


def _lock_running(run: PayoutRun) -> bool:
    """Whether the run is running, its row held until the transaction ends.

    PostgreSQL's ``FOR KEY SHARE`` lets the batches of one run (and their
    progress updates) go side by side, while finishing, stopping or failing the
    run (``FOR UPDATE``) waits for the batches writing now, and later batches
    see that the run is no longer running. SQLite has one writer at a time anyway.
    """
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status FROM leagues_payoutrun WHERE id = %s{lock}", [run.pk])
        (status,) = cursor.fetchone()
    return status == PayoutRun.Status.RUNNING


def _locked(run: PayoutRun) -> PayoutRun:
    return PayoutRun.objects.select_for_update().get(pk=run.pk)


def finish_run(*, run: PayoutRun, paid: list[int | None]) -> PayoutRun:
    """The run's reconciliation once every batch is paid (``paid``: what each batch wrote):
    finished when its ledger holds the confirmed totals, stopped when it does not.

    An attempt one of whose batches found the run not running reconciles
    nothing: the run failed, stopped or finished meanwhile, or it was resumed
    since, and the resumed attempt finishes it. A failed run stays failed until
    it is resumed.
    """
    if None in paid:
        return PayoutRun.objects.get(pk=run.pk)
    return _finish(run)


def _finish(run: PayoutRun) -> PayoutRun:
    """Mark the run finished with the ledger's own totals, and tell the rest of the site.

    A ledger that differs from the confirmed totals stops the run instead,
    with both totals in its error: staff look before anything is announced.
    """
    with transaction.atomic():
        run = _locked(run)
        if run.status != PayoutRun.Status.RUNNING:
            return run
        totals = RewardPayout.objects.filter(run=run).aggregate(n=Count("id"), c=Sum("credits"))
        run.paid_awards, run.paid_credits = totals["n"], totals["c"] or 0
        if (run.paid_awards, run.paid_credits) != (run.expected_awards, run.expected_credits):
            return _stop(run)
        run.status = PayoutRun.Status.FINISHED
        run.finished_at = timezone.now()
        run.last_error = ""
        run.save(
            update_fields=["paid_awards", "paid_credits", "status", "finished_at", "last_error"]
        )
        season = run.season
        record_action(
            user=run.started_by,
            action="payout run finished",
            detail=f"{season.label}: {run.paid_awards} awards, {run.paid_credits} credits",
        )
        transaction.on_commit(lambda: payout_run_finished.send(sender=PayoutRun, run=run))
    log.info("Paid the %s: %s awards, %s credits", season, run.paid_awards, run.paid_credits)
    return run


def _stop(run: PayoutRun) -> PayoutRun:
    """Stop a run whose ledger differs from what was confirmed (inside ``_finish``'s lock)."""
    run.status = PayoutRun.Status.STOPPED
    run.last_error = (
        f"Stopped: the ledger holds {run.paid_awards} awards, {run.paid_credits} credits; "
        f"{run.expected_awards} awards, {run.expected_credits} credits were confirmed. "
        "The run cannot finish until they match."
    )
    run.save(update_fields=["paid_awards", "paid_credits", "status", "last_error"])
    record_action(
        user=run.started_by,
        action="payout run stopped",
        detail=f"{run.season.label}: {run.last_error}",
    )
    log.error("Payout run %s stopped: %s", run.pk, run.last_error)
    return run


def mark_failed(*, run: PayoutRun, error: BaseException) -> None:
    """Record why a run stopped; its job or a person resumes it later. Waits for the
    batches writing now, so the run's progress is what its ledger holds."""
    log.error("Payout run %s stopped", run.pk, exc_info=error)
    try:
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        with transaction.atomic():
            run = PayoutRun.objects.select_for_update().select_related("season").get(pk=run.pk)
            if run.status in (PayoutRun.Status.FINISHED, PayoutRun.Status.FAILED):
                return  # finished after all, or its failure already recorded
            run.status = PayoutRun.Status.FAILED
            run.last_error = f"{type(error).__name__}: {error}"[:2000]
            run.save(update_fields=["status", "last_error"])
            record_action(
                user=run.started_by,
                action="payout run failed",
                detail=f"{run.season.label}: {error}",
            )
    except DatabaseError:
        log.exception("Could not record the failure of payout run %s", run.pk)
