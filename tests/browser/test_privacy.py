"""A driver's own data in the browser: the privacy page, the download and the deletion."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from leagues.models import Driver
from leagues.tests.factories import DriverFactory, UserFactory

from .conftest import assert_accessible, save_screenshot
from .test_public_pages import OVERFLOW, SMALL_TARGETS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def fits(page) -> None:
    layout = page.evaluate(OVERFLOW)
    assert layout["page"] <= 0 and layout["wide"] == [], layout
    assert page.evaluate(SMALL_TARGETS) == []
    assert_accessible(page)


def test_a_driver_reads_the_privacy_page_downloads_their_data_and_deletes_the_account(page):
    user = UserFactory(username="leaving", email="leaving@example.org")
    driver = DriverFactory(user=user, online_id="leaving_driver", display_name="Leaving Driver")

    page.goto("/privacy/")
    fits(page)
    save_screenshot(page, "privacy")

    page.goto("/accounts/login/?next=/me/")
    page.locator("#id_username").fill("leaving")
    page.locator("#id_password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Your data").first.click()
    expect(page).to_have_url(re.compile(r"/me/data/$"))
    fits(page)
    save_screenshot(page, "my-data")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    document = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert document["profile"][0]["online_id"] == "leaving_driver"
    assert document["account"][0]["email"] == "leaving@example.org"

    page.locator("#id_password").fill("wrong password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("That is not your password; nothing was deleted.")).to_be_visible()

    page.locator("#id_password").fill("correct-horse-battery")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text(f"as deleted-{user.pk}")).to_be_visible()
    save_screenshot(page, "deleted")
    assert Driver.objects.get(pk=driver.pk).online_id == f"deleted-{user.pk}"
