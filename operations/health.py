"""Readiness: PostgreSQL, Redis, and a worker and beat that answered recently.

Beat sends ``operations.tasks.heartbeat`` every minute and records when (its
``PeriodicTask.last_run_at``, saved every few minutes); the worker that runs
it stamps the ``worker`` heartbeat. Either one old means jobs are not running.
"""

import datetime as dt
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from operations.models import Heartbeat

HEARTBEAT_TASK = "heartbeat"


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def _age(moment: dt.datetime | None, now: dt.datetime) -> float | None:
    return None if moment is None else (now - moment).total_seconds()


def _freshness(moment: dt.datetime | None, *, now: dt.datetime, limit: int, what: str) -> Check:
    age = _age(moment, now)
    if age is None:
        return Check(False, f"no {what} yet")
    if age > limit:
        return Check(False, f"last {what} {int(age)} s ago (limit {limit} s)")
    return Check(True, f"last {what} {int(age)} s ago")


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return Check(False, "unreachable")
    return Check(True, connection.vendor)


def check_redis() -> Check:
    if not settings.REDIS_URL:
        return Check(True, "not used (no REDIS_URL)")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return Check(False, "unreachable")
    return Check(True, "answers")


def check_worker(now: dt.datetime) -> Check:
    beat = Heartbeat.objects.filter(name="worker").values_list("at", flat=True).first()
    return _freshness(
        beat, now=now, limit=settings.HEALTH_WORKER_MAX_AGE, what="job run by a worker"
    )


def check_beat(now: dt.datetime) -> Check:
    sent = (
        PeriodicTask.objects.filter(name=HEARTBEAT_TASK)
        .values_list("last_run_at", flat=True)
        .first()
    )
    return _freshness(sent, now=now, limit=settings.HEALTH_BEAT_MAX_AGE, what="job sent by beat")


def readiness() -> dict[str, Check]:
    database = check_database()
    checks = {"database": database, "redis": check_redis()}
    if database.ok:
        now = timezone.now()
        checks["worker"] = check_worker(now)
        checks["beat"] = check_beat(now)
    else:
        checks["worker"] = checks["beat"] = Check(False, "unknown: the database is unreachable")
    return checks


def record_heartbeat(*, name: str = "worker") -> None:
    """Stamp ``name``'s heartbeat with the time now."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})
