"""iCalendar feeds a driver subscribes to: a season's rounds and entry slots for one region
and league, and a season's live events with their sessions. Every time is in UTC; the
calendar application shows it in the subscriber's own zone.

An app of its own because it reads both ``leagues`` and ``live_events`` (which itself
depends on ``leagues``): here neither has to import the other back."""

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from leagues import rules
from leagues.models import Season
from leagues.selectors.rounds import season_calendar
from leagues.selectors.seasons import season_or_404
from live_events.selectors.pages import calendar as live_calendar

# Slots start an hour or more apart in a region: an hour is a fair block in a diary.
SLOT_LENGTH = dt.timedelta(hours=1)
SESSION_LENGTH = dt.timedelta(hours=1)
UID_DOMAIN = "nationscup"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Nations Cup//Season calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "UTC")
    return calendar


def _event(uid: str, summary: str, start, end, *, description="", location="", url="") -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    return event


def _response(calendar: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def season_rounds_calendar(*, season: Season, region: str, league: str, base_url: str) -> Calendar:
    """A season's rounds (all-day) and the entry slots of one region and league."""
    calendar = _calendar(f"Nations Cup {season} · {region} {league}")
    for round_ in season_calendar(season=season, region=region, league=league):
        page = base_url + reverse("leagues:round_detail", args=[season.label, round_.number])
        page += f"?region={region}&league={league}"
        title = _("Round %(number)s: %(track)s") % {
            "number": round_.number,
            "track": round_.track,
        }
        details = _("%(cars)s · %(laps)s laps (%(league)s)") % {
            "cars": round_.car_category,
            "laps": round_.laps_for(league),
            "league": league,
        }
        calendar.add_component(
            _event(
                f"round-{round_.pk}-{region}-{league}",
                f"Nations Cup · {title}",
                round_.date,
                round_.date + dt.timedelta(days=1),
                description=details,
                url=page,
            )
        )
        for slot in round_.shown_slots:  # type: ignore[attr-defined]  # the selector's to_attr
            opens = _("Entry opens %(minutes)s minutes before the start.") % {
                "minutes": int(rules.ENTRY_OPENS_BEFORE.total_seconds() // 60)
            }
            calendar.add_component(
                _event(
                    f"slot-{slot.pk}",
                    f"Nations Cup · {title} · {region} {league}",
                    slot.starts_at,
                    slot.starts_at + SLOT_LENGTH,
                    description=f"{details}\n{opens}",
                    url=f"{page}&slot={slot.pk}",
                )
            )
    return calendar


def live_events_calendar(*, season: Season, base_url: str) -> Calendar:
    """A season's live events (all-day, over their dates) and their sessions."""
    calendar = _calendar(f"Nations Cup {season} · " + _("Live events"))
    for event in live_calendar(season):
        page = base_url + event.get_absolute_url()
        location = f"{event.venue}, {event.city}"
        calendar.add_component(
            _event(
                f"live-event-{event.pk}",
                f"Nations Cup · {event.name}",
                event.starts_on,
                event.ends_on + dt.timedelta(days=1),
                location=location,
                url=page,
            )
        )
        for session in event.sessions.all():
            calendar.add_component(
                _event(
                    f"live-session-{session.pk}",
                    f"{event.name} · {session.name}",
                    session.starts_at,
                    session.starts_at + SESSION_LENGTH,
                    description=" · ".join(filter(None, [session.track, session.car])),
                    location=location,
                    url=page,
                )
            )
    return calendar


def season_feed(request: HttpRequest, season: str) -> HttpResponse:
    chosen = season_or_404(season)
    region = request.GET.get("region", "EMEA")
    league = request.GET.get("league", "GT1")
    if region not in rules.REGIONS or league not in rules.LEAGUES:
        raise Http404("Unknown region or league.")
    calendar = season_rounds_calendar(
        season=chosen, region=region, league=league, base_url=request.build_absolute_uri("/")[:-1]
    )
    return _response(calendar, f"nationscup-{chosen.label}-{region}-{league}.ics")


def live_feed(request: HttpRequest, season: str) -> HttpResponse:
    chosen = season_or_404(season)
    calendar = live_events_calendar(season=chosen, base_url=request.build_absolute_uri("/")[:-1])
    return _response(calendar, f"nationscup-{chosen.label}-live.ics")
