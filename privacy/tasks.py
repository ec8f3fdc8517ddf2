"""Celery wrappers: take ids, call one service."""

from celery import shared_task
from django.db import OperationalError

from privacy import retention


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def apply_retention() -> dict[str, int]:
    """Delete what the privacy page says expires (beat runs it daily)."""
    return retention.apply_retention()
