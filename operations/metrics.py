"""Prometheus metrics: requests per view, Celery jobs, queue depth, publications, payouts.

Counters and histograms live in the process that observes them (web or
worker). With ``PROMETHEUS_MULTIPROC_DIR`` set (production: one empty folder
per machine, shared by its gunicorn and Celery processes), every process
writes its samples there and the endpoint adds them up; without it, the
endpoint shows its own process. Queue depth and payout progress are read
from the broker and the database when the endpoint is scraped, so every
web process reports the same figures.
"""

import os
import time
from pathlib import Path

import redis
from celery.signals import task_postrun, task_prerun, task_retry
from django.conf import settings
from django.db.models import Count, Min, Sum
from django.dispatch import receiver
from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from leagues.signals import standings_published

REQUESTS = Counter(
    "nationscup_http_requests_total", "HTTP requests answered", ["view", "method", "status"]
)
REQUEST_SECONDS = Histogram(
    "nationscup_http_request_duration_seconds", "Time to answer a request", ["view", "method"]
)
TASKS = Counter("nationscup_celery_tasks_total", "Celery jobs ended, by outcome", ["task", "state"])
TASK_SECONDS = Histogram(
    "nationscup_celery_task_duration_seconds",
    "Time a Celery job ran",
    ["task"],
    buckets=(0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, float("inf")),
)
PUBLICATION_SECONDS = Histogram(
    "nationscup_publication_duration_seconds",
    "Time from starting a publication to switching to it",
    buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1200, float("inf")),
)
PUBLICATION_ROWS = Counter(
    "nationscup_publication_rows_total", "Standing rows written by publications"
)
PUBLICATIONS = Counter("nationscup_publications_total", "Publications switched to")


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view, method, str(status)).inc()
    REQUEST_SECONDS.labels(view, method).observe(seconds)


_started: dict[str, float] = {}


@task_prerun.connect(dispatch_uid="operations.metrics.task_started")
def _task_started(task_id=None, **kwargs):
    _started[task_id] = time.monotonic()


@task_postrun.connect(dispatch_uid="operations.metrics.task_ended")
def _task_ended(task_id=None, task=None, state=None, **kwargs):
    started = _started.pop(task_id, None)
    name = getattr(task, "name", "unknown")
    TASKS.labels(name, (state or "unknown").lower()).inc()
    if started is not None:
        TASK_SECONDS.labels(name).observe(time.monotonic() - started)


@task_retry.connect(dispatch_uid="operations.metrics.task_retried")
def _task_retried(sender=None, **kwargs):
    TASKS.labels(getattr(sender, "name", "unknown"), "retry").inc()


@receiver(standings_published, dispatch_uid="operations.metrics.publication")
def _publication(sender, publication, **kwargs):
    PUBLICATIONS.inc()
    if publication.published_at and publication.created_at:
        PUBLICATION_SECONDS.observe(
            (publication.published_at - publication.created_at).total_seconds()
        )
    # Each standing is in one ranking: the summaries' sizes add up to the rows, unread.
    PUBLICATION_ROWS.inc(publication.rankings.aggregate(rows=Sum("ranked"))["rows"] or 0)


class StateCollector:
    """Figures read at scrape time: queue depth from the broker, payout runs from the ledger."""

    def collect(self):
        depth = GaugeMetricFamily(
            "nationscup_celery_queue_depth", "Jobs waiting in the broker", labels=["queue"]
        )
        for queue, waiting in queue_depths().items():
            depth.add_metric([queue], waiting)
        yield depth
        yield from outbox_metrics()
        yield from payout_metrics()


def outbox_metrics():
    """Jobs the broker has not got yet (Redis away), and how long the oldest has waited."""
    from operations.models import OutboxMessage

    waiting = OutboxMessage.objects.filter(dispatched_at__isnull=True, picked_up_at__isnull=True)
    oldest = waiting.aggregate(at=Min("created_at"))["at"]
    yield GaugeMetricFamily(
        "nationscup_outbox_waiting",
        "Jobs in the outbox not sent to the broker yet",
        value=waiting.count(),
    )
    yield GaugeMetricFamily(
        "nationscup_outbox_oldest_waiting_seconds",
        "Age of the oldest job not sent to the broker yet (0: none)",
        value=(timezone.now() - oldest).total_seconds() if oldest else 0,
    )


def queue_depths() -> dict[str, int]:
    """Messages waiting per queue: Redis list lengths, or files of the filesystem broker."""
    queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    if settings.CELERY_BROKER_URL.startswith("redis"):
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=1)
        try:
            return {queue: int(client.llen(queue))}
        except redis.RedisError:
            return {}
    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    folder = Path(options.get("data_folder_in", ""))
    return {queue: len(list(folder.glob(f"*.{queue}.msg")))} if folder.is_dir() else {}


def payout_metrics():
    from leagues.models import PayoutRun

    labels = ["season", "status"]
    expected = GaugeMetricFamily(
        "nationscup_payout_awards_expected", "Awards a payout run must pay", labels=labels
    )
    paid = GaugeMetricFamily(
        "nationscup_payout_awards_paid", "Awards a payout run has paid", labels=labels
    )
    credits = GaugeMetricFamily(
        "nationscup_payout_credits_paid", "Credits a payout run has paid", labels=labels
    )
    runs = PayoutRun.objects.select_related("season").order_by("season__year", "season__kind")
    for run in runs:
        values = [run.season.label, run.status]
        expected.add_metric(values, run.expected_awards)
        paid.add_metric(values, run.paid_awards)
        credits.add_metric(values, run.paid_credits)
    yield from (expected, paid, credits)
    by_status = GaugeMetricFamily(
        "nationscup_payout_runs", "Payout runs by status", labels=["status"]
    )
    for row in PayoutRun.objects.values("status").annotate(n=Count("pk")).order_by("status"):
        by_status.add_metric([row["status"]], row["n"])
    yield by_status


STATE = CollectorRegistry()
STATE.register(StateCollector())


def exposition() -> bytes:
    """The text the endpoint serves: every process's samples (or this one's) and the state."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(STATE)
