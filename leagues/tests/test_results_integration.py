"""Race servers posting one lobby at once, on PostgreSQL: one write, no 500.

Each thread has its own database connection, as each gunicorn worker would; a
barrier releases them together so the posts overlap in the database.
"""

import datetime as dt
import json
import threading
from collections import Counter

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from leagues.models import Lobby, RaceResult, RaceServer, Rating
from leagues.services.slots import generate_slots
from leagues.tests.factories import RegistrationFactory, RoundFactory, SeasonFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

POSTS = 32


@pytest.fixture
def token():
    round_ = RoundFactory(season=SeasonFactory(), number=1, date=dt.date(2024, 4, 17))
    generate_slots(round=round_)
    server = RaceServer(name="emea-1", region="EMEA")
    token = server.set_new_token()
    server.save()
    return token


def lobby(label, online_ids):
    return {
        "season": "2024",
        "round": 1,
        "slot_start_utc": "2024-04-17T13:00:00Z",
        "region": "EMEA",
        "league": "GT1",
        "lobby": label,
        "results": [
            {"online_id": online_id, "position": n, "status": "FIN", "dr_points": 40000}
            for n, online_id in enumerate(online_ids, start=1)
        ],
    }


def post_at_once(token, bodies, headers=None):
    """Post every body from its own thread at the same moment; the answers in order."""
    barrier = threading.Barrier(len(bodies))
    answers: list = [None] * len(bodies)

    def send(index, body):
        try:
            barrier.wait()
            response = Client(raise_request_exception=False).post(
                reverse("api:post_lobby"),
                json.dumps(body),
                content_type="application/json",
                headers={"Authorization": f"Bearer {token}", **(headers or {})},
            )
            status = response.status_code
            answers[index] = (status, response.json() if status < 500 else response.content)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=item) for item in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def online_ids(n):
    return [RegistrationFactory().driver.online_id for _ in range(n)]


def test_one_new_lobby_posted_32_times_at_once_is_written_once(token):
    body = lobby("A", online_ids(12))
    answers = post_at_once(token, [body] * POSTS)
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: 1, 200: POSTS - 1}, answers
    assert all(answer["unchanged"] == 1 for status, answer in answers if status == 200)
    assert Lobby.objects.count() == 1
    assert RaceResult.objects.count() == 12
    assert Rating.objects.filter(source="result").count() == 12


def test_one_idempotency_key_posted_32_times_at_once_gets_the_first_answer(token):
    body = lobby("A", online_ids(12))
    answers = post_at_once(token, [body] * POSTS, headers={"Idempotency-Key": "lobby-A-1"})
    assert {(status, json.dumps(answer)) for status, answer in answers} == {
        (201, json.dumps(answers[0][1]))
    }
    assert RaceResult.objects.count() == 12


def test_colliding_lobbies_posted_at_once_are_one_write_and_409s(token):
    shared, *others = online_ids(1 + POSTS)
    bodies = [lobby(f"L{n}", [shared, other]) for n, other in enumerate(others)]
    answers = post_at_once(token, bodies)
    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: 1, 409: POSTS - 1}, answers
    assert all("already has a result" in a["errors"][0] for s, a in answers if s == 409)
    assert Lobby.objects.count() == 1 and RaceResult.objects.count() == 2
