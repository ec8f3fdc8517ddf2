"""Exactly-once payouts on PostgreSQL with a real Celery worker: crash, fail, race, re-run.

The drills put a PL/pgSQL trigger on the ledger that stops the job at one
registration in the middle of the season (by raising, or by sleeping until
the worker is killed), so "halfway" is a place, not a timing guess.
"""

import contextlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError, connection, connections

from leagues.models import PayoutRun, RewardPayout, StaffAction
from leagues.selectors import payouts as selectors
from leagues.services import payouts, seasons
from leagues.services.standings import close_round
from leagues.tasks import pay_payout_run, queue_payout_run
from leagues.tests.factories import (
    EntrySlotFactory,
    LobbyFactory,
    RaceResultFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BATCH = 40  # awards per batch: about fifteen batches for this season


@pytest.fixture
def staff():
    user = UserFactory(username="payer")
    user.groups.add(Group.objects.get_or_create(name=selectors.PAYOUT_GROUP)[0])
    return user


@pytest.fixture
def season():
    """A closed season of 150 GT1 and 50 GT2 drivers: about 600 awards."""
    season = SeasonFactory()
    round_ = RoundFactory(season=season, number=1)
    slot = EntrySlotFactory(round=round_)
    registrations = [RegistrationFactory(season=season) for _ in range(150)] + [
        RegistrationFactory(season=season, driver__dr_points=15_000) for _ in range(50)
    ]
    for index, registration in enumerate(registrations):
        RaceResultFactory(
            lobby=LobbyFactory(slot=slot), slot=slot, registration=registration, points=900 - index
        )
    close_round(round=round_)
    seasons.close_season(season=season)
    season.refresh_from_db()
    return season


def middle_registration(season) -> int:
    """A registration paid in a batch halfway through the run."""
    final = selectors.final_publication(season)
    assert final is not None
    ids = sorted(
        final.standings.exclude(medal="").values_list("registration_id", flat=True).distinct()
    )
    return ids[len(ids) // 2]


@contextlib.contextmanager
def ledger_trigger(registration_id: int, action: str):
    """Run ``action`` (PL/pgSQL) when the job writes ``registration_id``'s awards."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION payout_drill() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.registration_id = {int(registration_id)} THEN {action}; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER payout_drill BEFORE INSERT ON leagues_rewardpayout "
            "FOR EACH ROW EXECUTE FUNCTION payout_drill()"
        )
    try:
        yield
    finally:
        drop_trigger()


def drop_trigger() -> None:
    """Drop the drill's trigger, ending any job still asleep in it."""
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event = 'PgSleep'"
            )
            try:
                cursor.execute("SET lock_timeout = '2s'")
                cursor.execute("DROP TRIGGER IF EXISTS payout_drill ON leagues_rewardpayout")
                cursor.execute("DROP FUNCTION IF EXISTS payout_drill()")
                cursor.execute("SET lock_timeout = 0")
                return
            except OperationalError:
                continue


def wait_for(run: PayoutRun, condition, timeout: float = 90) -> PayoutRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if condition(run):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run stuck: {run.status} {run.paid_awards}/{run.expected_awards}")


def job_asleep_in_trigger(timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event = 'PgSleep'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.1)
    return False


def pool_children(worker) -> list[int]:
    """The worker's pool processes: the ones that execute tasks."""
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def assert_paid_exactly_once(season, run: PayoutRun) -> None:
    preview = selectors.payout_preview(season=season)
    awards, credits = selectors.ledger_totals(season=season)
    assert run.status == "finished"
    assert (awards, credits) == (preview.awards, preview.credits)
    assert (run.paid_awards, run.paid_credits) == (preview.awards, preview.credits)
    assert (run.expected_awards, run.expected_credits) == (preview.awards, preview.credits)
    distinct = RewardPayout.objects.values("registration_id", "tier").distinct().count()
    assert distinct == awards
    assert StaffAction.objects.filter(action="payout run finished").count() == 1


def test_a_job_killed_halfway_is_redelivered_and_pays_each_award_once(
    season, staff, celery_worker_process
):
    with ledger_trigger(middle_registration(season), "PERFORM pg_sleep(600)"):
        run = payouts.start_payout_run(season=season, user=staff)
        queue_payout_run(run, batch_size=BATCH)
        assert job_asleep_in_trigger(), "the job never reached the middle of the season"
        run.refresh_from_db()
        assert run.status == "running" and 0 < run.paid_awards < run.expected_awards
        # One statement, one snapshot: the other pool process may commit a batch meanwhile.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT paid_awards FROM leagues_payoutrun WHERE id = %s), "
                "(SELECT COUNT(*) FROM leagues_rewardpayout)",
                [run.pk],
            )
            paid, written = cursor.fetchone()
        assert written == paid
        for pid in pool_children(celery_worker_process):
            os.kill(pid, signal.SIGKILL)  # the job dies mid-batch, its message unacknowledged
    # The broker hands the message to a fresh pool process, which resumes the run.
    run = wait_for(run, lambda r: r.status == "finished")
    assert_paid_exactly_once(season, run)


def test_a_job_that_fails_halfway_is_resumed_and_pays_each_award_once(
    season, staff, celery_worker_process
):
    with ledger_trigger(middle_registration(season), "RAISE EXCEPTION 'payout drill'"):
        run = payouts.start_payout_run(season=season, user=staff)
        queue_payout_run(run, batch_size=BATCH)
        run = wait_for(run, lambda r: r.status == "failed")
    assert "payout drill" in run.last_error
    assert 0 < run.paid_awards == RewardPayout.objects.count() < run.expected_awards
    queue_payout_run(payouts.resume_payout_run(run=run, user=staff), batch_size=BATCH)
    run = wait_for(run, lambda r: r.status == "finished")
    assert_paid_exactly_once(season, run)


def test_two_runs_started_at_once_are_one_run_paid_once(season, staff, celery_worker_process):
    barrier, started, errors = threading.Barrier(2), [], []

    def start_run():
        try:
            barrier.wait()
            started.append(payouts.start_payout_run(season=season, user=staff).pk)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(started)) == 1
    assert PayoutRun.objects.count() == 1
    run = PayoutRun.objects.get()
    # Two jobs of the same run at once (a redelivery racing the original).
    pay_payout_run.delay(run.pk, BATCH)
    pay_payout_run.delay(run.pk, BATCH)
    run = wait_for(run, lambda r: r.status == "finished")
    time.sleep(1)
    run.refresh_from_db()
    assert_paid_exactly_once(season, run)


def test_a_finished_run_run_again_pays_nothing_more(season, staff, celery_worker_process):
    run = payouts.start_payout_run(season=season, user=staff)
    queue_payout_run(run)
    run = wait_for(run, lambda r: r.status == "finished")
    paid = selectors.ledger_totals(season=season)
    assert pay_payout_run.delay(run.pk).get(timeout=60) == run.paid_awards
    assert payouts.start_payout_run(season=season, user=staff).pk == run.pk
    queue_payout_run(payouts.resume_payout_run(run=run, user=staff))
    time.sleep(1)
    assert selectors.ledger_totals(season=season) == paid
    run.refresh_from_db()
    assert_paid_exactly_once(season, run)


def test_eight_attempts_of_one_run_at_once_pay_each_award_once(season, staff):
    """Threads on their own connections, released together: a redelivery storm, no worker."""
    run = payouts.start_payout_run(season=season, user=staff)
    barrier, errors = threading.Barrier(8), []

    def attempt():
        try:
            barrier.wait()
            payouts.pay_run(run=run, batch_size=BATCH)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    run.refresh_from_db()
    assert_paid_exactly_once(season, run)
