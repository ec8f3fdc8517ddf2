"""The transactional outbox: every job the site queues goes through here.

``enqueue`` writes an ``OutboxMessage`` in the caller's transaction and sends it
to the broker once that transaction commits. Sending is short and never retried
in the request: with the broker away the message waits in the database and the
request answers at once. Beat's ``sweep`` (every minute) sends what is waiting
and what the broker lost (sent long ago, never picked up). Every job is safe to
run twice (see ``leagues/tasks.py``), so sending again is always safe.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

from celery import Task
from celery.signals import task_prerun
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from operations.models import OutboxMessage

logger = logging.getLogger(__name__)

# Broker errors that leave a message waiting for the sweep (a task's own failure in
# eager mode is not one of them: it propagates as it always did).
BROKER_ERRORS = (KombuError, RedisError, OSError)
SWEEP_BATCH = 500


def enqueue(task: Task, *args: object) -> OutboxMessage:
    """Queue ``task(*args)`` once the current transaction commits (at once outside one)."""
    message = OutboxMessage.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: dispatch([message]))
    return message


def dispatch(messages: Iterable[OutboxMessage]) -> int:
    """Send the messages to the broker; the count sent. Stops at the first broker error."""
    from nationscup.celery import app

    sent = 0
    with app.connection_for_write(
        connect_timeout=settings.CELERY_BROKER_CONNECTION_TIMEOUT,
        transport_options={**app.conf.broker_transport_options, "max_retries": 0},
    ) as connection:
        for message in messages:
            try:
                app.tasks[message.task].apply_async(  # type: ignore[call-arg]  # connection
                    message.args,  # is passed on to send_task; the stubs leave it out
                    task_id=str(message.pk),
                    connection=connection,
                    retry=False,
                    ignore_result=True,
                )
            except BROKER_ERRORS as error:
                logger.warning("broker unreachable, %s waits for the sweep: %s", message, error)
                OutboxMessage.objects.filter(pk=message.pk).update(
                    attempts=message.attempts + 1, last_error=str(error)[:500]
                )
                break
            OutboxMessage.objects.filter(pk=message.pk).update(
                dispatched_at=timezone.now(), attempts=message.attempts + 1, last_error=""
            )
            sent += 1
    return sent


def sweep(*, now: dt.datetime | None = None) -> int:
    """Send every message still waiting, or sent so long ago that the broker lost it.

    Also forgets messages picked up more than ``OUTBOX_KEEP_DAYS`` ago.
    """
    now = now or timezone.now()
    lost_before = now - dt.timedelta(seconds=settings.OUTBOX_RESEND_AFTER)
    waiting = OutboxMessage.objects.filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=lost_before), picked_up_at__isnull=True
    )
    sent = dispatch(list(waiting.order_by("created_at")[:SWEEP_BATCH]))
    OutboxMessage.objects.filter(
        picked_up_at__lt=now - dt.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    ).delete()
    return sent


def recent_args(task: Task, *, since: dt.datetime) -> list[list]:
    """The arguments of the ``task`` messages still waiting or picked up after ``since``."""
    return list(
        OutboxMessage.objects.filter(
            Q(picked_up_at__isnull=True) | Q(picked_up_at__gte=since), task=task.name
        ).values_list("args", flat=True)
    )


@task_prerun.connect(dispatch_uid="operations.outbox.picked_up")
def _picked_up(task_id: str | None = None, **kwargs: object) -> None:
    """A worker started the job: its message needs no more sending."""
    try:
        key = uuid.UUID(str(task_id))
    except ValueError:
        return
    OutboxMessage.objects.filter(pk=key, picked_up_at__isnull=True).update(
        picked_up_at=timezone.now()
    )
