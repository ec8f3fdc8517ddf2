"""Anonymous visitors share one rendering per publication of the standings and driver pages."""

import datetime as dt

import pytest
from django.urls import reverse

from leagues.models import SharedPagesVersion
from leagues.services.discipline import suspend_driver
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
    with django_assert_max_num_queries(1):  # the shared pages' generation
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
    with django_assert_max_num_queries(1):  # the shared pages' generation
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


def generation() -> int:
    return SharedPagesVersion.objects.get(pk=1).generation


def test_a_change_a_service_writes_shows_at_once_when_it_commits_and_not_before(
    client, regs, django_capture_on_commit_callbacks
):
    driver = regs[0].driver
    url = reverse("leagues:driver_detail", args=[driver.online_id])
    assert "Suspended until" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks() as on_commit:
        suspend_driver(driver=driver, reason="Ramming", ends_on=dt.date.today())
    before = generation()
    # Not committed yet (in the test's eyes): the page rendered before it is still served.
    assert "Suspended until" not in client.get(url).content.decode()
    for callback in on_commit:
        callback()
    assert generation() == before + 1
    assert "Suspended until" in client.get(url).content.decode()


def test_a_write_through_the_admin_moves_every_shared_page(
    client, regs, django_capture_on_commit_callbacks
):
    url = reverse("leagues:standings")
    client.get(url, STANDINGS)
    before = generation()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:leagues_registration_change", args=[regs[0].pk]),
            {"display_name": "Renamed"},
        )
    assert response.status_code < 400
    assert generation() == before + 1
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("admin:index"))
    assert generation() == before + 1  # reading the admin moves nothing


def test_a_publication_moves_the_shared_pages_in_its_own_transaction(
    season, regs, django_capture_on_commit_callbacks
):
    before = generation()
    with django_capture_on_commit_callbacks():  # nothing that runs after the commit
        publish_standings(season=season)
    assert generation() == before + 1
