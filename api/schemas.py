"""Building blocks of the API's shapes.

Every response schema derives from ``Closed``: no property beyond the declared ones
(``additionalProperties: false``) and every property required, so a test that checks a
response against the generated document notices any drift.
"""

import datetime as dt
from typing import Annotated

from ninja import Query, Schema
from pydantic import BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from leagues.models import League, Region
from leagues.selectors import paging
from leagues.selectors.exports import utc_iso


class Closed(Schema):
    # Not ``extra="forbid"``: ninja then validates without the resolvers. A response only
    # ever carries the declared fields anyway; the document says so to its readers.
    model_config = ConfigDict(
        json_schema_extra={"additionalProperties": False},
        json_schema_serialization_defaults_required=True,
    )


UtcMoment = Annotated[
    dt.datetime,
    PlainSerializer(utc_iso, return_type=str),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "description": "UTC, ISO 8601 with Z"}
    ),
]
"""A moment as ``2024-04-17T13:00:00Z``."""

AbsoluteUrl = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]
Count = Annotated[int, Field(ge=0)]
Position = Annotated[int, Field(ge=1)]


def _blank_is_none(value: object) -> object:
    return None if value == "" else value


Blankable = BeforeValidator(_blank_is_none)
"""A query parameter given empty (``?region=``) means "not given"."""

DEFAULT_LIMIT = paging.PAGE_SIZE
MAX_LIMIT = paging.MAX_PAGE_SIZE
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description="Page size")]

IntCursor = Annotated[
    int | None, Query(None, description="The cursor: take it from the previous page's next link")
]
StrCursor = Annotated[
    str | None, Query(None, description="The cursor: take it from the previous page's next link")
]
RegionFilter = Annotated[Region | None, Blankable, Query(None, description="Only this region")]
LeagueFilter = Annotated[League | None, Blankable, Query(None, description="Only this league")]


class Extended:
    """``base`` read with some attributes added: the source of a schema that extends
    another (``SeasonDetail`` is a ``Season`` with its rounds), so the base schema's
    resolvers still read ``base``."""

    def __init__(self, base: object, **extra: object) -> None:
        self._base = base
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> object:
        return getattr(self._base, name)

    def __str__(self) -> str:
        return str(self._base)
