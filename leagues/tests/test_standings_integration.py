"""Standings on PostgreSQL through a real Celery worker on Redis (``.ci/run``'s second pass)."""

import threading

import pytest
from django.db import connection

from leagues import tasks
from leagues.models import Publication, Round
from leagues.services.standings import publish_standings
from leagues.tests.standings_reference import expected_rows, published_rows, random_season

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_publication_through_the_worker_equals_the_pure_rules(celery_worker_process):
    season, rounds = random_season(seed=7, drivers=80)
    for round_ in rounds:
        assert tasks.close_round.delay(round_.pk).get(timeout=60) is True
    tasks.publish_standings.delay(season.pk).get(timeout=60)
    assert not Round.objects.filter(season=season, status="scheduled").exists()
    publication = Publication.objects.get(season=season, status="published")
    assert publication.rounds_included == [1, 2, 3, 4]
    assert published_rows(publication) == expected_rows(season)


def test_two_publications_at_once_leave_one_consistent_snapshot(celery_worker_process):
    season, rounds = random_season(seed=8, drivers=40)
    for round_ in rounds:
        tasks.close_round.delay(round_.pk).get(timeout=60)
    first, second = (tasks.publish_standings.delay(season.pk) for _ in range(2))
    first.get(timeout=60), second.get(timeout=60)
    published = Publication.objects.filter(season=season, status="published")
    assert published.count() == 1
    assert published_rows(published.get()) == expected_rows(season)


def test_concurrent_publications_in_threads_queue_on_the_season_lock():
    season, rounds = random_season(seed=9, drivers=30, rounds=2)
    from leagues.services.standings import close_round

    for round_ in rounds:
        close_round(round=round_)
    errors = []

    def publish():
        try:
            publish_standings(season=season)
        except Exception as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Publication.objects.filter(season=season, status="published").count() == 1
    assert sorted(Publication.objects.values_list("version", flat=True)) == [2, 3]
