"""Signal receivers: they only enqueue a task (through the outbox), so a slow mail server
never slows a job."""

from django.dispatch import receiver

from leagues.signals import payout_run_finished, standings_published
from notifications import tasks
from operations.outbox import enqueue
from stewarding.signals import case_decided, case_opened


@receiver(standings_published, dispatch_uid="notifications.round_published")
def on_standings_published(sender, publication, **kwargs):
    enqueue(tasks.send_round_published_emails, publication.pk)


@receiver(payout_run_finished, dispatch_uid="notifications.payout_made")
def on_payout_run_finished(sender, run, **kwargs):
    enqueue(tasks.send_payout_emails, run.pk)


@receiver(case_decided, dispatch_uid="notifications.case_decided")
def on_case_decided(sender, decision, **kwargs):
    enqueue(tasks.send_case_decided_emails, decision.pk)


@receiver(case_opened, dispatch_uid="notifications.case_opened")
def on_case_opened(sender, case, **kwargs):
    enqueue(tasks.send_case_opened_email, case.pk)
