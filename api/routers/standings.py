"""Published standings, one range of positions at a time (like the standings page)."""

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from api.errors import Error
from api.routers.seasons import Publication
from api.schemas import DEFAULT_LIMIT, AbsoluteUrl, Closed, Count, Limit, Position
from leagues import rules
from leagues.models import League, Medal, Region, Standing, Tier
from leagues.selectors.seasons import season_or_404
from leagues.selectors.standings import Ranking, published_publication, ranking_range

router = Router(tags=["standings"])


class StandingRow(Closed):
    rank: Position
    position: Position
    online_id: str
    display_name: str
    country: str
    season_points: Count
    all_points: Count
    best_round: Count
    rounds_counted: Count
    medal: Medal | None

    @staticmethod
    def resolve_online_id(obj: Standing) -> str:
        return obj.registration.driver.online_id

    @staticmethod
    def resolve_display_name(obj: Standing) -> str:
        return obj.registration.display_name

    @staticmethod
    def resolve_country(obj: Standing) -> str:
        return obj.registration.country_id

    @staticmethod
    def resolve_medal(obj: Standing) -> str | None:
        return obj.medal or None


class StandingsPage(Closed):
    season: str
    region: Region
    league: League
    tier: Tier
    scope: str
    publication: Publication
    ranked: Count
    gold_cutoff: Count
    silver_cutoff: Count
    bronze_cutoff: Count
    page: Position
    pages: Position
    page_size: Position
    next: AbsoluteUrl | None
    previous: AbsoluteUrl | None
    results: list[StandingRow]


@router.get(
    "/seasons/{season}/standings/{league}/{tier}/{scope}",
    response={200: StandingsPage, 400: Error, 404: Error},
    operation_id="getStandings",
    summary="One page of a published ranking, by position range",
    url_name="standings",
)
def get_standings(
    request: HttpRequest,
    season: str,
    league: str = Path(..., description="The league", enum=list(rules.LEAGUES)),
    tier: str = Path(..., description="The ranking's tier", enum=list(rules.TIERS)),
    scope: str = Path(..., description="The region, country or area code of the ranking"),
    page: int = Query(1, ge=1, le=10_000_000, description="Page number (1 = the leaders)"),
    page_size: Limit = DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Positions ``(page - 1) * page_size + 1`` to ``page * page_size`` of one ranking."""
    season_ = season_or_404(season)
    if league not in rules.LEAGUES or tier not in rules.TIERS:
        raise Http404("Unknown league or tier.")
    publication = published_publication(season_)
    if publication is None:
        raise Http404(f"No standings have been published for the {season_} yet.")
    found = ranking_range(
        ranking=Ranking(publication, league, tier, scope), page=page, size=page_size
    )
    if found is None:
        raise Http404("Nobody is ranked in this ranking.")

    def page_url(number: int) -> str | None:
        if not 1 <= number <= found.pages:
            return None
        query = urlencode({"page": number, "page_size": page_size})
        return request.build_absolute_uri(f"{request.path}?{query}")

    summary = found.summary
    return {
        "season": season_.label,
        "region": summary.region,
        "league": league,
        "tier": tier,
        "scope": scope,
        "publication": publication,
        "ranked": summary.ranked,
        "gold_cutoff": summary.gold_cutoff,
        "silver_cutoff": summary.silver_cutoff,
        "bronze_cutoff": summary.bronze_cutoff,
        "page": page,
        "pages": found.pages,
        "page_size": page_size,
        "next": page_url(page + 1),
        "previous": page_url(page - 1),
        "results": found.rows,
    }
