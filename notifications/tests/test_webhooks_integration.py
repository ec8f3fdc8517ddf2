"""Webhooks on PostgreSQL through a real Celery worker on Redis, to a receiver on loopback."""

import json
import time

import pytest

from leagues import tasks as league_tasks
from leagues.models import Publication
from leagues.tests.factories import RegistrationFactory, SeasonFactory
from notifications import tasks
from notifications.models import Webhook, WebhookDelivery, WebhookEvent
from notifications.tests.receiver import receiver
from notifications.webhooks import rules, services
from tests.season_data import make_round, race

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def loopback_worker(request, monkeypatch):
    """The worker lets the loopback receiver through and waits one second for an answer."""
    monkeypatch.setenv("WEBHOOK_ALLOW_LOOPBACK_HTTP", "1")
    monkeypatch.setenv("WEBHOOK_TIMEOUT", "1")
    return request.getfixturevalue("celery_worker_process")


def wait_for(condition, *, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_round_closed_by_the_worker_is_posted_signed_and_a_slow_endpoint_is_tried_again(
    loopback_worker,
):
    season = SeasonFactory()
    round_ = make_round(season, 1)
    for index in range(3):
        race(RegistrationFactory(season=season), round_, 500 - index)
    kinds = [rules.ROUND_PUBLISHED, rules.STANDINGS_PUBLISHED]
    with receiver() as quick, receiver(delay=3) as slow:
        fine = Webhook.objects.create(name="Quick", url=quick.url, kinds=kinds)
        Webhook.objects.create(name="Slow", url=slow.url, kinds=kinds)
        started = time.monotonic()
        assert league_tasks.close_round.delay(round_.pk).get(timeout=60) is True
        assert time.monotonic() - started < 10
        wait_for(lambda: len(quick.posts) == 2)
        slow_deliveries = WebhookDelivery.objects.filter(webhook__name="Slow")
        wait_for(lambda: slow_deliveries.filter(attempts=1).count() == 2)
        assert set(slow_deliveries.values_list("status", "last_error")) == {
            ("pending", "No answer within 1 s")
        }

        publication = Publication.objects.get(season=season, status="published")
        tasks.announce_publication.delay(publication.pk).get(timeout=30)
        delivered = WebhookDelivery.objects.filter(webhook=fine).first()
        assert delivered is not None
        assert tasks.deliver_webhook.delay(delivered.pk).get(timeout=30) is None

        slow.delay = 0
        slow_deliveries.update(next_attempt_at=delivered.delivered_at)
        assert services.retry_due() == 2
        wait_for(lambda: not slow_deliveries.filter(status="pending").exists())
    assert len(quick.posts) == 2, "announced again and delivered again: still one post each"
    assert WebhookEvent.objects.count() == 2
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    for post in quick.posts:
        timestamp = int(post.headers["X-Nationscup-Timestamp"])
        signature = post.headers["X-Nationscup-Signature"]
        assert rules.signature_matches(fine.secret, timestamp, post.body, signature)
    assert sorted(json.loads(p.body)["kind"] for p in quick.posts) == sorted(kinds)
