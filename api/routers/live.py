"""Live events: the calendar, and an event's sessions with their official classifications."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router
from pydantic import Field

from api.errors import Error
from api.lookups import season_or_404
from api.pagination import keyset_body
from api.schemas import (
    DEFAULT_LIMIT,
    AbsoluteUrl,
    Closed,
    Count,
    Extended,
    IntCursor,
    Limit,
    UtcMoment,
)
from live_events.models import EventFormat, EventKind, Language, SessionKind
from live_events.models import LiveEvent as LiveEventModel
from live_events.selectors.pages import live_event_detail, live_event_page

router = Router(tags=["live events"])


class LiveEvent(Closed):
    slug: str
    name: str
    season: str
    city: str
    venue: str
    starts_on: dt.date
    ends_on: dt.date
    kind: EventKind
    format: EventFormat

    @staticmethod
    def resolve_season(obj: LiveEventModel) -> str:
        return obj.season.label


class LiveEventPage(Closed):
    results: list[LiveEvent]
    next: AbsoluteUrl | None = Field(description="The next page, or null on the last.")


class Broadcast(Closed):
    language: Language
    commentators: str
    stream_url: str


class ClassificationRow(Closed):
    position: int | None
    online_id: str
    display_name: str
    status: str
    laps: Count
    time: str
    gap: str
    best_lap: str
    penalty_seconds: Count
    points: Count | None


class LiveSession(Closed):
    order: int
    kind: SessionKind
    name: str
    starts_at: UtcMoment
    laps: Count
    car: str
    track: str
    confirmed: bool
    results: list[ClassificationRow]


class LiveEventDetail(LiveEvent):
    broadcasts: list[Broadcast]
    sessions: list[LiveSession]


@router.get(
    "/live-events",
    response={200: LiveEventPage, 400: Error, 404: Error},
    operation_id="listLiveEvents",
    summary="Live events",
    url_name="live_event_list",
)
def list_live_events(
    request: HttpRequest,
    season: str = Query("", description="Only this season's events"),
    limit: Limit = DEFAULT_LIMIT,
    after: IntCursor = None,
) -> dict[str, Any]:
    chosen = season_or_404(season) if season else None
    return keyset_body(request, live_event_page(season=chosen, after=after, limit=limit))


@router.get(
    "/live-events/{slug:slug}",
    response={200: LiveEventDetail, 404: Error},
    operation_id="getLiveEvent",
    summary="A live event with its sessions and official classifications",
    url_name="live_event_detail",
)
def get_live_event(request: HttpRequest, slug: str) -> Extended:
    detail = live_event_detail(slug=slug)
    if detail is None:
        raise Http404(f"No live event {slug!r}.")
    sessions = [
        Extended(
            view.session,
            confirmed=view.session.is_confirmed,
            results=[
                Extended(
                    row,
                    online_id=row.driver.online_id,
                    display_name=row.driver.display_name,
                    points=points,
                )
                for row, points in view.rows()
            ],
        )
        for view in detail.page.sessions
    ]
    return Extended(detail.page.event, broadcasts=detail.broadcasts, sessions=sessions)
