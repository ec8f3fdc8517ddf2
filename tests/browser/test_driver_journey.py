"""A new driver's first season, in the browser: sign up, profile, register, standings."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from leagues import csvfiles
from leagues.models import Driver, Round, Season
from leagues.services.ratings import import_ratings
from leagues.services.results import import_results
from leagues.services.standings import close_round, publish_standings
from leagues.tests.factories import EntrySlotFactory, RegistrationFactory, RoundFactory

from .conftest import assert_accessible, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def open_season():
    """This year's official season, open for registration, round 1 raced this morning."""
    now = timezone.now()
    season = Season.objects.create(
        year=now.year,
        kind="official",
        registration_opens=now - dt.timedelta(days=7),
        registration_closes=now + dt.timedelta(days=30),
        status="running",
    )
    starts = (now - dt.timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
    round_ = RoundFactory(season=season, number=1, date=starts.date(), track="Spa-Francorchamps")
    slot = EntrySlotFactory(round=round_, region="EMEA", league="GT1", starts_at=starts)
    rivals = [
        RegistrationFactory(season=season, driver__online_id=f"rival_{n}", driver__dr_points=41_000)
        for n in range(1, 5)
    ]
    return season, slot, rivals


def _race_results(slot, online_ids: list[str]) -> str:
    """results.csv of one lobby finishing in the order given."""
    start = slot.starts_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [",".join(csvfiles.RESULTS)]
    for position, online_id in enumerate(online_ids, start=1):
        dr = Driver.objects.get(online_id=online_id).dr_points
        season = slot.round.season.label
        lines.append(f"{season},1,{start},EMEA,GT1,A,{online_id},{position},FIN,{dr}")
    return "\n".join(lines) + "\n"


def test_a_new_driver_signs_up_registers_and_finds_their_points(page, open_season):
    season, slot, rivals = open_season

    page.goto("/")
    assert_accessible(page)
    page.goto("/accounts/signup/")
    page.locator("#id_username").fill("new_racer")
    page.locator("#id_email").fill("new_racer@example.com")
    page.locator("#id_password1").fill("a-long-pass-phrase-42")
    page.locator("#id_password2").fill("a-long-pass-phrase-42")
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/me/profile/$"))
    page.locator("#id_online_id").fill("new_racer")
    page.locator("#id_display_name").fill("New Racer")
    page.locator("#id_birth_date").fill("1998-05-04")
    page.locator("#id_country").select_option(label="France")
    main_area = page.locator("#id_main_area")
    expect(main_area.locator("option", has_text="Île-de-France")).to_have_count(1)
    main_area.select_option(label="Île-de-France")
    page.locator("#id_secondary_area").select_option(label="Paris")
    expect(page.locator("#id_dr_points")).to_have_count(0)  # ratings come from the game
    page.get_by_role("button", name="Save profile").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    # The sign-up's email: its link confirms the address, which registering needs.
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    page.goto(link.group(1))
    expect(page.locator(".messages")).to_contain_text("confirmed")
    # The game's ratings feed rates the new driver before they register.
    rated_at = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    feed = import_ratings(f"{','.join(csvfiles.RATINGS)}\nnew_racer,35000,B,12,{rated_at}\n")
    assert feed.ok, feed.errors
    page.reload()
    page.get_by_role("link", name="Register").click()
    expect(page.locator(".league-preview")).to_contain_text("GT1")
    page.get_by_label("I confirm that these details are correct and mine.").check()
    page.get_by_role("button", name="Register").click()

    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.locator(".messages")).to_contain_text("GT1")
    expect(page.locator("table.entries td .badge").first).to_have_text("GT1")

    # Round 1's results arrive and the round closes: the new driver finished second.
    report = import_results(
        _race_results(slot, ["rival_1", "new_racer", *[r.driver.online_id for r in rivals[1:]]])
    )
    assert report.ok, report.errors
    close_round(round=Round.objects.get(pk=slot.round_id))
    publish_standings(season=season)

    page.goto("/standings/")
    mine = page.locator("#driver-new_racer").first
    expect(mine).to_contain_text("New Racer")
    expect(page.locator("tr#driver-new_racer td").first).to_have_text("2")
    mine.get_by_role("link", name="New Racer").click()

    expect(page.get_by_role("heading", name="Points breakdown")).to_be_visible()
    row = page.locator("tr.counted")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Counted")
    assert_accessible(page)
    save_screenshot(page)
