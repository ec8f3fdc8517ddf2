"""Race results: a round's results lobby by lobby, and the race servers' POST of a lobby."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Header, Router, Schema, Status
from pydantic import Field, PlainValidator, StrictStr, WithJsonSchema

from api.auth import RaceServerToken
from api.errors import Error, refusal
from api.pagination import keyset_body
from api.routers.seasons import round_or_404
from api.schemas import (
    DEFAULT_LIMIT,
    AbsoluteUrl,
    Closed,
    Count,
    IntCursor,
    LeagueFilter,
    Limit,
    Position,
    RegionFilter,
    UtcMoment,
)
from leagues.models import League, RaceResult, Region, ResultStatus
from leagues.selectors.rounds import round_results_page
from leagues.services.results import ingest_lobby

router = Router(tags=["results"])


class Result(Closed):
    id: int = Field(description="The after cursor of the next page")
    slot_start_utc: UtcMoment
    region: Region
    league: League
    lobby: str
    sof: Count = Field(description="Strength of field: mean DR of the starters")
    online_id: str
    display_name: str
    position: Position
    status: ResultStatus
    dr_points: Count
    points: Count

    @staticmethod
    def resolve_slot_start_utc(obj: RaceResult) -> Any:
        return obj.slot.starts_at

    @staticmethod
    def resolve_region(obj: RaceResult) -> str:
        return obj.slot.region

    @staticmethod
    def resolve_league(obj: RaceResult) -> str:
        return obj.slot.league

    @staticmethod
    def resolve_lobby(obj: RaceResult) -> str:
        return obj.lobby.label

    @staticmethod
    def resolve_sof(obj: RaceResult) -> int:
        return obj.lobby.sof

    @staticmethod
    def resolve_online_id(obj: RaceResult) -> str:
        return obj.registration.driver.online_id

    @staticmethod
    def resolve_display_name(obj: RaceResult) -> str:
        return obj.registration.display_name


class ResultPage(Closed):
    results: list[Result]
    next: AbsoluteUrl | None = Field(description="The next page, or null on the last.")


@router.get(
    "/seasons/{season}/rounds/{int:number}/results",
    response={200: ResultPage, 400: Error, 404: Error},
    operation_id="listRoundResults",
    summary="Every race result of a round, lobby by lobby",
    url_name="round_results",
)
def list_round_results(
    request: HttpRequest,
    season: str,
    number: int,
    region: RegionFilter = None,
    league: LeagueFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    after: IntCursor = None,
) -> dict[str, Any]:
    page = round_results_page(
        round=round_or_404(season, number), region=region, league=league, after=after, limit=limit
    )
    return keyset_body(request, page)


def _whole_number(value: object) -> int | str:
    """An integer, or text the importer reads as one (its own checks say what is wrong)."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError("must be a whole number, or its digits as text")


WholeNumber = Annotated[
    int | str,
    PlainValidator(_whole_number),
    WithJsonSchema({"type": ["integer", "string"]}),
]


class LobbyEntry(Schema):
    online_id: StrictStr
    position: WholeNumber = Field(description="1..n, a permutation within the lobby")
    status: ResultStatus
    dr_points: WholeNumber = Field(description="The driver's DR at the start")


class LobbyResults(Schema):
    """One lobby's finishers, as in results.csv."""

    season: StrictStr = Field(examples=["2024"])
    round: WholeNumber = Field(examples=[3])
    slot_start_utc: Annotated[
        StrictStr,
        WithJsonSchema({"type": "string", "format": "date-time"}),
    ] = Field(examples=["2024-04-24T15:00:00Z"])
    region: Region
    league: League
    lobby: StrictStr = Field(description="The organiser's label, unique within a slot")
    results: list[LobbyEntry] = Field(min_length=1)


class IngestReport(Closed):
    created: Count
    replaced: Count
    unchanged: Count
    summary: str


@router.post(
    "/results/lobby",
    auth=RaceServerToken(),
    response={201: IngestReport, 200: IngestReport, 400: Error, 401: Error, 409: Error},
    operation_id="postLobbyResults",
    summary="A race server posts one lobby's results",
    description=(
        "Posting the same lobby again replaces its results (idempotent); posts of one "
        "lobby at once are written one after the other. A lobby with any error is "
        "rejected whole and nothing is written. With an Idempotency-Key header, a retry "
        "with the same key and body gets the first answer again. 201: new results were "
        "created; 200: results replaced or unchanged; 400: rejected, nothing was "
        "imported; 401: missing or unknown race server token; 409: the lobby collides "
        "with stored results (a driver already in another lobby of the slot, a closed "
        "round) or the key was used for another body."
    ),
    url_name="post_lobby",
)
def post_lobby_results(
    request: HttpRequest,
    lobby: LobbyResults,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="The server's own key for this post (1-255 ASCII characters)",
        ),
    ] = None,
) -> Status[Any]:
    server = request.auth  # type: ignore[attr-defined]  # set by ninja from the auth class
    report = ingest_lobby(
        lobby.model_dump(mode="json"), server=server, idempotency_key=idempotency_key
    )
    if not report.ok:
        status = 409 if report.is_conflict else 400
        return Status(status, refusal(report.summary(), report.errors))
    body = {
        "created": report.created,
        "replaced": report.replaced,
        "unchanged": report.unchanged,
        "summary": report.summary(),
    }
    return Status(201 if report.created else 200, body)
