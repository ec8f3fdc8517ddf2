import uuid

from django.db import models
from django.utils import timezone


class Heartbeat(models.Model):
    """When a process last proved it works: the worker writes ``worker`` each minute."""

    name = models.CharField(max_length=32, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"


class OutboxMessage(models.Model):
    """A job to queue, written in the same transaction as the change that asks for it.

    The transactional outbox: a job exists exactly when its transaction commits.
    The broker is sent it right after the commit; while the broker is away the
    row waits, and beat's sweep (``operations.outbox.sweep``) sends it once the
    broker answers again. The row's id is the Celery task id, so the worker marks
    it picked up when it starts the job; one sent but never picked up (the broker
    lost it: a flush, an eviction, a crash) is sent again.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    picked_up_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(picked_up_at__isnull=True),
                name="outbox_waiting_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
