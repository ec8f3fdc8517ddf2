"""Admin actions say what they will change first; closing with something missing takes a tick."""

import datetime as dt

import pytest
from django.test import TestCase
from django.urls import reverse

from leagues.models import RaceServer, Round, Season, StaffAction
from leagues.services.standings import close_round
from leagues.tests.factories import (
    RaceResultFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def run_action(client, model: str, action: str, pks, **extra):
    with TestCase.captureOnCommitCallbacks(execute=True):  # jobs are queued on commit
        return client.post(
            reverse(f"admin:leagues_{model}_changelist"),
            {"action": action, "_selected_action": list(pks), **extra},
        )


def test_closing_a_round_without_results_names_it_and_needs_a_tick(client, organiser):
    round_ = RoundFactory(season=SeasonFactory(), number=1)

    first = run_action(client, "round", "close_rounds_action", [round_.pk])
    untick = run_action(client, "round", "close_rounds_action", [round_.pk], confirmed="yes")

    assert "Round 1 (Circuit de la Sarthe) has no results" in first.content.decode()
    assert "Tick the box" in untick.content.decode()
    assert Round.objects.get(pk=round_.pk).status == Round.Status.SCHEDULED
    assert not StaffAction.objects.filter(action="close round").exists()

    run_action(
        client, "round", "close_rounds_action", [round_.pk], confirmed="yes", acknowledge="yes"
    )
    assert Round.objects.get(pk=round_.pk).is_closed


def test_closing_a_round_with_results_says_what_it_freezes_and_needs_no_tick(client, organiser):
    result = RaceResultFactory()
    round_ = result.slot.round

    page = run_action(client, "round", "close_rounds_action", [round_.pk]).content.decode()
    run_action(client, "round", "close_rounds_action", [round_.pk], confirmed="yes")

    assert "last race of its 1 results" in page and "Missing" not in page
    assert Round.objects.get(pk=round_.pk).is_closed


def test_closing_a_season_before_its_calendar_ends_names_the_missing_rounds(client, organiser):
    season = SeasonFactory(rounds_planned=3)
    result = RaceResultFactory(lobby__slot__round__season=season, lobby__slot__round__number=1)
    close_round(round=result.slot.round)
    later = RoundFactory(season=season, number=2, date=dt.date.today() + dt.timedelta(days=5))
    close_round(round=later)

    page = run_action(client, "season", "close_season", [season.pk]).content.decode()

    assert "round(s) 3 are not in the calendar" in page
    assert "Round(s) 2 are dated after today" in page
    assert "Round(s) 2 have no results" in page
    assert Season.objects.get(pk=season.pk).status == "running"

    run_action(client, "season", "close_season", [season.pk], confirmed="yes", acknowledge="yes")
    assert Season.objects.get(pk=season.pk).status == "closed"


def test_a_season_with_open_rounds_is_still_refused_after_the_confirmation(client, organiser):
    season = SeasonFactory()
    RaceResultFactory(lobby__slot__round__season=season)

    response = run_action(
        client, "season", "close_season", [season.pk], confirmed="yes", acknowledge="yes"
    )

    assert Season.objects.get(pk=season.pk).status == "running"
    assert response.status_code == 302


def test_rotating_a_token_says_the_old_one_stops_working_before_it_does(client, organiser):
    server = RaceServer(name="emea-1", region="EMEA")
    server.set_new_token()
    server.save()
    before = server.token_hash

    page = run_action(client, "raceserver", "rotate_token", [server.pk]).content.decode()
    assert "stops working at once" in page
    assert RaceServer.objects.get(pk=server.pk).token_hash == before

    run_action(client, "raceserver", "rotate_token", [server.pk], confirmed="yes")
    assert RaceServer.objects.get(pk=server.pk).token_hash != before
