"""Signal receivers: they only enqueue a task (through the outbox), so a slow mail server
never slows a job."""

from django.dispatch import receiver

from leagues.signals import payout_run_finished, standings_published
from live_events.signals import session_results_confirmed
from notifications import tasks
from notifications.webhooks.selectors import any_active_webhook
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


# Webhooks: nothing is queued while no organiser has registered one.


@receiver(standings_published, dispatch_uid="notifications.webhooks.publication")
def announce_publication(sender, publication, **kwargs):
    if any_active_webhook():
        enqueue(tasks.announce_publication, publication.pk)


@receiver(session_results_confirmed, dispatch_uid="notifications.webhooks.session")
def announce_session_results(sender, session, **kwargs):
    if any_active_webhook():
        enqueue(tasks.announce_session_results, session.pk)


@receiver(case_decided, dispatch_uid="notifications.webhooks.decision")
def announce_decision(sender, decision, **kwargs):
    if any_active_webhook():
        enqueue(tasks.announce_decision, decision.pk)
