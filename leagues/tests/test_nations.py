"""The nations table: a country's best domestic drivers of a league, ranked across regions."""

import datetime as dt

import pytest
from django.urls import reverse

from leagues.models import Lobby, RaceResult
from leagues.selectors.nations import nations_table
from leagues.services.slots import generate_slots
from leagues.services.standings import close_round, publish_standings
from leagues.tests.factories import DriverFactory, RegistrationFactory, RoundFactory, SeasonFactory

pytestmark = pytest.mark.django_db

REGION = {"FR": "EMEA", "IT": "EMEA", "DE": "EMEA", "GB": "EMEA", "US": "NA", "JP": "ASIA"}

# One round, so each driver's season total is their round score. Worked by hand, best 3:
#   US 150 + 50            = 200, best 150  -> 1
#   FR 100 + 80 + 20 (+20) = 200, best 100  -> 2 (the two 20s tie; a's id counts)
#   IT 100 + 60 + 40       = 200, best 100  -> 2 (equal to FR on both)
#   DE  90 + 60 + 50       = 200, best  90  -> 4
#   JP 120 + 40 + 30 (+5)  = 190, best 120  -> 5
#   GB  90 + 70 + 30       = 190, best  90  -> 6
# and a French GT2 driver's 500 points count in GT2 only.
SCORES = {
    "FR": [100, 80, 20, 20],
    "IT": [100, 60, 40],
    "DE": [90, 60, 50],
    "GB": [90, 70, 30],
    "US": [150, 50],
    "JP": [120, 40, 30, 5],
}


def driver_in(country: str, online_id: str, dr_points: int = 35_000):
    return DriverFactory(
        online_id=online_id,
        dr_points=dr_points,
        secondary_area__main_area__country__code=country,
        secondary_area__main_area__country__region=REGION[country],
    )


def race(registration, round_, points):
    slot = round_.slots.filter(region=registration.region, league=registration.league).first()
    lobby = Lobby.objects.create(slot=slot, label=f"L{registration.pk}")
    RaceResult.objects.create(
        lobby=lobby,
        slot=slot,
        registration=registration,
        position=1,
        status="FIN",
        dr_points=registration.dr_points,
        points=points,
    )


@pytest.fixture
def publication():
    season = SeasonFactory()
    round_ = RoundFactory(season=season, number=1, date=dt.date(2024, 4, 17))
    generate_slots(round=round_)
    for country, scores in SCORES.items():
        for n, points in enumerate(scores):
            driver = driver_in(country, f"{country.lower()}_{'abcd'[n]}")
            race(RegistrationFactory(season=season, driver=driver), round_, points)
    race(RegistrationFactory(season=season, driver=driver_in("FR", "fr_gt2", 20_000)), round_, 500)
    close_round(round=round_)
    return publish_standings(season=season)


def test_nations_add_up_their_best_three_and_ties_are_split_by_the_best_driver(publication):
    table = nations_table(publication=publication, league="GT1")
    assert [(row.rank, row.country, row.score, row.best) for row in table] == [
        (1, "US", 200, 150),
        (2, "FR", 200, 100),
        (2, "IT", 200, 100),
        (4, "DE", 200, 90),
        (5, "JP", 190, 120),
        (6, "GB", 190, 90),
    ]
    france = table[1]
    assert [(d.online_id, d.domestic_rank, d.season_points) for d in france.drivers] == [
        ("fr_a", 1, 100),
        ("fr_b", 2, 80),
        ("fr_c", 3, 20),
    ]
    assert [d.online_id for d in table[0].drivers] == ["us_a", "us_b"]


def test_each_league_has_its_own_nations_table(publication):
    table = nations_table(publication=publication, league="GT2")
    assert [(row.rank, row.country, row.score) for row in table] == [(1, "FR", 500)]
    assert nations_table(publication=publication, league="GT3") == []


def test_the_number_of_counted_drivers_is_a_season_setting(publication):
    publication.season.nation_drivers = 1
    publication.season.save()
    table = nations_table(publication=publication, league="GT1")
    assert [(row.rank, row.country, row.score) for row in table] == [
        (1, "US", 150),
        (2, "JP", 120),
        (3, "FR", 100),
        (3, "IT", 100),
        (5, "DE", 90),
        (5, "GB", 90),
    ]


def test_the_nations_page_lists_counted_drivers_in_few_queries(
    client, publication, django_assert_max_num_queries
):
    url = reverse("leagues:nations", args=[publication.season.label])
    with django_assert_max_num_queries(8):
        response = client.get(url, {"league": "GT1"})
    assert response.status_code == 200
    body = response.content.decode()
    order = [body.index(f'id="nation-{code}"') for code in ("US", "FR", "GB")]
    assert order == sorted(order)
    assert "Fr C" in body and "Fr D" not in body


def test_the_season_page_and_the_standings_link_to_the_nations_table(client, publication):
    url = reverse("leagues:nations", args=[publication.season.label])
    season_page = client.get(reverse("leagues:season_detail", args=[publication.season.label]))
    standings = client.get(reverse("leagues:standings"), {"season": publication.season.label})
    assert url in season_page.content.decode()
    assert url in standings.content.decode()


def test_an_unknown_league_or_season_is_refused_with_a_reason(client, publication):
    url = reverse("leagues:nations", args=[publication.season.label])
    response = client.get(url, {"league": "ZZ"})
    assert response.status_code == 400
    assert "There is no league ZZ" in response.content.decode()
    assert client.get(url, {"league": "GT1\x00"}).status_code == 400
    assert client.get(reverse("leagues:nations", args=["1999"])).status_code == 404
