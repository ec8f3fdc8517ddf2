"""Celery wrappers of the stewarding services: take ids, call one service."""

from celery import shared_task

from leagues.tasks import RETRYING
from stewarding.services import effects


@shared_task(**RETRYING)
def decision_made(decision_id: int) -> int | None:
    """After a decision commits: publish the standings again (same service as a round close)."""
    return effects.publish_after_decision(decision_id=decision_id)
