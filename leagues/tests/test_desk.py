"""The season dashboard: each round's state, what is due, publications, readiness."""

import datetime as dt

import factory
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from leagues import roles
from leagues.selectors.desk import season_desk
from leagues.services.payouts import ensure_reward_table
from leagues.services.seasons import close_season
from leagues.services.slots import generate_slots
from leagues.services.standings import close_round, publish_standings
from leagues.tests.factories import (
    LobbyFactory,
    RaceResultFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 4, 22, 12, tzinfo=dt.UTC)


@pytest.fixture
def season():
    season = SeasonFactory(rounds_planned=2)
    for number in (1, 2):
        generate_slots(round=RoundFactory(season=season, number=number))
    return season


def test_each_round_counts_its_slots_lobbies_and_results_and_says_when_it_closes(
    season, django_assert_max_num_queries
):
    first = season.rounds.get(number=1)
    slot = first.slots.get(region="EMEA", league="GT1", starts_at__hour=13)
    RaceResultFactory.create_batch(
        2, lobby=LobbyFactory(slot=slot), position=factory.Iterator([1, 2])
    )

    with django_assert_max_num_queries(8):
        desk = season_desk(season=season, now=NOW)

    one, two = desk.rounds
    assert (one.slots, one.slots_with_lobbies, one.results) == (115, 1, 2)
    assert two.results == 0 and two.gaps == [
        f"{two.round} has no results: every driver would score 0 for it."
    ]
    assert one.last_start is not None
    assert one.closes_at == one.last_start + dt.timedelta(minutes=season.close_grace_minutes)
    assert [state.round.number for state in desk.due] == [1]
    assert not desk.to_close.ready and "Round(s) 1, 2 are not closed." in desk.to_close.blocks


def test_a_season_with_every_round_closed_is_ready_to_close_then_to_pay(season):
    RaceResultFactory(lobby__slot=season.rounds.get(number=1).slots.first())
    for round_ in season.rounds.all():
        close_round(round=round_)
    publish_standings(season=season)

    desk = season_desk(season=season, now=NOW)
    assert desk.to_close.ready and "Round(s) 2 have no results." in desk.to_close.notes
    assert not desk.to_pay.ready
    assert desk.last_published is not None and desk.last_duration is not None

    close_season(season=season)
    season.refresh_from_db()
    ensure_reward_table(season=season)
    assert season_desk(season=season, now=NOW).to_pay.ready


def test_the_desk_page_is_linked_from_the_admin_index_and_links_every_step(client, season):
    organiser = UserFactory(is_staff=True)
    organiser.groups.add(Group.objects.get(name=roles.ORGANISER))
    client.force_login(organiser)
    desk_url = reverse("admin:leagues_season_desk", args=[season.pk])

    index = client.get(reverse("admin:index")).content.decode()
    page = client.get(desk_url).content.decode()

    assert desk_url in index
    assert 'Ready to close? <span class="blocked">No</span>' in page
    for step in ("payout_preview", "payout_run", "payout_csv"):
        assert reverse(f"leagues:{step}", kwargs={"season": season.label}) in page
    assert 'value="close_rounds_action"' in page


def test_a_driver_cannot_open_the_desk(client, season):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:leagues_season_desk", args=[season.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
