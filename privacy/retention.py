"""Writes: the retention job deletes what the privacy page says expires.

Each kind has its own setting and function; ``apply_retention`` runs them all
(Celery beat, daily). Counts of failed sign-ins need no job: they live in the
cache with a time-to-live of ``LOGIN_THROTTLE_SECONDS``.
"""

import datetime as dt
import logging
from importlib import import_module

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from leagues.models import LobbyPost
from notifications.webhooks.services import purge_old_events
from privacy.models import LoginEvent

log = logging.getLogger(__name__)

UPLOADS_FOLDER = "imports"


def purge_login_history(*, now: dt.datetime) -> int:
    """Delete sign-ins older than ``RETAIN_LOGIN_HISTORY_DAYS``."""
    cutoff = now - dt.timedelta(days=settings.RETAIN_LOGIN_HISTORY_DAYS)
    deleted, _ = LoginEvent.objects.filter(at__lt=cutoff).delete()
    return deleted


def purge_abandoned_uploads(*, now: dt.datetime) -> int:
    """Delete import files whose preview was never confirmed within ``RETAIN_UPLOADS_HOURS``.

    A confirmed import deletes its file at once; what is left is abandoned,
    and a registrations file holds birth dates.
    """
    if not default_storage.exists(UPLOADS_FOLDER):
        return 0
    cutoff = now - dt.timedelta(hours=settings.RETAIN_UPLOADS_HOURS)
    _, files = default_storage.listdir(UPLOADS_FOLDER)
    deleted = 0
    for name in files:
        path = f"{UPLOADS_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted


def purge_expired_sessions(*, now: dt.datetime) -> int:
    """Delete signed-in sessions past their expiry (``SESSION_COOKIE_AGE``)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store, "get_model_class", None)
    if model is None:  # cache or cookie sessions expire by themselves
        return 0
    deleted, _ = model().objects.filter(expire_date__lt=now).delete()
    return deleted


def purge_idempotency_keys(*, now: dt.datetime) -> int:
    """Delete race servers' lobby posts (their ``Idempotency-Key``) older than
    ``RETAIN_IDEMPOTENCY_KEYS_DAYS``: a retry that late is a new post."""
    cutoff = now - dt.timedelta(days=settings.RETAIN_IDEMPOTENCY_KEYS_DAYS)
    deleted, _ = LobbyPost.objects.filter(posted_at__lt=cutoff).delete()
    return deleted


PURGES = {
    "login_history": purge_login_history,
    "abandoned_uploads": purge_abandoned_uploads,
    "expired_sessions": purge_expired_sessions,
    "idempotency_keys": purge_idempotency_keys,
    "webhook_events": purge_old_events,
}


def apply_retention(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Run every purge; the number deleted of each kind (safe to run twice, or at once)."""
    now = now or timezone.now()
    counts = {kind: purge(now=now) for kind, purge in PURGES.items()}
    log.info("Retention: deleted %s", ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return counts
