"""Celery wrappers: take ids, call one service (each skips the emails already sent)."""

from smtplib import SMTPException
from typing import Any

from celery import shared_task
from django.db import OperationalError

from leagues.models import PayoutRun, Publication
from notifications import services

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
