"""An organiser runs a round in the admin: create it, import its results, close it."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from leagues import csvfiles, roles
from leagues.models import Round, Season
from leagues.services.results import import_results
from leagues.services.standings import close_round, publish_standings
from leagues.tests.factories import EntrySlotFactory, RegistrationFactory, RoundFactory, UserFactory

from .conftest import assert_accessible, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DRIVERS = ["rival_1", "rival_2", "rival_3", "rival_4"]


def results_csv(season: Season, number: int, start: dt.datetime, order: list[str]) -> str:
    stamp = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [",".join(csvfiles.RESULTS)]
    for position, online_id in enumerate(order, start=1):
        lines.append(f"{season.label},{number},{stamp},EMEA,GT1,A,{online_id},{position},FIN,41000")
    return "\n".join(lines) + "\n"


@pytest.fixture
def season_after_round_one():
    """A running season whose round 1 is closed and published: rival_1 won, rival_2 last."""
    now = timezone.now()
    season = Season.objects.create(
        year=now.year,
        kind="official",
        registration_opens=now - dt.timedelta(days=30),
        registration_closes=now + dt.timedelta(days=30),
        status="running",
    )
    for online_id in DRIVERS:
        RegistrationFactory(season=season, driver__online_id=online_id, driver__dr_points=41_000)
    day = (now - dt.timedelta(days=4)).date()
    round_one = RoundFactory(season=season, number=1, date=day)
    start = dt.datetime.combine(day, dt.time(13), tzinfo=dt.UTC)
    EntrySlotFactory(round=round_one, region="EMEA", league="GT1", starts_at=start)
    order = ["rival_1", "rival_3", "rival_4", "rival_2"]
    assert import_results(results_csv(season, 1, start, order)).ok
    close_round(round=round_one)
    publish_standings(season=season)
    organiser = UserFactory(username="organiser", is_staff=True)
    organiser.groups.add(Group.objects.get(name=roles.ORGANISER))
    return season


def _points_of(page, online_id: str) -> str:
    return page.locator(f"tr#driver-{online_id} td").nth(4).inner_text().strip()


def test_an_organiser_creates_a_round_imports_its_results_and_closes_it(
    page, season_after_round_one
):
    season = season_after_round_one
    standings = f"/standings/?season={season.label}&region=EMEA&league=GT1&tier=REGIONAL&scope=EMEA"
    page.goto(standings)
    expect(page.locator("tr#driver-rival_2")).to_be_visible()
    points_before = _points_of(page, "rival_2")

    page.goto("/admin/")
    page.locator("#id_username").fill("organiser")
    page.locator("#id_password").fill("correct-horse-battery")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # A new round: its entry slots come from the season's slot hours.
    yesterday = timezone.now().date() - dt.timedelta(days=1)
    page.goto("/admin/leagues/round/add/")
    page.locator("#id_season").select_option(value=str(season.pk))
    page.locator("#id_number").fill("2")
    page.locator("#id_date").fill(yesterday.isoformat())
    page.locator("#id_track").fill("Circuit de Spa-Francorchamps")
    page.locator("#id_car_category").fill("Gr.3")
    page.locator("input[name=_save]").click()
    expect(page.locator("ul.messagelist")).to_contain_text("entry slots generated")
    round_two = Round.objects.get(season=season, number=2)
    assert round_two.slots.filter(region="EMEA", league="GT1").count() == 3

    # The results file: upload, read the preview, confirm.
    start = dt.datetime.combine(yesterday, dt.time(13), tzinfo=dt.UTC)
    text = results_csv(season, 2, start, ["rival_2", "rival_1", "rival_3", "rival_4"])
    page.goto("/admin/leagues/raceresult/")
    page.get_by_role("link", name=re.compile("Import CSV")).click()
    page.locator("#id_file").set_input_files(
        files=[{"name": "results.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.locator("input[value=Preview]").click()
    expect(page.get_by_text("Nothing has been written yet")).to_be_visible()
    expect(page.locator("#content")).to_contain_text("1 new")
    page.locator("input[value='Confirm import']").click()
    expect(page.locator("ul.messagelist")).to_contain_text("results.csv imported", ignore_case=True)
    slot = round_two.slots.get(starts_at=start, region="EMEA", league="GT1")
    assert slot.lobbies.get().results.count() == 4

    # Close the round: the standings are published again (jobs run in-process here).
    page.goto("/admin/leagues/round/")
    page.locator(f"input[name=_selected_action][value='{round_two.pk}']").check()
    page.locator("select[name=action]").select_option("close_rounds_action")
    page.locator("button[name=index]").click()
    expect(page.locator(".confirm-changes")).to_contain_text("Close Round 2")
    page.locator("#content input[type=submit]").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Closing 1 round(s)")

    page.goto(standings)
    expect(page.locator(".publication-info")).to_contain_text("1, 2")
    assert _points_of(page, "rival_2") != points_before
    assert_accessible(page)
    save_screenshot(page)
