"""Anonymous visitors share one rendering per publication of the standings and driver pages."""

import pytest
from django.urls import reverse

from leagues.services.standings import close_round, publish_standings
from leagues.tests.factories import SeasonFactory, UserFactory
from leagues.tests.test_standings import make_round, publish_one_round, race

pytestmark = pytest.mark.django_db

STANDINGS = {"season": "2024", "region": "EMEA", "league": "GT1"}


@pytest.fixture
def season():
    return SeasonFactory()


@pytest.fixture
def regs(season):
    return publish_one_round(season, 3)


def test_the_second_visitor_gets_the_cached_page_with_their_own_csrf_token(
    client, regs, django_assert_max_num_queries
):
    url = reverse("leagues:standings")
    first = client.get(url, STANDINGS)
    client.cookies.clear()
    with django_assert_max_num_queries(1):  # the newest publication's id
        second = client.get(url, STANDINGS)
    assert second.status_code == 200
    token = second.cookies["csrftoken"].value
    assert token and token != first.cookies["csrftoken"].value
    assert b"csrf-token-of-the-visitor" not in second.content
    assert (
        first.content.split(b"csrfmiddlewaretoken")[0]
        == second.content.split(b"csrfmiddlewaretoken")[0]
    )


def test_a_new_publication_is_shown_at_once(client, season, regs):
    url = reverse("leagues:standings")
    first, last = regs[0].driver.online_id, regs[2].driver.online_id
    before = client.get(url, STANDINGS).content.decode()
    assert before.index(first) < before.index(last)
    round_2 = make_round(season, 2)
    race(regs[2], round_2, 5000)
    close_round(round=round_2)
    publish_standings(season=season)
    after = client.get(url, STANDINGS).content.decode()
    assert after.index(last) < after.index(first)


def test_the_driver_season_page_is_shared_but_a_signed_in_visitor_gets_their_own(
    client, regs, django_assert_max_num_queries
):
    url = reverse("leagues:driver_season", args=["2024", regs[0].driver.online_id])
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(1):  # the newest publication's id
        assert client.get(url).status_code == 200
    driver = regs[0].driver
    driver.user = UserFactory()
    driver.save()
    client.force_login(driver.user)
    with django_assert_max_num_queries(50) as queries:
        client.get(url)
    assert len(queries) > 0


def test_unknown_parameters_and_failed_searches_are_not_cached(
    client, regs, django_assert_max_num_queries
):
    url = reverse("leagues:standings")
    for params in ({**STANDINGS, "utm": "x"}, {**STANDINGS, "find": "nobody"}):
        client.get(url, params)
        with django_assert_max_num_queries(50) as queries:
            client.get(url, params)
        assert len(queries) > 0


def test_the_find_jump_is_cached_as_a_redirect(client, regs):
    url = reverse("leagues:standings")
    params = {**STANDINGS, "find": regs[1].driver.online_id}
    first = client.get(url, params)
    second = client.get(url, params)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert "highlight=" + regs[1].driver.online_id in second["Location"]
