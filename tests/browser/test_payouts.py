"""A payout staff member previews the season's payouts, runs them and downloads the ledger."""

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from leagues import csvfiles, roles
from leagues.models import RewardPayout
from leagues.services import seasons
from leagues.services.standings import close_round
from leagues.tests.factories import (
    EntrySlotFactory,
    LobbyFactory,
    RaceResultFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)

from .conftest import save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def closed_season():
    """The 2024 season, closed with final standings: twenty GT1 drivers in one lobby."""
    season = SeasonFactory(
        registration_opens=dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
        registration_closes=dt.datetime(2024, 4, 10, tzinfo=dt.UTC),
    )
    round_ = RoundFactory(season=season, number=1)
    slot = EntrySlotFactory(round=round_)
    lobby = LobbyFactory(slot=slot, label="A")
    for position in range(1, 21):
        RaceResultFactory(
            lobby=lobby,
            slot=slot,
            registration=RegistrationFactory(season=season),
            position=position,
            points=1000 - 10 * position,
        )
    close_round(round=round_)
    seasons.close_season(season=season)
    payer = UserFactory(username="payer")
    payer.groups.add(Group.objects.get(name=roles.PAYOUT_STAFF))
    return season


def test_payout_staff_preview_run_and_download_the_ledger(page, closed_season):
    season = closed_season
    page.goto(f"/seasons/{season.label}/payouts/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("#id_username").fill("payer")
    page.locator("#id_password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Payout preview")
    page.get_by_role("link", name="Pay these awards…").click()
    pay = page.get_by_role("button", name=re.compile(r"^Pay [\d,]+ awards"))
    label = pay.inner_text()
    pay.click()

    expect(page).to_have_url(re.compile(r"/payouts/run/$"))
    expect(page.locator(".run-status")).to_have_text("Finished", timeout=30_000)
    paid = RewardPayout.objects.filter(registration__season=season)
    assert paid.count() > 0
    assert f"{paid.count()} awards" in label.replace(",", "")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export the ledger (payouts.csv)").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert rows[0] == csvfiles.PAYOUTS
    assert len(rows) - 1 == paid.count()
    assert sum(int(row[-1]) for row in rows[1:]) == sum(p.credits for p in paid)
    save_screenshot(page)
