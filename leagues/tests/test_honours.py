"""Honours on a profile are computed from results, never typed."""

import pytest
from django.urls import reverse

from leagues.models import Driver
from leagues.selectors.honours import HonourKind, driver_honours
from leagues.tests.test_payouts import closed_season, season_with_results
from live_events.models import EventEntry
from live_events.tests.factories import event_with_entrants, run_session
from live_events.tests.test_events import run_all, sessions

pytestmark = pytest.mark.django_db


def kinds(driver):
    return [(h.kind, h.medal) for h in driver_honours(driver)]


def test_the_winner_of_a_closed_season_is_regional_and_domestic_winner_with_four_golds():
    season = closed_season(gt1=20, gt2=0)
    winner = Driver.objects.get(online_id="g1_000")
    last = Driver.objects.get(online_id="g1_019")

    honours = driver_honours(winner)

    assert (HonourKind.REGIONAL_WINNER, "") in kinds(winner)
    assert (HonourKind.DOMESTIC_WINNER, "") in kinds(winner)
    assert [h.medal for h in honours if h.kind == HonourKind.MEDAL] == ["GOLD"] * 4
    assert all(h.season == season for h in honours)
    assert HonourKind.REGIONAL_WINNER not in [kind for kind, _ in kinds(last)]


def test_a_season_still_running_gives_no_honours_yet():
    season_with_results(gt1=5, gt2=0)
    assert driver_honours(Driver.objects.get(online_id="g1_000")) == []


def test_live_event_wins_world_finals_podiums_and_the_champion_come_from_confirmed_races():
    season = closed_season(gt1=3, gt2=0)
    a, b, c = (Driver.objects.get(online_id=f"g1_00{i}") for i in range(3))
    montreal, _ = event_with_entrants(0, races=2, season=season, name="Montreal", slug="mtl")
    for number, driver in enumerate((a, b, c), start=1):
        EventEntry.objects.create(event=montreal, driver=driver, number=number)
    run_all(montreal, [c, b, a])
    final, _ = event_with_entrants(
        0, kind="world_final", races=2, season=season, name="Amsterdam", slug="wf"
    )
    for number, driver in enumerate((a, b, c), start=1):
        EventEntry.objects.create(event=final, driver=driver, number=number)
    qualifying, race1, grand_final = sessions(final)
    run_session(qualifying, [a, b, c])
    run_session(race1, [a, b, c])
    run_session(grand_final, [a, c, b], confirm=False)

    assert HonourKind.WORLD_FINALS_PODIUM not in [k for k, _ in kinds(a)]  # not confirmed
    from live_events.services.events import confirm_results

    confirm_results(session=grand_final)

    assert (HonourKind.LIVE_EVENT_WIN, "") in kinds(c)
    assert (HonourKind.LIVE_EVENT_WIN, "") not in kinds(a)
    assert (HonourKind.SEASON_CHAMPION, "") in kinds(a)
    assert (HonourKind.WORLD_FINALS_PODIUM, "") in kinds(b)
    assert (HonourKind.SEASON_CHAMPION, "") not in kinds(c)


def test_the_profile_shows_honours_as_computed_facts_and_the_bio_as_the_drivers_words(client):
    closed_season(gt1=3, gt2=0)
    winner = Driver.objects.get(online_id="g1_000")
    Driver.objects.filter(pk=winner.pk).update(bio_notes="Three-time world champion")

    page = client.get(reverse("leagues:driver_detail", args=[winner.online_id])).content.decode()

    assert "Computed from official results" in page and "Winner of the GT1" in page
    assert "In the driver&#x27;s own words" in page or "In the driver's own words" in page
