"""Live events: the calendar, an event's sessions with their official classifications, and
the timing systems' POST of a running session's order (live timing, provisional)."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field, StrictStr

from api.auth import RaceServerToken
from api.errors import Error, refusal
from api.pagination import keyset_body
from api.schemas import (
    DEFAULT_LIMIT,
    AbsoluteUrl,
    Closed,
    Count,
    Extended,
    IntCursor,
    Limit,
    Position,
    UtcMoment,
)
from leagues.selectors.seasons import season_or_404
from live_events.models import EventKind, Language, LiveSeasonSettings, SessionKind
from live_events.models import LiveEvent as LiveEventModel
from live_events.rules import RunningPosition
from live_events.selectors.common import live_settings
from live_events.selectors.live import event_session
from live_events.selectors.pages import (
    ChampionshipRow,
    championship,
    live_event_detail,
    live_event_page,
)
from live_events.selectors.teams import TeamRow
from live_events.services.timing import post_running_order

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
    format: LiveSeasonSettings.Format = Field(description="The season's format")

    @staticmethod
    def resolve_season(obj: LiveEventModel) -> str:
        return obj.season.label

    @staticmethod
    def resolve_format(obj: LiveEventModel) -> str:
        return live_settings(obj.season).format


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


class TeamResult(Closed):
    rank: Position
    name: str
    country: str = Field(description="ISO 3166 alpha-2 code of the team's nation")
    points: Count = Field(description="Its drivers' points added up")
    drivers: list[str] = Field(description="Online ids of its drivers")


def _team_results(rows: list[TeamRow], is_team: bool) -> list[TeamResult] | None:
    if not is_team:
        return None
    return [
        TeamResult(
            rank=row.rank,
            name=row.team.name,
            country=row.team.country_id,
            points=row.total,
            drivers=[driver.online_id for driver in row.drivers],
        )
        for row in rows
    ]


class LiveEventDetail(LiveEvent):
    broadcasts: list[Broadcast]
    sessions: list[LiveSession]
    teams: list[TeamResult] | None = Field(
        description="Team-format seasons: the national teams ranked by the event's points; "
        "null in an individual season"
    )


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
    teams = _team_results(detail.page.team_rows, detail.page.is_team)
    return Extended(detail.page.event, broadcasts=detail.broadcasts, sessions=sessions, teams=teams)


class ChampionshipLine(Closed):
    rank: Position
    online_id: str
    display_name: str
    country: str
    points: Count


class LiveChampionship(Closed):
    season: str
    format: LiveSeasonSettings.Format
    rows: list[ChampionshipLine] = Field(description="The rounds' championship")
    final: list[ChampionshipLine] = Field(
        description="The World Finals: carried points plus its races' (empty before it)"
    )
    teams: list[TeamResult] | None = Field(
        description="Team-format seasons: the teams by the rounds' points; null otherwise"
    )
    final_teams: list[TeamResult] | None = Field(
        description="Team-format seasons: the teams by the World Finals totals (the first "
        "takes the nations' title); null otherwise"
    )


def _lines(rows: list[ChampionshipRow]) -> list[ChampionshipLine]:
    return [
        ChampionshipLine(
            rank=row.rank,
            online_id=row.driver.online_id,
            display_name=row.driver.display_name,
            country=row.driver.country_id,
            points=row.total,
        )
        for row in rows
    ]


@router.get(
    "/seasons/{season}/live-championship",
    response={200: LiveChampionship, 404: Error},
    operation_id="getLiveChampionship",
    summary="A season's live championship, its World Finals and, in the team format, teams",
    url_name="live_championship",
)
def get_live_championship(request: HttpRequest, season: str) -> LiveChampionship:
    table = championship(season_or_404(season))
    return LiveChampionship(
        season=table.season.label,
        format=LiveSeasonSettings.Format(live_settings(table.season).format),
        rows=_lines(table.rows),
        final=_lines(table.final_rows),
        teams=_team_results(table.team_rows, table.is_team),
        final_teams=_team_results(table.final_team_rows, table.is_team),
    )


class RunningLine(Schema):
    position: Position = Field(description="1..n, each once in the posted order")
    online_id: StrictStr
    laps: Count = Field(0, description="Laps completed")
    gap_ms: Count | None = Field(None, description="Behind the leader; null for the leader")
    best_lap_ms: Count | None = None
    pit_stops: Count = 0


class RunningOrder(Schema):
    """A running session's order as the timing system sees it, stamped by its own clock."""

    sent_at: dt.datetime = Field(
        description="When the timing system took this order (ISO 8601 with its zone); a "
        "post older than the order shown is ignored",
        examples=["2024-06-08T15:04:05Z"],
    )
    order: list[RunningLine] = Field(min_length=1)


class TimingReceipt(Closed):
    accepted: bool = Field(description="false: older than the order shown, ignored")
    message: str


@router.post(
    "/live-events/{slug:slug}/sessions/{int:number}/timing",
    auth=RaceServerToken(),
    response={200: TimingReceipt, 400: Error, 401: Error, 404: Error},
    operation_id="postLiveTiming",
    summary="A timing system posts the running order of a live session",
    description=(
        "The session is the event's ``number``-th (1: qualifying). Many times a minute while "
        "the session runs. Provisional: it becomes the snapshot "
        "the live pages poll and never the session's result. 200 with accepted=false: "
        "older than the order shown (by sent_at), ignored. 400: the session is not "
        "running, a driver is not entered, positions are not 1..n, sent_at has no zone or "
        "is in the future, or the server is tied to another region than the event's; "
        "nothing changed. 401: missing or unknown token."
    ),
    url_name="post_live_timing",
)
def post_live_timing(
    request: HttpRequest, slug: str, number: int, running: RunningOrder
) -> Status[Any]:
    session = event_session(slug=slug, order=number)
    if session is None:
        raise Http404(f"No session {number} in live event {slug!r}.")
    if running.sent_at.tzinfo is None:
        message = "sent_at needs its zone, e.g. 2024-06-08T15:04:05Z."
        return Status(400, refusal(message, [message]))
    outcome = post_running_order(
        session=session,
        server=request.auth,  # type: ignore[attr-defined]  # set by ninja from the auth class
        sent_at=running.sent_at,
        order=[
            RunningPosition(
                key=line.online_id,
                position=line.position,
                laps=line.laps,
                gap_ms=line.gap_ms,
                best_lap_ms=line.best_lap_ms,
                pit_stops=line.pit_stops,
            )
            for line in running.order
        ],
    )
    return Status(200, {"accepted": outcome.accepted, "message": outcome.message})
