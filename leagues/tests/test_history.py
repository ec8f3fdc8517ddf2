"""The season archive and the hall of fame, from published standings and live results."""

import datetime as dt

import pytest
from django.urls import reverse

from leagues.models import Lobby, RaceResult
from leagues.selectors.history import online_hall_of_fame, season_archive
from leagues.services.slots import generate_slots
from leagues.services.standings import close_round, publish_standings
from leagues.tests.factories import DriverFactory, RegistrationFactory, RoundFactory, SeasonFactory
from live_events.models import EventEntry
from live_events.selectors.history import live_hall_of_fame
from live_events.tests.factories import (
    LiveEventFactory,
    SessionFactory,
    event_with_entrants,
    run_session,
)

pytestmark = pytest.mark.django_db


def season_won_by(season, order, *, final=True):
    """A one-round season: the EMEA GT1 drivers named in ``order`` finish in that order."""
    round_ = RoundFactory(season=season, number=1, date=dt.date(season.year, 4, 17))
    generate_slots(round=round_)
    slot = round_.slots.get(region="EMEA", league="GT1", starts_at__hour=13)
    lobby = Lobby.objects.create(slot=slot, label="L1")
    for position, driver in enumerate(order, start=1):
        registration = RegistrationFactory(season=season, driver=driver)
        RaceResult.objects.create(
            lobby=lobby,
            slot=slot,
            registration=registration,
            position=position,
            dr_points=registration.dr_points,
            points=100 - position,
        )
    close_round(round=round_)
    return publish_standings(season=season, final=final)


@pytest.fixture
def history():
    ann, bob, cy, dee = (DriverFactory(online_id=name) for name in ("ann", "bob", "cy", "dee"))
    season_won_by(SeasonFactory(year=2022), [ann, bob, cy, dee])
    season_won_by(SeasonFactory(year=2023), [ann, cy, bob])
    season_won_by(SeasonFactory(year=2023, kind="exhibition"), [bob, ann])
    season_won_by(SeasonFactory(year=2024), [dee, ann], final=False)
    return ann, bob, cy, dee


def test_the_archive_lists_every_season_with_its_regional_podiums(history):
    archive = season_archive()
    assert [entry.season.label for entry in archive] == ["2024", "2023-exhibition", "2023", "2022"]
    podium = archive[3].podiums["GT1"][0]
    assert (podium.region, [row.registration.driver.online_id for row in podium.rows]) == (
        "EMEA",
        ["ann", "bob", "cy"],
    )
    assert archive[0].publication is not None and not archive[0].publication.is_final


def test_regional_titles_come_from_final_standings_and_exhibitions_do_not_count(history):
    fame = online_hall_of_fame()
    champions = [
        (t.season.label, t.standing.registration.driver.online_id)
        for t in fame.regional_champions["GT1"]
    ]
    # 2024 is not final yet: no title.
    assert champions == [("2023-exhibition", "bob"), ("2023", "ann"), ("2022", "ann")]
    assert [(row.online_id, row.titles) for row in fame.most_titles] == [("ann", 2)]


def test_world_champions_team_titles_and_event_wins_count_confirmed_races_only():
    event, (d1, d2, d3, d4) = event_with_entrants(4)
    qualifying, race1, race2 = event.sessions.order_by("order")
    run_session(qualifying, [d1, d2, d3, d4])
    run_session(race1, [d1, d2, d3, d4])
    run_session(race2, [d2, d1, d3, d4])
    second = LiveEventFactory(season=event.season, starts_on=dt.date(2024, 8, 1))
    third = LiveEventFactory(season=event.season, starts_on=dt.date(2024, 8, 20))
    final = LiveEventFactory(season=event.season, kind="world_final", starts_on=dt.date(2024, 9, 1))
    for later in (second, third, final):
        for number, driver in enumerate((d1, d2, d3, d4), start=1):
            EventEntry.objects.create(event=later, driver=driver, number=number)
        SessionFactory(event=later, kind="race", order=1, name="Race 1")
        SessionFactory(event=later, kind="race", order=2, name="Race 2")
    run_session(second.sessions.get(order=1), [d2, d1, d3, d4])
    run_session(second.sessions.get(order=2), [d2, d3, d1, d4])
    run_session(third.sessions.get(order=1), [d3, d1, d2, d4])
    run_session(third.sessions.get(order=2), [d3, d1, d2, d4], confirm=False)
    run_session(final.sessions.get(order=1), [d4, d3, d2, d1])
    run_session(final.sessions.get(order=2), [d4, d3, d2, d1])
    fame = live_hall_of_fame()
    assert [(c.season, c.driver) for c in fame.champions] == [(event.season, d4)]
    assert [(row.driver, row.wins) for row in fame.event_wins] == [(d2, 2)]
    assert fame.team_titles == []


def test_the_archive_and_the_hall_of_fame_pages_say_who_won(client, history):
    archive = client.get(reverse("leagues:season_list")).content.decode()
    assert "GT1 podiums" in archive and reverse("leagues:hall_of_fame") in archive
    response = client.get(reverse("leagues:hall_of_fame"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Most regional titles" in body and "Ann" in body
