"""Stewarding in the browser: a driver files a protest, a steward decides it on the desk."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from stewarding.models import Decision
from stewarding.tests.lobbies import raced_lobby, steward

from .conftest import assert_accessible, save_screenshot
from .test_public_pages import OVERFLOW

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def fits_the_screen(page) -> None:
    overflow = page.evaluate(OVERFLOW)
    assert overflow["page"] <= 0 and not overflow["wide"], (page.url, overflow)


def test_a_driver_files_a_protest_and_a_steward_decides_it(page, live_server):
    raced = raced_lobby(starters=5, statuses={5: "DNF"})
    round_url = f"/seasons/{raced.season.label}/rounds/1/?region=EMEA&league=GT1"

    sign_in(page, live_server, raced.user(1))
    page.goto(round_url)
    page.get_by_role("link", name="File a protest").click()
    page.get_by_label("Against").select_option(label=raced.drivers[0].display_name)
    page.get_by_label("Lap").fill("3")
    page.get_by_label("What happened").fill("Dived up the inside at turn 1 and pushed me off.")
    page.get_by_label("Video link (optional)").fill("https://example.com/replay")
    fits_the_screen(page)
    save_screenshot(page, "protest-form")
    page.get_by_role("button", name="File the protest").click()
    expect(page.locator("main")).to_contain_text("Your protest is filed")
    expect(page.locator("main")).to_contain_text("Awaiting decision")
    save_screenshot(page, "protest-filed")

    desk = steward()
    sign_in(page, live_server, desk)
    page.goto("/stewards/")
    fits_the_screen(page)
    assert_accessible(page)
    save_screenshot(page, "desk")
    page.get_by_role("link", name="Protest #").first.click()
    expect(page.locator("main")).to_contain_text("Dived up the inside")
    page.get_by_label("Position penalty").check()
    page.get_by_label("Places dropped").fill("2")
    page.get_by_label("Licence penalty points").fill("3")
    page.get_by_label("Reason").fill("Avoidable contact; the driver gained places.")
    fits_the_screen(page)
    save_screenshot(page, "case")
    page.get_by_role("button", name="Publish the decision").click()
    expect(page.locator("main")).to_contain_text("Decision published")
    assert Decision.objects.get().places == 2

    page.goto(round_url)
    expect(page.locator("#decisions-title")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Avoidable contact")
    first_row = page.locator("table.results tbody tr").first
    expect(first_row).to_contain_text(raced.drivers[1].display_name)
    fits_the_screen(page)
    assert_accessible(page)
    save_screenshot(page, "round-after-decision")
