"""Drivers: profiles, registrations, and a driver's season (round scores, rankings)."""

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from pydantic import Field

from api.auth import RaceServerToken
from api.errors import Error
from api.pagination import keyset_body
from api.schemas import (
    DEFAULT_LIMIT,
    AbsoluteUrl,
    Closed,
    Count,
    Extended,
    Limit,
    StrCursor,
    UtcMoment,
)
from leagues.models import Driver as DriverModel
from leagues.models import League, Medal, Region, SportsmanshipRating, Standing, Tier
from leagues.models import Registration as RegistrationModel
from leagues.selectors.drivers import (
    driver_id_page,
    driver_page,
    driver_profile,
    season_registration,
)
from leagues.selectors.rounds import driver_season
from leagues.selectors.seasons import season_or_404
from leagues.selectors.standings import driver_standings, published_publication
from leagues.services.identity import issue_claim_code

router = Router(tags=["drivers"])

DrGrade = Literal["E", "D", "C", "B", "A", "A+"]


class Driver(Closed):
    online_id: str
    display_name: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    region: Region
    dr_points: Count
    dr_grade: DrGrade
    sr_grade: SportsmanshipRating
    is_star_player: bool

    @staticmethod
    def resolve_country(obj: DriverModel) -> str:
        return obj.country_id

    @staticmethod
    def resolve_region(obj: DriverModel) -> str:
        return obj.country.region


class DriverPage(Closed):
    results: list[Driver]
    next: AbsoluteUrl | None = Field(description="The next page, or null on the last.")


class Registration(Closed):
    season: str
    league: League
    region: Region
    country: str
    dr_points: Count = Field(description="DR at registration: it fixes the league")

    @staticmethod
    def resolve_season(obj: RegistrationModel) -> str:
        return obj.season.label

    @staticmethod
    def resolve_country(obj: RegistrationModel) -> str:
        return obj.country_id


class DriverDetail(Driver):
    team: str
    registrations: list[Registration]


class TierStanding(Closed):
    tier: Tier
    scope: str
    rank: int
    season_points: Count
    medal: Medal | None = Field(
        description="The medal won, or on course for while standings are not final"
    )

    @staticmethod
    def resolve_medal(obj: Standing) -> str | None:
        return obj.medal or None


class RoundPoints(Closed):
    number: int
    points: Count | None
    counted: bool = Field(description="Among the best rounds")
    races: Count


class DriverSeason(Registration):
    online_id: str
    display_name: str
    season_points: Count
    all_points: Count
    rounds: list[RoundPoints]
    standings_final: bool
    standings: list[TierStanding]


@router.get(
    "/drivers",
    response={200: DriverPage, 400: Error},
    operation_id="listDrivers",
    summary="Drivers by online id",
    url_name="driver_list",
)
def list_drivers(
    request: HttpRequest,
    q: str = Query("", description="Online ids starting with this"),
    limit: Limit = DEFAULT_LIMIT,
    after: StrCursor = None,
) -> dict[str, Any]:
    return keyset_body(request, driver_id_page(query=q.strip(), after=after, limit=limit))


@router.get(
    "/drivers/{online_id}",
    response={200: DriverDetail, 404: Error},
    operation_id="getDriver",
    summary="A driver's profile and registrations",
    url_name="driver_detail",
)
def get_driver(request: HttpRequest, online_id: str) -> Extended:
    profile = driver_profile(online_id=online_id)
    if profile is None:
        raise Http404(f"No driver {online_id!r}.")
    return Extended(
        profile.driver, team=profile.driver.bio_team, registrations=profile.registrations
    )


@router.get(
    "/seasons/{season}/drivers/{online_id}",
    response={200: DriverSeason, 404: Error},
    operation_id="getDriverSeason",
    summary="A driver's season: round scores, rankings and the medals on course",
    url_name="driver_season",
)
def get_driver_season(request: HttpRequest, season: str, online_id: str) -> Extended:
    season_ = season_or_404(season)
    registration = season_registration(season=season_, online_id=online_id)
    if registration is None:
        raise Http404(f"{online_id} is not registered for the {season_}.")
    page = driver_season(registration=registration)
    publication = published_publication(season_)
    return Extended(
        registration,
        online_id=online_id,
        display_name=registration.display_name,
        season_points=page.season_total,
        all_points=page.all_points,
        rounds=[
            RoundPoints(
                number=line.round.number,
                points=line.score,
                counted=line.in_best,
                races=len(line.races),
            )
            for line in page.rounds
        ],
        standings_final=bool(publication and publication.is_final),
        standings=driver_standings(publication=publication, registration_id=registration.pk),
    )


class ClaimCode(Closed):
    online_id: str
    code: str = Field(description="Show it to the player; it is not stored and not shown again")
    expires_at: UtcMoment


@router.post(
    "/drivers/{online_id}/claim-code",
    auth=RaceServerToken(),
    response={201: ClaimCode, 400: Error, 401: Error, 404: Error},
    operation_id="postClaimCode",
    summary="A race server asks for a one-time claim code for an online id",
    description=(
        "The game shows the code to the player, who types it on the site, signed in, "
        "to make the online id's profile theirs. A new code voids any earlier one. "
        "400: the online id already belongs to an account; 404: no such online id."
    ),
    url_name="claim_code",
)
def post_claim_code(request: HttpRequest, online_id: str) -> Status[Any]:
    driver = driver_page(online_id)
    if driver is None:
        raise Http404(f"No driver {online_id!r}.")
    issued = issue_claim_code(driver=driver, server=request.auth)  # type: ignore[attr-defined]  # set by ninja from the auth class
    body = {"online_id": online_id, "code": issued.code, "expires_at": issued.claim.expires_at}
    return Status(201, body)
