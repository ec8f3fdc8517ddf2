"""Celery wrappers: take ids, call one function."""

from celery import shared_task

from operations import health, outbox


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every minute; running it proves a worker takes jobs."""
    health.record_heartbeat()


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Beat sends this every minute: queue the jobs the broker never got or lost."""
    return outbox.sweep()
