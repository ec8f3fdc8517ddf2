"""The live hub follows a replayed timing feed without a reload, on a phone and a desktop."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from leagues.models import RaceServer
from live_events.models import Broadcast
from live_events.replay import running_orders
from live_events.services.timing import post_running_order
from live_events.tests.factories import event_with_entrants, run_session

from .conftest import assert_accessible, save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def live_race():
    """Race 1 of an event today, started five minutes ago, with a timing server."""
    now = timezone.now()
    event, drivers = event_with_entrants(
        8, races=2, starts_on=now.date(), ends_on=now.date(), slug="harbour-live"
    )
    Broadcast.objects.create(
        event=event, language="en", commentators="Jamie Hollis", stream_url="https://x.example/"
    )
    qualifying, race1, race2 = event.sessions.order_by("order")
    qualifying.starts_at = now - dt.timedelta(hours=2)
    qualifying.save()
    run_session(qualifying, drivers)
    race1.starts_at = now - dt.timedelta(minutes=5)
    race1.save()
    race2.starts_at = now + dt.timedelta(hours=2)
    race2.save()
    server = RaceServer(name="timing", region="")
    server.set_new_token()
    server.save()
    return race1, server, [d.online_id for d in drivers]


class Replay(threading.Thread):
    """Posts the replayed feed through the timing service every ``every`` seconds."""

    def __init__(self, race, server, online_ids, every=0.7):
        super().__init__(daemon=True)
        self.race, self.server, self.every = race, server, every
        self.orders = running_orders(online_ids, laps=12, seed=7)
        self.stop = threading.Event()

    def post(self):
        post_running_order(
            session=self.race, server=self.server, sent_at=timezone.now(), order=next(self.orders)
        )

    def run(self):
        try:
            while not self.stop.wait(self.every):
                self.post()
        finally:
            connection.close()


def shown_order(page) -> list[str]:
    return page.locator("[data-live-order] tr a").all_inner_texts()


def test_the_hub_s_running_order_changes_while_the_replayed_feed_runs(page, live_race):
    race, server, online_ids = live_race
    replay = Replay(race, server, online_ids)
    replay.post()

    page.goto("/live/")
    expect(page.locator("[data-live-order] tr")).to_have_count(len(online_ids))
    first = shown_order(page)
    first_update = page.locator("[data-live-updated]").get_attribute("datetime")
    replay.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and shown_order(page) == first:
            page.wait_for_timeout(250)
        changed = shown_order(page)
    finally:
        replay.stop.set()
        replay.join()

    assert changed != first and sorted(changed) == sorted(first)
    assert page.locator("[data-live-updated]").get_attribute("datetime") != first_update
    assert page.url.endswith("/live/")  # no reload
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the hub is wider than the screen"
    assert_accessible(page)
    save_screenshot(page, page.viewport_name)
