"""iCalendar feeds, parsed back with the ``icalendar`` library."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from leagues.tests.factories import SeasonFactory
from live_events.tests.factories import event_with_entrants
from tests.season_data import make_round

pytestmark = pytest.mark.django_db


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event, required
        assert event.decoded("DTEND") > event.decoded("DTSTART")
    assert len({str(event["UID"]) for event in events}) == len(events)
    return calendar


@pytest.fixture
def season():
    season = SeasonFactory()
    for number in (1, 2):
        make_round(season, number)
    return season


def test_the_season_feed_lists_rounds_and_the_slots_of_one_region_and_league(client, season):
    response = client.get(
        reverse("calendars:season_calendar", args=["2024"]), {"region": "ASIA", "league": "GT2"}
    )
    events = parse(response).walk("VEVENT")
    rounds = [e for e in events if isinstance(e.decoded("DTSTART"), dt.date)]
    rounds = [e for e in rounds if not isinstance(e.decoded("DTSTART"), dt.datetime)]
    slots = [e for e in events if isinstance(e.decoded("DTSTART"), dt.datetime)]
    assert [e.decoded("DTSTART") for e in rounds] == [dt.date(2024, 4, 17), dt.date(2024, 4, 20)]
    assert len(slots) == 2 * 10
    first = min(slots, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART") == dt.datetime(2024, 4, 17, 2, tzinfo=dt.UTC)
    assert "ASIA GT2" in str(first["SUMMARY"])
    assert "region=ASIA&league=GT2" in str(first["URL"])
    assert "15 minutes" in str(first["DESCRIPTION"])


def test_the_season_feed_speaks_the_visitors_language(client, season):
    client.cookies["django_language"] = "fr"
    events = parse(client.get(reverse("calendars:season_calendar", args=["2024"]))).walk("VEVENT")
    assert any("Manche 1" in str(e["SUMMARY"]) for e in events)


def test_the_season_feed_refuses_unknown_regions_and_seasons(client, season):
    url = reverse("calendars:season_calendar", args=["2024"])
    assert client.get(url, {"region": "MARS"}).status_code == 404
    assert client.get(reverse("calendars:season_calendar", args=["1999"])).status_code == 404


def test_the_live_feed_lists_events_and_their_sessions(client, season):
    event, _ = event_with_entrants(2, season=season)
    calendar = parse(client.get(reverse("calendars:live_calendar", args=["2024"])))
    events = calendar.walk("VEVENT")
    assert len(events) == 1 + 3
    whole = next(e for e in events if not isinstance(e.decoded("DTSTART"), dt.datetime))
    assert whole.decoded("DTSTART") == event.starts_on
    assert whole.decoded("DTEND") == event.ends_on + dt.timedelta(days=1)
    assert str(whole["LOCATION"]) == f"{event.venue}, {event.city}"
    starts = sorted(e.decoded("DTSTART") for e in events if e is not whole)
    assert starts == [s.starts_at for s in event.sessions.order_by("starts_at")]
