"""The stewards' published decisions on a round (protests are filed only on the site)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from pydantic import Field

from api.errors import Error
from api.routers.seasons import round_or_404
from api.schemas import Closed, Count, LeagueFilter, RegionFilter, UtcMoment
from leagues.models import League, Region
from stewarding.models import Case, Decision
from stewarding.selectors.cases import round_decisions

router = Router(tags=["stewarding"])


class PublishedDecision(Closed):
    id: int
    case_kind: Case.Kind = Field(description="A driver's protest, or a steward's own review")
    slot_start_utc: UtcMoment
    region: Region
    league: League
    lobby: str
    lap: int
    online_id: str = Field(description="The driver the decision is about")
    display_name: str
    kind: Decision.Kind
    places: Count = Field(description="Places dropped (position penalties only)")
    licence_points: Count
    reason: str
    decided_at: UtcMoment

    @staticmethod
    def resolve_case_kind(obj: Decision) -> str:
        return obj.case.kind

    @staticmethod
    def resolve_slot_start_utc(obj: Decision) -> Any:
        return obj.case.lobby.slot.starts_at

    @staticmethod
    def resolve_region(obj: Decision) -> str:
        return obj.case.lobby.slot.region

    @staticmethod
    def resolve_league(obj: Decision) -> str:
        return obj.case.lobby.slot.league

    @staticmethod
    def resolve_lobby(obj: Decision) -> str:
        return obj.case.lobby.label

    @staticmethod
    def resolve_lap(obj: Decision) -> int:
        return obj.case.lap

    @staticmethod
    def resolve_online_id(obj: Decision) -> str:
        return obj.case.accused.driver.online_id

    @staticmethod
    def resolve_display_name(obj: Decision) -> str:
        return obj.case.accused.display_name


class RoundDecisions(Closed):
    decisions: list[PublishedDecision]


@router.get(
    "/seasons/{season}/rounds/{int:number}/decisions",
    response={200: RoundDecisions, 400: Error, 404: Error},
    operation_id="listRoundDecisions",
    summary="The stewards' published decisions on a round, in the order they were made",
    description=(
        "Each decision's effect is already in the round's results (the classification "
        "after decisions) and in the standings published after it."
    ),
    url_name="round_decisions",
)
def list_round_decisions(
    request: HttpRequest,
    season: str,
    number: int,
    region: RegionFilter = None,
    league: LeagueFilter = None,
) -> dict[str, Any]:
    round_ = round_or_404(season, number)
    return {"decisions": list(round_decisions(round=round_, region=region, league=league))}
