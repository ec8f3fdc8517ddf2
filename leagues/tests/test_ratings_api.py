"""POST /api/v1/ratings: race servers post many drivers' ratings, checked like ratings.csv."""

import json

import pytest
from django.urls import reverse

from leagues.models import Driver, Rating
from leagues.tests.factories import DriverFactory, race_server_token
from tests.test_api import assert_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def token():
    return race_server_token("asia-1", "ASIA")


def post(client, token, entries, auth=True):
    headers = {"Authorization": f"Bearer {token}"} if auth else {}
    return client.post(
        reverse("api:post_ratings"),
        json.dumps({"ratings": entries}),
        content_type="application/json",
        headers=headers,
    )


def entry(driver, dr_points=41_000, rated_at="2024-05-01T10:00:00Z", **extra):
    return {
        "online_id": driver.online_id,
        "dr_points": dr_points,
        "sr_grade": "S",
        "rated_races": 120,
        "rated_at": rated_at,
        **extra,
    }


def test_a_server_posts_many_ratings_and_each_driver_takes_the_newest(client, token):
    a, b = DriverFactory(), DriverFactory()

    response = post(client, token, [entry(a), entry(b, dr_points=12_000)])

    assert assert_matches(response, "/ratings", "post")["created"] == 2
    assert Driver.objects.get(pk=a.pk).dr_points == 41_000
    rating = Rating.objects.get(driver=b, source="server")
    assert rating.server is not None and rating.dr_points == 12_000
    assert assert_matches(post(client, token, [entry(a)]), "/ratings", "post")["unchanged"] == 1


def test_a_rating_posted_after_a_newer_one_changes_nothing(client, token):
    driver = DriverFactory()
    post(client, token, [entry(driver, dr_points=45_000, rated_at="2024-05-02T10:00:00Z")])

    post(client, token, [entry(driver, dr_points=20_000, rated_at="2024-05-01T10:00:00Z")])

    assert Driver.objects.get(pk=driver.pk).dr_points == 45_000
    assert Rating.objects.filter(driver=driver, source="server").count() == 2


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ({"dr_points": 100_001}, "dr_points"),
        ({"online_id": "nobody_here"}, "unknown online_id"),
        ({"rated_at": "2024-05-01 10:00"}, "rated_at must be ISO 8601"),
        ({"rated_races": -1}, "rated_races"),
    ],
)
def test_a_bad_entry_is_named_and_nothing_is_recorded(client, token, bad, says):
    good, other = DriverFactory(), DriverFactory()
    before = Rating.objects.count()

    response = post(client, token, [entry(good), entry(other, **bad)])

    body = assert_matches(response, "/ratings", "post")
    assert response.status_code == 400
    assert body["errors"][0].startswith("ratings[2]") and says in body["errors"][0]
    assert Rating.objects.count() == before


def test_an_unknown_grade_or_a_missing_token_is_refused(client, token):
    driver = DriverFactory()
    bad_grade = post(client, token, [entry(driver, sr_grade="Z")])
    assert bad_grade.status_code == 400 and driver.online_id in bad_grade.json()["error"]
    assert post(client, token, [entry(driver)], auth=False).status_code == 401
    assert post(client, token, []).status_code == 400
    assert not Rating.objects.filter(source="server").exists()
