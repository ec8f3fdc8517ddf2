"""Seasons and their rounds: the calendar, each round's format and entry slots."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router
from pydantic import Field

from api.errors import Error
from api.pagination import keyset_body
from api.schemas import (
    DEFAULT_LIMIT,
    AbsoluteUrl,
    Closed,
    Count,
    Extended,
    IntCursor,
    LeagueFilter,
    Limit,
    Position,
    RegionFilter,
    UtcMoment,
)
from leagues.models import League, Region, SeasonKind, SeasonStatus
from leagues.models import Round as RoundModel
from leagues.models import Season as SeasonModel
from leagues.selectors import rounds as round_selectors
from leagues.selectors.seasons import season_or_404, season_overview, season_page

router = Router(tags=["seasons"])


class Season(Closed):
    label: str = Field(description="2024, or 2024-exhibition", examples=["2024"])
    year: int
    kind: SeasonKind
    name: str
    status: SeasonStatus
    registration_opens: UtcMoment
    registration_closes: UtcMoment
    rounds_planned: Count
    best_rounds: Count
    points_scheme: str

    @staticmethod
    def resolve_name(obj: SeasonModel) -> str:
        return str(obj)


class SeasonPage(Closed):
    results: list[Season]
    next: AbsoluteUrl | None = Field(description="The next page, or null on the last.")


class Publication(Closed):
    version: Count
    published_at: UtcMoment | None
    rounds_included: list[int]
    is_final: bool


class Laps(Closed):
    GT1: Count
    GT2: Count
    GT3: Count


class Round(Closed):
    number: Position
    date: dt.date = Field(description="The round's day in its regions")
    track: str
    car_category: str
    tuning: RoundModel.Tuning
    balance_of_performance: bool
    damage: RoundModel.Damage
    tyre_wear: Count
    fuel_wear: Count
    mandatory_tyres: str
    laps: Laps
    race_kind: RoundModel.RaceKind
    status: RoundModel.Status
    closed_at: UtcMoment | None

    @staticmethod
    def resolve_laps(obj: RoundModel) -> dict[str, int]:
        return {"GT1": obj.laps_gt1, "GT2": obj.laps_gt2, "GT3": obj.laps_gt3}


class RoundPage(Closed):
    results: list[Round]
    next: AbsoluteUrl | None = Field(description="The next page, or null on the last.")


class SeasonDetail(Season):
    rounds: list[Round]
    published_standings: Publication | None
    calendar: str = Field(description="iCalendar feed; fill in {region} and {league}")


class Slot(Closed):
    region: Region
    league: League
    starts_at: UtcMoment
    entry_opens_at: UtcMoment


class RoundDetail(Round):
    slots: list[Slot]


SEASON_LABEL = "The season's label: 2024, or 2024-exhibition"


@router.get(
    "/seasons",
    response={200: SeasonPage, 400: Error},
    operation_id="listSeasons",
    summary="Seasons, oldest first",
    url_name="season_list",
)
def list_seasons(
    request: HttpRequest,
    limit: Limit = DEFAULT_LIMIT,
    after: IntCursor = None,
) -> dict[str, Any]:
    return keyset_body(request, season_page(after=after, limit=limit))


@router.get(
    "/seasons/{season}",
    response={200: SeasonDetail, 404: Error},
    operation_id="getSeason",
    summary="A season with its rounds and its published standings version",
    url_name="season_detail",
)
def get_season(request: HttpRequest, season: str) -> Extended:
    overview = season_overview(season=season_or_404(season))
    feed = reverse("calendars:season_calendar", args=[overview.season.label])
    return Extended(
        overview.season,
        rounds=overview.rounds,
        published_standings=overview.published,
        calendar=request.build_absolute_uri(feed) + "?region={region}&league={league}",
    )


@router.get(
    "/seasons/{season}/rounds",
    response={200: RoundPage, 400: Error, 404: Error},
    operation_id="listRounds",
    summary="A season's rounds",
    tags=["rounds"],
    url_name="round_list",
)
def list_rounds(
    request: HttpRequest,
    season: str,
    limit: Limit = DEFAULT_LIMIT,
    after: IntCursor = None,
) -> dict[str, Any]:
    page = round_selectors.round_page(season=season_or_404(season), after=after, limit=limit)
    return keyset_body(request, page)


def round_or_404(label: str, number: int) -> RoundModel:
    season = season_or_404(label)
    round_ = round_selectors.season_round(season=season, number=number)
    if round_ is None:
        raise Http404(f"The {season} has no round {number}.")
    return round_


@router.get(
    "/seasons/{season}/rounds/{int:number}",
    response={200: RoundDetail, 400: Error, 404: Error},
    operation_id="getRound",
    summary="A round's race format and entry slots",
    tags=["rounds"],
    url_name="round_detail",
)
def get_round(
    request: HttpRequest,
    season: str,
    number: int,
    region: RegionFilter = None,
    league: LeagueFilter = None,
) -> Extended:
    round_ = round_or_404(season, number)
    slots = round_selectors.entry_slots(round=round_, region=region, league=league)
    return Extended(round_, slots=slots)
