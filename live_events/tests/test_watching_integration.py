"""Many clicks on a broadcast link at the same moment, on PostgreSQL."""

import datetime as dt
import threading

import pytest
from django.db import connection

from leagues.tests.factories import UserFactory
from live_events.models import Broadcast, WatchReward
from live_events.services.watching import credit_watching
from live_events.tests.factories import event_with_entrants

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_concurrent_clicks_credit_the_viewer_exactly_once():
    event, _ = event_with_entrants(2, races=1)
    broadcast = Broadcast.objects.create(
        event=event, language="en", commentators="Jo", stream_url="https://stream.example/en"
    )
    user = UserFactory()
    now = event.sessions.get(order=1).starts_at + dt.timedelta(minutes=5)
    clicks = 8
    barrier, paid, errors = threading.Barrier(clicks), [], []

    def click():
        try:
            barrier.wait()
            paid.append(credit_watching(user=user, broadcast=broadcast, now=now))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(paid) == [False] * (clicks - 1) + [True]
    assert WatchReward.objects.filter(user=user, event=event).count() == 1
