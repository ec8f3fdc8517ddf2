import pytest
from celery.result import EagerResult
from django.conf import settings

from nationscup.celery import ping


@pytest.mark.django_db
def test_the_home_page_renders_with_navigation(client):
    response = client.get("/")
    assert response.status_code == 200
    for label in (b"Seasons", b"Standings", b"Live events", b"Drivers", b"Log in"):
        assert label in response.content


@pytest.mark.django_db
def test_the_health_check_answers(client):
    assert client.get("/healthz").content == b"ok"


@pytest.mark.integration
def test_a_task_runs_through_redis_on_a_real_worker(celery_worker_process):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    result = ping.delay()
    assert not isinstance(result, EagerResult)
    assert result.get(timeout=30) == "pong"
