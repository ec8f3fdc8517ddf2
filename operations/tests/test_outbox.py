"""The transactional outbox: a job exists exactly when its transaction commits, and
reaches a worker even if the broker was away when it was asked for."""

import datetime as dt

import pytest
from celery import Task
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from leagues.models import PayoutRun, Publication, RewardPayout
from leagues.selectors import payouts as selectors
from leagues.services import payouts
from leagues.tasks import close_round, pay_payout_run, queue_payout_run, resume_stuck_jobs
from leagues.tests.factories import UserFactory
from leagues.tests.test_payouts import closed_season, season_with_results
from operations import outbox
from operations.models import OutboxMessage
from operations.tasks import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    user = UserFactory(username="payer")
    user.groups.add(Group.objects.get_or_create(name=selectors.PAYOUT_GROUP)[0])
    return user


@pytest.fixture
def broker_down(monkeypatch):
    """Every send to the broker fails as kombu reports an unreachable Redis."""

    def refuse(self, *args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(Task, "apply_async", refuse)
    return monkeypatch


def test_a_job_is_queued_only_when_its_transaction_commits():
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        outbox.enqueue(heartbeat)
        transaction.set_rollback(True)
    assert not OutboxMessage.objects.exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        message = outbox.enqueue(heartbeat)
    message.refresh_from_db()
    assert message.dispatched_at is not None and message.picked_up_at is not None


def test_a_job_asked_for_while_the_broker_is_down_waits_and_the_sweep_sends_it(broker_down):
    with TestCase.captureOnCommitCallbacks(execute=True):
        message = outbox.enqueue(heartbeat)
    message.refresh_from_db()
    assert message.dispatched_at is None and "Connection refused" in message.last_error
    assert outbox.sweep() == 0  # still down: still waiting
    broker_down.undo()
    assert outbox.sweep() == 1
    message.refresh_from_db()
    assert message.picked_up_at is not None and message.attempts == 3
    assert outbox.sweep() == 0


def test_a_job_the_broker_lost_is_sent_again_and_a_started_one_is_not(settings):
    lost = OutboxMessage.objects.create(
        task=heartbeat.name, dispatched_at=timezone.now() - dt.timedelta(hours=1)
    )
    recent = OutboxMessage.objects.create(task=heartbeat.name, dispatched_at=timezone.now())
    started = OutboxMessage.objects.create(
        task=heartbeat.name,
        dispatched_at=timezone.now() - dt.timedelta(hours=1),
        picked_up_at=timezone.now() - dt.timedelta(hours=1),
    )
    assert outbox.sweep() == 1
    lost.refresh_from_db()
    recent.refresh_from_db()
    started.refresh_from_db()
    assert lost.picked_up_at is not None and recent.picked_up_at is None
    assert started.attempts == 0
    later = timezone.now() + dt.timedelta(days=settings.OUTBOX_KEEP_DAYS, hours=2)
    outbox.sweep(now=later)
    assert not OutboxMessage.objects.filter(pk__in=[lost.pk, started.pk]).exists()


def test_a_payout_started_while_the_broker_is_down_answers_at_once_and_is_paid_later(
    client, staff, broker_down
):
    season = closed_season(gt1=2, gt2=2)
    client.force_login(staff)
    totals = selectors.payout_preview(season=season)
    assert totals.publication is not None
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("leagues:payout_confirm", kwargs={"season": season.label}),
            {
                "expected_awards": totals.awards,
                "expected_credits": totals.credits,
                "expected_publication": totals.publication.pk,
                "expected_table": totals.table_digest,
            },
        )
    assert response.status_code == 302
    run = PayoutRun.objects.get()
    assert (run.status, run.paid_awards) == (PayoutRun.Status.RUNNING, 0)
    assert OutboxMessage.objects.get().task == pay_payout_run.name
    broker_down.undo()
    outbox.sweep()
    run.refresh_from_db()
    assert run.status == PayoutRun.Status.FINISHED
    assert RewardPayout.objects.count() == run.expected_awards == totals.awards


def test_a_payout_run_gone_quiet_is_resumed_and_pays_each_award_once(staff, settings):
    season = closed_season(gt1=3, gt2=1)
    run = payouts.start_payout_run(season=season, user=staff)
    queue_payout_run(run)  # its message never sent
    OutboxMessage.objects.update(picked_up_at=timezone.now())  # a worker took it, then died
    assert resume_stuck_jobs(now=timezone.now()) == {"payout_runs": [], "rounds": []}
    later = timezone.now() + dt.timedelta(seconds=settings.JOB_STUCK_AFTER + 1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert resume_stuck_jobs(now=later)["payout_runs"] == [run.pk]
    run.refresh_from_db()
    assert run.status == PayoutRun.Status.FINISHED
    assert RewardPayout.objects.count() == run.expected_awards
    assert resume_stuck_jobs(now=later)["payout_runs"] == []


def test_a_closed_round_whose_publication_was_lost_is_published(settings):
    season = season_with_results(gt1=3, gt2=0)
    assert not Publication.objects.filter(season=season).exists()  # closed, never published
    round_ = season.rounds.get()
    later = timezone.now() + dt.timedelta(seconds=settings.JOB_STUCK_AFTER + 1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert resume_stuck_jobs(now=later)["rounds"] == [round_.pk]
    assert Publication.objects.get(season=season).rounds_included == [1]
    assert OutboxMessage.objects.filter(task=close_round.name).count() == 1
    assert resume_stuck_jobs(now=later)["rounds"] == []


def test_the_cache_gets_the_brokers_neighbour_database_unless_told():
    from nationscup.settings import _neighbour_database

    assert _neighbour_database("redis://127.0.0.1:6379/3") == "redis://127.0.0.1:6379/4"
    assert _neighbour_database("redis://127.0.0.1:6379/15") == "redis://127.0.0.1:6379/14"
    assert _neighbour_database("redis://cache.internal:6379") == "redis://cache.internal:6379"
