"""Careers on the profile and two drivers head to head, read from published standings."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leagues.models import Driver, Lobby, RaceResult
from leagues.selectors.careers import career, head_to_head
from leagues.selectors.standings import published_publication, season_standing_rows
from leagues.services.slots import generate_slots
from leagues.services.standings import close_round, publish_standings
from leagues.tests.factories import DriverFactory, RegistrationFactory, RoundFactory, SeasonFactory
from leagues.views.history import career_context
from leagues.views.shared_pages import CSRF_FIELD

pytestmark = pytest.mark.django_db


def make_round(season, number):
    round_ = RoundFactory(
        season=season, number=number, date=dt.date(2024, 4, 14) + dt.timedelta(days=3 * number)
    )
    generate_slots(round=round_)
    return round_


def race(registration, round_, lobby, position, points, hour=13):
    slot = round_.slots.get(region="EMEA", league="GT1", starts_at__hour=hour)
    lobby, _ = Lobby.objects.get_or_create(slot=slot, label=lobby)
    RaceResult.objects.create(
        lobby=lobby,
        slot=slot,
        registration=registration,
        position=position,
        status="FIN",
        dr_points=registration.dr_points,
        points=points,
    )


@pytest.fixture
def rivals():
    """Ann and Bob, worked by hand (a round counts each driver's last race):

    2024 R1  lobby L1: Bob P1, Ann P2                 -> Bob ahead
    2024 R2  13h L1: Ann P1, Bob P2; 15h Z: Ann P5     -> Ann's last race is Z: no one
    2024 R3  lobby L1: Ann P1, Bob P4                 -> Ann ahead
    2024 R4  Ann alone                                -> not a duel
    2024-exhibition R1  lobby L1: Ann P1, Bob P2      -> Ann ahead
    So Ann 2, Bob 1 in four rounds both raced.
    """
    ann = DriverFactory(online_id="ann")
    bob = DriverFactory(online_id="bob")
    official = SeasonFactory()
    exhibition = SeasonFactory(kind="exhibition")
    a, b = (RegistrationFactory(season=official, driver=d) for d in (ann, bob))
    r1, r2, r3, r4 = (make_round(official, n) for n in (1, 2, 3, 4))
    race(b, r1, "L1", 1, 100)
    race(a, r1, "L1", 2, 90)
    race(a, r2, "L1", 1, 100)
    race(b, r2, "L1", 2, 90)
    race(a, r2, "Z", 5, 40, hour=15)
    race(a, r3, "L1", 1, 100)
    race(b, r3, "L1", 4, 60)
    race(a, r4, "L1", 1, 100)
    xa, xb = (RegistrationFactory(season=exhibition, driver=d) for d in (ann, bob))
    x1 = make_round(exhibition, 1)
    race(xa, x1, "L1", 1, 80)
    race(xb, x1, "L1", 2, 70)
    for round_ in (r1, r2, r3, r4, x1):
        close_round(round=round_)
    publish_standings(season=official)
    publish_standings(season=exhibition)
    return ann, bob


def test_finished_ahead_counts_the_last_races_that_shared_a_lobby(rivals):
    ann, bob = rivals
    duel = head_to_head(first=ann, second=bob)
    assert duel.ahead_counts == (2, 1)
    # Seasons in the site's order (newest year first, then kind), rounds in order.
    assert [(d.season.label, d.round_number, d.points, d.ahead) for d in duel.rounds] == [
        ("2024-exhibition", 1, (80, 70), 0),
        ("2024", 1, (90, 100), 1),
        ("2024", 2, (40, 90), None),
        ("2024", 3, (100, 60), 0),
    ]
    assert [c.first.season.label for c in duel.seasons] == ["2024-exhibition", "2024"]


def test_a_careers_ranks_and_medals_equal_the_exported_standings(rivals):
    ann, _ = rivals
    one = career(driver=ann)
    assert [s.season.label for s in one.seasons] == ["2024-exhibition", "2024"]
    for season in one.seasons:
        publication = published_publication(season.season)
        assert publication is not None
        exported = {
            (row[3], row[4]): (row[5], row[7], row[9])
            for row in season_standing_rows(publication=publication)
            if row[6] == "ann"
        }
        shown = {
            (p.tier, p.scope): (p.rank, p.season_points, p.medal) for p in season.places.values()
        }
        assert shown == exported
        assert season.regional is not None and season.regional.ranked == 2


def another_season_for_both(year: int) -> None:
    season = SeasonFactory(year=year)
    round_ = make_round(season, 1)
    for position, online_id in enumerate(("ann", "bob"), start=1):
        driver = Driver.objects.get(online_id=online_id)
        registration = RegistrationFactory(season=season, driver=driver)
        race(registration, round_, "L1", position, 100 - position)
    close_round(round=round_)
    publish_standings(season=season)


def queries_of_call(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def queries_of(client, url, query=None) -> int:
    """The queries of rendering the page (a miss of the shared-page cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    return len(captured)


def test_the_profile_shows_the_career_in_a_bounded_number_of_queries(
    client, rivals, django_assert_max_num_queries
):
    url = reverse("leagues:driver_detail", args=["ann"])
    # The whole page: the career, the honours, the licence, the suspension and each
    # season's live-event eligibility.
    with django_assert_max_num_queries(13):
        response = client.get(url)
    body = response.content.decode()
    assert "Regional rank per season" in body
    assert f"{reverse('leagues:compare')}" in body
    # It costs the same whatever the number of seasons raced.
    ann = Driver.objects.get(online_id="ann")
    before_career = queries_of_call(lambda: career_context(ann))
    before_page = queries_of(client, url)
    another_season_for_both(2023)
    another_season_for_both(2022)
    assert queries_of_call(lambda: career_context(ann)) == before_career
    assert queries_of(client, url) == before_page


def test_the_compare_page_costs_a_bounded_number_of_queries(
    client, rivals, django_assert_max_num_queries
):
    url, query = reverse("leagues:compare"), {"a": "ann", "b": "bob"}
    with django_assert_max_num_queries(7):
        response = client.get(url, query)
    assert response.status_code == 200
    assert "Finished ahead in the same lobby" in response.content.decode()
    before = queries_of(client, url, query)
    another_season_for_both(2023)
    assert queries_of(client, url, query) == before


@pytest.mark.parametrize(
    ("query", "status", "reason"),
    [
        ({"a": "ann b", "b": "bob"}, 400, "an online id is 3 to 32"),
        ({"a": "ann", "b": "nobody_here"}, 404, "there is no driver nobody_here"),
        ({"a": "ann", "b": "ann"}, 400, "Choose two different drivers"),
        ({"a": "ann"}, 400, "b: an online id"),
    ],
)
def test_the_compare_page_refuses_bad_ids_with_a_reason(client, rivals, query, status, reason):
    response = client.get(reverse("leagues:compare"), query)
    assert response.status_code == status
    assert reason in response.content.decode()


@pytest.mark.parametrize("page", ["profile", "compare"])
def test_anonymous_visitors_get_the_profile_and_the_comparison_from_the_shared_cache(
    client, rivals, page
):
    url, query = (
        (reverse("leagues:driver_detail", args=["ann"]), None)
        if page == "profile"
        else (reverse("leagues:compare"), {"a": "ann", "b": "bob"})
    )
    first = client.get(url, query).content
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url, query).content
    assert CSRF_FIELD.sub(b"", again) == CSRF_FIELD.sub(b"", first)  # the token is the visitor's
    assert len(captured) <= 1  # the shared pages' generation, which names the cache key
