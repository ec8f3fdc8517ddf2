"""Two decisions and the round's close at once, on PostgreSQL through a real worker on Redis."""

import threading
import time

import pytest
from django.db import connection

from leagues import tasks
from leagues.models import Publication, RaceResult, Round, RoundScore
from leagues.tests.standings_reference import expected_rows, published_rows
from nationscup.celery import app as celery_app
from stewarding.services.cases import open_review
from stewarding.services.decisions import decide
from stewarding.tests.lobbies import points, raced_lobby, steward

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _worker_idle() -> bool:
    inspect = celery_app.control.inspect(timeout=1)
    busy = [*((inspect.active() or {}).values()), *((inspect.reserved() or {}).values())]
    return not any(busy)


def test_two_decisions_and_the_round_close_at_once_end_in_one_consistent_publication(
    celery_worker_process,
):
    a = raced_lobby(starters=5, label="A")
    b = raced_lobby(starters=4, season=a.season, label="B")
    opener, deciders = steward("opener"), [steward("s1"), steward("s2")]
    cases = [
        open_review(steward=opener, lobby=a.lobby, accused=a.drivers[0], lap=1, description="x"),
        open_review(steward=opener, lobby=b.lobby, accused=b.drivers[0], lap=1, description="y"),
    ]
    rulings = [{"kind": "penalty", "places": 2}, {"kind": "dsq"}]
    start = threading.Barrier(3)
    errors = []

    def decide_one(index):
        try:
            start.wait()
            decide(steward=deciders[index], case=cases[index], reason="Contact.", **rulings[index])
        except Exception as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide_one, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    start.wait()
    closed = tasks.close_round.delay(a.round.pk)
    for thread in threads:
        thread.join()
    assert errors == []
    assert closed.get(timeout=60) is True

    deadline = time.monotonic() + 90
    while not _worker_idle() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert Round.objects.get(pk=a.round.pk).is_closed
    assert a.order()[:3] == [
        ("r1A_d2", 1, "FIN", points(1)),
        ("r1A_d3", 2, "FIN", points(2)),
        ("r1A_d1", 3, "FIN", points(3)),
    ]
    assert b.order()[-1] == ("r1B_d1", 4, "DSQ", 0)
    frozen = dict(RoundScore.objects.filter(round=a.round).values_list("result_id", "points"))
    assert frozen == dict(
        RaceResult.objects.filter(slot__round=a.round).values_list("id", "points")
    )
    published = Publication.objects.filter(season=a.season, status="published")
    assert published.count() == 1
    assert published_rows(published.get()) == expected_rows(a.season)
