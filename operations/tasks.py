"""Celery wrappers: take ids, call one function."""

from celery import shared_task

from operations import health


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every minute; running it proves a worker takes jobs."""
    health.record_heartbeat()
