"""An organiser runs round 2 from the season desk: import its results, close it, see the
published standings."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leagues.models import Publication
from leagues.tests.factories import EntrySlotFactory, RoundFactory

from .conftest import assert_accessible, save_screenshot
from .test_organiser import results_csv, season_after_round_one  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_organiser_imports_and_closes_a_round_from_the_desk_and_sees_the_standings(
    page,
    season_after_round_one,  # noqa: F811 - the fixture imported above
):
    season = season_after_round_one
    yesterday = timezone.now().date() - dt.timedelta(days=1)
    round_two = RoundFactory(season=season, number=2, date=yesterday, track="Suzuka")
    start = dt.datetime.combine(yesterday, dt.time(13), tzinfo=dt.UTC)
    EntrySlotFactory(round=round_two, region="EMEA", league="GT1", starts_at=start)

    page.goto("/admin/")
    page.locator("#id_username").fill("organiser")
    page.locator("#id_password").fill("correct-horse-battery")
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    desk = f"/admin/leagues/season/{season.pk}/desk/"
    page.goto(desk)
    expect(page.locator(".desk h1")).to_contain_text("the organisers' desk")
    row = page.locator("tr.round-row", has_text="Round 2 (Suzuka)")
    expect(row).to_contain_text("Scheduled")
    save_screenshot(page, "desk-before")

    # The results file: the preview lists each row, nothing is written until confirmed.
    row.get_by_role("link", name="Import results").click()
    text = results_csv(season, 2, start, ["rival_2", "rival_1", "rival_3", "rival_4"])
    page.locator("#id_file").set_input_files(
        files=[{"name": "results.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.locator("input[value=Preview]").click()
    expect(page.get_by_text("Nothing has been written yet")).to_be_visible()
    preview = page.locator(".results-preview tbody tr")
    expect(preview).to_have_count(4)
    expect(preview.first).to_contain_text("rival_2")
    assert not round_two.slots.get().lobbies.exists()
    page.locator("input[value='Confirm import']").click()
    expect(page.locator("ul.messagelist")).to_contain_text("results.csv imported", ignore_case=True)

    # Close it from the desk: the job runs (in-process here) and publishes the standings.
    page.goto(desk)
    expect(row.locator("td").nth(4)).to_have_text("4")
    row.get_by_role("button", name="Close…").click()
    expect(page.locator(".confirm-changes")).to_contain_text("Close Round 2")
    page.locator("#content input[type=submit]").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Closing 1 round(s)")

    page.goto(desk)
    expect(row).to_contain_text("Closed")
    expect(page.locator("#publication")).to_contain_text("rounds 1, 2")
    published = season.publications.get(status=Publication.Status.PUBLISHED)
    assert published.rounds_included == [1, 2]
    save_screenshot(page, "desk-after")

    page.locator("#publication").get_by_role("link", name="Standings page").click()
    expect(page.locator(".publication-info")).to_contain_text("1, 2")
    expect(page.locator("tr#driver-rival_2")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the standings page scrolls sideways"
    assert_accessible(page)
    save_screenshot(page)
