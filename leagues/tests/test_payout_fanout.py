"""A payout run spread over workers: its batches planned, paid once each, resumed, reconciled.

The plain tests run the chord eagerly (in this process); the integration test
runs it on PostgreSQL through a real worker.
"""

import datetime as dt
import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from leagues import rules
from leagues.models import PayoutRun, RewardPayout, StaffAction
from leagues.selectors import payouts as selectors
from leagues.services import payouts
from leagues.tasks import queue_payout_run, resume_stuck_jobs
from leagues.tests.factories import UserFactory
from leagues.tests.test_payouts import closed_season, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    user = UserFactory(username="payer")
    user.groups.add(Group.objects.get_or_create(name=selectors.PAYOUT_GROUP)[0])
    return user


def awards(run: PayoutRun) -> list[tuple[int, str]]:
    """The (registration, tier) of every award of the run's pinned publication."""
    return list(run.publication.standings.exclude(medal="").values_list("registration_id", "tier"))


def assert_paid_exactly_once(run: PayoutRun) -> None:
    run.refresh_from_db()
    ledger = list(RewardPayout.objects.filter(run=run).values_list("registration_id", "tier"))
    assert sorted(ledger) == sorted(awards(run))
    assert run.status == PayoutRun.Status.FINISHED
    assert (run.paid_awards, run.paid_credits) == (run.expected_awards, run.expected_credits)
    assert selectors.ledger_totals(season=run.season) == (run.expected_awards, run.expected_credits)


@given(st.lists(st.integers(min_value=1, max_value=10_000)))
def test_the_planned_ranges_are_contiguous_disjoint_and_end_at_each_end(ends):
    ends = sorted(ends)
    ranges = rules.plan_batches(ends)
    uptos = [upto for _, upto in ranges]
    assert uptos == sorted(set(ends))
    assert all(after < upto for after, upto in ranges)
    assert [after for after, _ in ranges] == [0, *uptos][: len(ranges)]


@pytest.mark.parametrize("batch_size", [1, 3, 7, 50, 10_000])
def test_the_batches_cover_every_award_exactly_once(staff, batch_size):
    season = closed_season(gt1=23, gt2=9)
    run = payouts.start_payout_run(season=season, user=staff)
    batches = selectors.payout_batches(run=run, batch_size=batch_size)

    assert batches[0][0] == 0
    assert all(previous[1] == after for previous, (after, _) in zip(batches, batches[1:]))
    holding = [
        [index for index, (after, upto) in enumerate(batches) if after < registration <= upto]
        for registration, _ in awards(run)
    ]
    assert all(len(found) == 1 for found in holding)
    sizes = [sum(1 for found in holding if found == [index]) for index in range(len(batches))]
    # A registration's awards stay in one batch, so a batch holds at most one
    # registration's worth (four tiers) beyond its size.
    assert all(0 < size < batch_size + len(rules.TIERS) for size in sizes)
    assert len(batches) >= len(holding) // (batch_size + len(rules.TIERS))


def test_the_plan_is_one_query(staff, django_assert_num_queries):
    run = payouts.start_payout_run(season=closed_season(gt1=10, gt2=4), user=staff)
    with django_assert_num_queries(1):
        selectors.payout_batches(run=run, batch_size=5)


def test_a_batch_of_no_award_is_refused():
    with pytest.raises(ValueError, match="at least one award"):
        selectors.payout_batches(run=PayoutRun(publication_id=1), batch_size=0)


def test_a_batch_run_twice_pays_once(staff):
    season = closed_season(gt1=12, gt2=4)
    run = payouts.start_payout_run(season=season, user=staff)
    after, upto = payouts.plan_run(run=run, batch_size=10)[1]

    first = payouts.pay_batch(run=run, after=after, upto=upto)
    second = payouts.pay_batch(run=run, after=after, upto=upto)

    run.refresh_from_db()
    assert first is not None and first > 0 and second == 0
    assert RewardPayout.objects.count() == run.paid_awards == first
    assert run.paid_credits == sum(RewardPayout.objects.values_list("credits", flat=True))


def test_a_whole_run_paid_twice_through_its_chord_pays_once(staff, monkeypatch):
    season = closed_season(gt1=12, gt2=4)
    paid_batches = []
    real_pay_batch = payouts.pay_batch

    def pay_batch(*, run, after, upto):
        paid_batches.append((after, upto))
        return real_pay_batch(run=run, after=after, upto=upto)

    monkeypatch.setattr(payouts, "pay_batch", pay_batch)
    run = start(season, staff, batch_size=6)
    # Eager mode runs the chord inline: every batch job, then the finish.
    assert paid_batches == selectors.payout_batches(run=run, batch_size=6)
    run.refresh_from_db()
    assert run.status == PayoutRun.Status.FINISHED
    with TestCase.captureOnCommitCallbacks(execute=True):
        queue_payout_run(payouts.resume_payout_run(run=run, user=staff), batch_size=5)
    assert_paid_exactly_once(run)
    assert StaffAction.objects.filter(action="payout run finished").count() == 1


def test_a_batch_of_a_run_not_running_pays_nothing(staff):
    season = closed_season(gt1=6, gt2=2)
    run = payouts.start_payout_run(season=season, user=staff)
    for status in (PayoutRun.Status.FAILED, PayoutRun.Status.STOPPED, PayoutRun.Status.FINISHED):
        PayoutRun.objects.filter(pk=run.pk).update(status=status)
        assert payouts.pay_batch(run=run, after=0, upto=10**9) is None
    assert not RewardPayout.objects.exists()


def test_an_attempt_whose_batch_found_the_run_not_running_finishes_nothing(staff):
    """Another attempt failed the run meanwhile, and a person resumed it: the resumed
    attempt finishes the run; this one, short of a batch, must not stop it."""
    season = closed_season(gt1=12, gt2=4)
    run = payouts.start_payout_run(season=season, user=staff)
    first, *others = payouts.plan_run(run=run, batch_size=8)
    PayoutRun.objects.filter(pk=run.pk).update(status=PayoutRun.Status.FAILED)
    paid = [payouts.pay_batch(run=run, after=first[0], upto=first[1])]
    PayoutRun.objects.filter(pk=run.pk).update(status=PayoutRun.Status.RUNNING)
    paid += [payouts.pay_batch(run=run, after=after, upto=upto) for after, upto in others]

    run = payouts.finish_run(run=run, paid=paid)

    assert paid[0] is None and run.status == PayoutRun.Status.RUNNING
    assert not StaffAction.objects.filter(action="payout run stopped").exists()
    payouts.pay_run(run=run, batch_size=8)  # the resumed attempt
    assert_paid_exactly_once(run)


def fail_in_the_second_batch(execute, sql, params, many, context):
    """Raise inside the second batch's transaction, after its ledger rows were written."""
    if sql.startswith('UPDATE "leagues_payoutrun"') and "paid_awards" in sql:
        fail_in_the_second_batch.seen += 1  # type: ignore[attr-defined]
        if fail_in_the_second_batch.seen == 2:  # type: ignore[attr-defined]
            raise RuntimeError("worker lost mid-batch")
    return execute(sql, params, many, context)


def test_a_crash_mid_batch_then_a_resume_gives_the_exact_ledger(staff):
    season = closed_season(gt1=30, gt2=10)
    fail_in_the_second_batch.seen = 0  # type: ignore[attr-defined]
    with connection.execute_wrapper(fail_in_the_second_batch), pytest.raises(RuntimeError):
        start(season, staff, batch_size=10)
    run = PayoutRun.objects.get(season=season)
    assert run.status == PayoutRun.Status.FAILED and "mid-batch" in run.last_error
    # The second batch's rows went with its transaction; the first batch's stayed.
    assert 0 < RewardPayout.objects.count() == run.paid_awards < run.expected_awards
    assert StaffAction.objects.filter(action="payout run failed").count() == 1

    start(season, staff, batch_size=10)  # starting a failed run resumes it
    assert_paid_exactly_once(run)


def test_a_run_gone_quiet_mid_fan_out_is_resumed_by_the_beat_job(staff, settings):
    season = closed_season(gt1=12, gt2=4)
    run = payouts.start_payout_run(season=season, user=staff)
    for after, upto in payouts.plan_run(run=run, batch_size=8)[::2]:  # every other batch lost
        payouts.pay_batch(run=run, after=after, upto=upto)
    RewardPayout.objects.update(paid_at=timezone.now() - dt.timedelta(days=1))
    PayoutRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - dt.timedelta(days=1))

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert resume_stuck_jobs()["payout_runs"] == [run.pk]
    assert_paid_exactly_once(run)


def test_the_finish_stops_a_run_whose_ledger_was_tampered_with(staff):
    season = closed_season(gt1=12, gt2=4)
    run = payouts.start_payout_run(season=season, user=staff)
    paid = [
        payouts.pay_batch(run=run, after=after, upto=upto)
        for after, upto in payouts.plan_run(run=run, batch_size=8)
    ]
    tampered = RewardPayout.objects.filter(run=run).order_by("pk").first()
    assert tampered is not None
    RewardPayout.objects.filter(pk=tampered.pk).update(credits=tampered.credits + 1)

    run = payouts.finish_run(run=run, paid=paid)

    assert run.status == PayoutRun.Status.STOPPED and run.finished_at is None
    assert run.paid_credits == run.expected_credits + 1
    assert f"{run.expected_credits} credits were confirmed" in run.last_error
    assert StaffAction.objects.filter(action="payout run stopped").count() == 1
    assert not StaffAction.objects.filter(action="payout run finished").exists()


@pytest.mark.integration
def test_a_whole_run_through_the_chord_on_the_workers_pays_each_award_once(
    staff, celery_worker_process
):
    season = closed_season(gt1=40, gt2=12)
    run = payouts.start_payout_run(season=season, user=staff)
    queue_payout_run(run, batch_size=7)  # about twenty batches over the worker's two processes
    deadline = time.monotonic() + 90
    while run.status == PayoutRun.Status.RUNNING and time.monotonic() < deadline:
        time.sleep(0.2)
        run.refresh_from_db()
    assert_paid_exactly_once(run)
    assert run.expected_awards == len(awards(run)) > 7 * 10
