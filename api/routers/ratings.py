"""Ratings: race servers post the game's ratings of many drivers at once."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field, StrictStr, WithJsonSchema

from api.auth import RaceServerToken
from api.errors import Error
from api.routers.results import IngestReport, WholeNumber, report_response
from leagues.models import SportsmanshipRating
from leagues.services.ratings import post_ratings

router = Router(tags=["ratings"])

MAX_ENTRIES = 5000


class RatingEntry(Schema):
    """One driver's rating, as a row of ratings.csv."""

    online_id: StrictStr
    dr_points: WholeNumber = Field(description="0..100000")
    sr_grade: SportsmanshipRating
    rated_races: WholeNumber = Field(description="A whole number, 0 or more")
    rated_at: Annotated[StrictStr, WithJsonSchema({"type": "string", "format": "date-time"})] = (
        Field(examples=["2024-04-17T13:00:00Z"], description="ISO 8601 in UTC, with Z")
    )


class Ratings(Schema):
    ratings: list[RatingEntry] = Field(min_length=1, max_length=MAX_ENTRIES)


@router.post(
    "/ratings",
    auth=RaceServerToken(),
    response={201: IngestReport, 200: IngestReport, 400: Error, 401: Error},
    operation_id="postRatings",
    summary="A race server posts the game's ratings of many drivers",
    description=(
        "The same checks as an organiser's ratings.csv. All entries or none: with any bad "
        "entry nothing is recorded and each error names its entry. A rating older than the "
        "driver's current one is kept as history and never replaces it. Posting the same "
        "ratings again changes nothing. 201: new ratings recorded; 200: all unchanged."
    ),
    url_name="post_ratings",
)
def post_ratings_endpoint(request: HttpRequest, body: Ratings) -> Status[Any]:
    server = request.auth  # type: ignore[attr-defined]  # set by ninja from the auth class
    entries = [entry.model_dump(mode="json") for entry in body.ratings]
    return report_response(post_ratings(entries, server=server))
