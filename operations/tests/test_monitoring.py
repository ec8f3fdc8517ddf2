import datetime as dt
import json
import logging

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from leagues.models import PayoutRun, Publication
from leagues.services.standings import close_round, publish_standings
from leagues.tests.factories import (
    EntrySlotFactory,
    LobbyFactory,
    RaceResultFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)
from operations import health, logs, tasks
from operations.models import Heartbeat

pytestmark = pytest.mark.django_db

TOKEN = "s3cret-metrics-token"
OUTSIDE = "203.0.113.50"


@pytest.fixture(autouse=True)
def _metrics_settings(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]


def scrape(client, **headers) -> str:
    response = client.get(
        reverse("operations:metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **headers
    )
    assert response.status_code == 200
    return response.content.decode()


# The metrics endpoint ---------------------------------------------------------------------


def test_metrics_are_refused_to_anonymous_visitors_from_outside(client):
    response = client.get(reverse("operations:metrics"), REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 403
    assert "METRICS_TOKEN" in response.content.decode()
    wrong = client.get(
        reverse("operations:metrics"), REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer nope"
    )
    assert wrong.status_code == 403


def test_metrics_are_refused_to_a_signed_in_driver_from_outside(client):
    client.force_login(UserFactory())
    assert client.get(reverse("operations:metrics"), REMOTE_ADDR=OUTSIDE).status_code == 403


def test_metrics_are_served_with_the_token_or_to_an_allowed_network(client):
    assert "nationscup_http_requests_total" in scrape(client, REMOTE_ADDR=OUTSIDE)
    internal = client.get(reverse("operations:metrics"), REMOTE_ADDR="10.1.2.3")
    assert internal.status_code == 200


def test_requests_are_counted_and_timed_per_view(client):
    client.get(reverse("leagues:rules"))
    client.get("/no-such-page/")
    text = scrape(client)
    assert 'nationscup_http_requests_total{method="GET",status="200",view="leagues:rules"}' in text
    assert 'view="unresolved"' in text
    assert 'nationscup_http_request_duration_seconds_bucket{le="0.005",method="GET"' in text


def test_jobs_are_counted_with_their_outcome_and_duration(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        tasks.heartbeat.delay()
    text = scrape(client)
    assert (
        'nationscup_celery_tasks_total{state="success",task="operations.tasks.heartbeat"}' in text
    )
    assert 'nationscup_celery_task_duration_seconds_count{task="operations.tasks.heartbeat"}' in (
        text
    )


def test_a_publication_adds_its_duration_and_rows(client):
    season = SeasonFactory()
    round_ = RoundFactory(season=season, number=1)
    slot = EntrySlotFactory(round=round_)
    for index in range(3):
        RaceResultFactory(
            lobby=LobbyFactory(slot=slot),
            slot=slot,
            registration=RegistrationFactory(season=season),
            points=10 - index,
        )
    before = scrape(client)
    with TestCase.captureOnCommitCallbacks(execute=True):
        close_round(round=round_)
        publish_standings(season=season)
    after = scrape(client)

    def value(text, name):
        line = next(line for line in text.splitlines() if line.startswith(name + " "))
        return float(line.split()[1])

    assert value(after, "nationscup_publication_rows_total") - value(
        before, "nationscup_publication_rows_total"
    ) == pytest.approx(12)  # 3 drivers in 4 tiers
    assert value(after, "nationscup_publication_duration_seconds_count") - value(
        before, "nationscup_publication_duration_seconds_count"
    ) == pytest.approx(1)


def test_queue_depth_and_payout_progress_are_read_when_scraped(client):
    season = SeasonFactory()
    PayoutRun.objects.create(
        season=season,
        started_by=UserFactory(),
        publication=Publication.objects.create(season=season, version=1, is_final=True),
        rates=[],
        expected_awards=40,
        paid_awards=15,
        paid_credits=1_500_000,
    )
    text = scrape(client)
    assert 'nationscup_payout_awards_expected{season="2024",status="running"} 40.0' in text
    assert 'nationscup_payout_awards_paid{season="2024",status="running"} 15.0' in text
    assert 'nationscup_payout_credits_paid{season="2024",status="running"} 1.5e+06' in text
    assert 'nationscup_payout_runs{status="running"} 1.0' in text
    assert "nationscup_celery_queue_depth" in text


# Readiness ------------------------------------------------------------------------------


def beat_sent(seconds_ago: float) -> None:
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    PeriodicTask.objects.update_or_create(
        name=health.HEARTBEAT_TASK,
        defaults={
            "task": "operations.tasks.heartbeat",
            "interval": every_minute,
            "last_run_at": timezone.now() - dt.timedelta(seconds=seconds_ago),
        },
    )


def test_ready_when_the_database_a_worker_and_beat_answered_recently(client):
    beat_sent(30)
    tasks.heartbeat.delay()
    response = client.get(reverse("operations:readiness"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "redis",
        "worker",
        "beat",
    }


def test_not_ready_without_a_recent_worker_heartbeat_or_beat(client, settings):
    settings.HEALTH_WORKER_MAX_AGE = 180
    beat_sent(3600)
    Heartbeat.objects.create(name="worker", at=timezone.now() - dt.timedelta(seconds=600))
    response = client.get(reverse("operations:readiness"))
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert not checks["worker"]["ok"] and "limit 180 s" in checks["worker"]["detail"]
    assert not checks["beat"]["ok"]
    assert checks["database"]["ok"]


def test_not_ready_before_beat_ever_sent_a_heartbeat(client):
    tasks.heartbeat.delay()
    body = client.get(reverse("operations:readiness")).json()
    assert body["checks"]["beat"] == {"ok": False, "detail": "no job sent by beat yet"}


def test_not_ready_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    assert client.get(reverse("operations:readiness")).json()["checks"]["redis"] == {
        "ok": False,
        "detail": "unreachable",
    }


def test_beat_sends_the_heartbeat_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE[health.HEARTBEAT_TASK]
    assert (entry["task"], entry["schedule"]) == (tasks.heartbeat.name, 60.0)


# Logs -----------------------------------------------------------------------------------


def test_every_response_carries_a_request_id_and_a_proxys_id_is_kept(client):
    made = client.get(reverse("leagues:rules"))["X-Request-ID"]
    assert len(made) == 32
    kept = client.get(reverse("leagues:rules"), HTTP_X_REQUEST_ID="edge-1234abcd")
    assert kept["X-Request-ID"] == "edge-1234abcd"
    hostile = client.get(reverse("leagues:rules"), HTTP_X_REQUEST_ID="<script>\n")
    assert hostile["X-Request-ID"] != "<script>\n"


def test_json_log_lines_carry_the_request_id():
    record = logging.LogRecord("nationscup.audit", logging.INFO, __file__, 1, "paid %s", (3,), None)
    token = logs.request_id.set("abc123def456")
    try:
        logs.RequestIdFilter().filter(record)
    finally:
        logs.request_id.reset(token)
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["request_id"] == "abc123def456"
    assert (line["level"], line["logger"], line["message"]) == (
        "INFO",
        "nationscup.audit",
        "paid 3",
    )
