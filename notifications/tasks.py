"""Celery wrappers: take ids, call one service (each skips the emails already sent)."""

from smtplib import SMTPException
from typing import Any

from celery import shared_task
from django.db import OperationalError

from leagues.models import PayoutRun, Publication
from notifications import services
from notifications.webhooks import services as webhooks

RETRYING: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError, SMTPException, ConnectionError),
    "retry_backoff": True,
    "max_retries": 5,
}


@shared_task(**RETRYING)
def send_round_published_emails(publication_id: int) -> int:
    """A publication retired before this ran was replaced by a newer one, which mails instead."""
    publication = Publication.objects.select_related("season").filter(pk=publication_id).first()
    if publication is None:
        return 0
    return services.send_round_published_emails(publication=publication)


@shared_task(**RETRYING)
def send_payout_emails(run_id: int) -> int:
    return services.send_payout_emails(
        run=PayoutRun.objects.select_related("season").get(pk=run_id)
    )


@shared_task(**RETRYING)
def send_case_decided_emails(decision_id: int) -> int:
    from stewarding.models import Decision

    decision = Decision.objects.select_related("case__round__season", "case__accused").get(
        pk=decision_id
    )
    return services.send_case_decided_emails(decision=decision)


@shared_task(**RETRYING)
def send_case_opened_email(case_id: int) -> int:
    from stewarding.models import Case

    case = Case.objects.select_related("round__season", "lobby", "accused__driver").get(pk=case_id)
    return services.send_case_opened_email(case=case)


# Webhooks: a try is one short post (WEBHOOK_TIMEOUT); the time limit stops a receiver that
# trickles its answer, and the lease (services.LEASE_SECONDS) outlasts it.
WEBHOOK_TASK: dict[str, Any] = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "max_retries": 5,
    "soft_time_limit": 45,
    "time_limit": 60,
}


@shared_task(**WEBHOOK_TASK)
def deliver_webhook(delivery_id: int) -> str | None:
    """One try of one delivery; run twice, it posts once (the delivery is claimed first)."""
    delivery = webhooks.deliver(delivery_id=delivery_id)
    return None if delivery is None else delivery.status


@shared_task(**WEBHOOK_TASK)
def retry_due_webhooks() -> int:
    return webhooks.retry_due()


@shared_task(**RETRYING)
def announce_publication(publication_id: int) -> int:
    """A publication retired before this ran was replaced by a newer one, which announces."""
    publication = Publication.objects.select_related("season").filter(pk=publication_id).first()
    if publication is None:
        return 0
    return len(webhooks.announce_publication(publication=publication))


@shared_task(**RETRYING)
def announce_session_results(session_id: int) -> bool:
    from live_events.models import Session

    session = Session.objects.select_related("event").get(pk=session_id)
    return webhooks.announce_session_results(session=session) is not None


@shared_task(**RETRYING)
def announce_decision(decision_id: int) -> bool:
    from stewarding.models import Decision

    decision = Decision.objects.select_related("case__round__season").get(pk=decision_id)
    return webhooks.announce_decision(decision=decision) is not None
