"""A viewer picks a race winner, then finds the pick locked once the race has started."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from leagues.tests.factories import UserFactory
from live_events.models import Prediction
from live_events.services.events import generate_grid
from live_events.tests.factories import event_with_entrants, run_session

from .conftest import assert_accessible, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def race():
    """Race 1 of a live event, its grid set from qualifying, starting in an hour."""
    today = timezone.now().date()
    event, drivers = event_with_entrants(4, races=2, starts_on=today, slug="harbour-live")
    qualifying, race1, _ = event.sessions.order_by("order")
    run_session(qualifying, drivers)
    race1.starts_at = timezone.now() + dt.timedelta(hours=1)
    race1.save()
    generate_grid(session=race1)
    return race1


def test_a_viewer_predicts_the_winner_and_the_pick_locks_at_the_start(page, race):
    UserFactory(username="viewer")
    favourite = race.grid.order_by("position").first().driver

    page.goto(race.event.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Log in to predict the winner.").first.click()
    page.locator("#id_username").fill("viewer")
    page.locator("#id_password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/live/event/harbour-live/$"))
    section = page.locator("#session-2")
    section.locator(f"#id_{race.pk}-winner").select_option(label=favourite.display_name)
    section.get_by_role("button", name="Save my prediction").click()
    expect(page.locator(".messages")).to_contain_text("Your prediction for Race 1 is saved")
    expect(page.locator("#session-2")).to_contain_text(f"Your pick: {favourite.display_name}")

    # The page stays open while the race starts; a late change is refused.
    race.starts_at = timezone.now() - dt.timedelta(minutes=1)
    race.save()
    other = race.grid.order_by("position").last().driver
    section = page.locator("#session-2")
    section.locator(f"#id_{race.pk}-winner").select_option(label=other.display_name)
    section.get_by_role("button", name="Save my prediction").click()

    expect(page.locator(".messages")).to_contain_text("closed when it started")
    locked = page.locator("#session-2")
    expect(locked).to_contain_text(f"Your pick: {favourite.display_name}")
    expect(locked.get_by_role("button", name="Save my prediction")).to_have_count(0)
    assert Prediction.objects.get().winner == favourite
    assert_accessible(page)
    save_screenshot(page)
