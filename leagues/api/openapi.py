"""The OpenAPI 3.1 document of API v1, served at ``/api/v1/openapi.json``.

Objects are closed (``additionalProperties: false``) and every property is
required, so the tests that validate real responses against it catch any
drift between this document and ``serializers``.
"""

from leagues import rules

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time", "description": "UTC, ISO 8601 with Z"}
URL = {"type": "string", "format": "uri"}


def nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def obj(properties: dict, *, optional: tuple[str, ...] = (), description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def keyset_page(item: str) -> dict:
    return obj(
        {
            "results": array(ref(item)),
            "next": {**nullable(URL), "description": "The next page, or null on the last."},
        }
    )


REGION = enum(rules.REGIONS)
LEAGUE = enum(rules.LEAGUES)
TIER = enum(rules.TIERS)
MEDAL = {"type": ["string", "null"], "enum": [*rules.MEDALS, None]}

SEASON = {
    "label": {**STRING, "description": "2024, or 2024-exhibition", "examples": ["2024"]},
    "year": INTEGER,
    "kind": enum(["official", "exhibition"]),
    "name": STRING,
    "status": enum(["upcoming", "open", "running", "closed"]),
    "registration_opens": MOMENT,
    "registration_closes": MOMENT,
    "rounds_planned": COUNT,
    "best_rounds": COUNT,
    "points_scheme": STRING,
}
ROUND = {
    "number": {"type": "integer", "minimum": 1},
    "date": {**DATE, "description": "The round's day in its regions"},
    "track": STRING,
    "car_category": STRING,
    "tuning": enum(["open", "restricted", "fixed"]),
    "balance_of_performance": BOOLEAN,
    "damage": enum(["light", "heavy"]),
    "tyre_wear": COUNT,
    "fuel_wear": COUNT,
    "mandatory_tyres": STRING,
    "laps": obj(dict.fromkeys(rules.LEAGUES, COUNT)),
    "race_kind": enum(["sprint", "management"]),
    "status": enum(["scheduled", "closed"]),
    "closed_at": nullable(MOMENT),
}
DRIVER = {
    "online_id": STRING,
    "display_name": STRING,
    "country": {**STRING, "description": "ISO 3166-1 alpha-2"},
    "region": REGION,
    "dr_points": COUNT,
    "dr_grade": enum(["E", "D", "C", "B", "A", "A+"]),
    "sr_grade": enum(["E", "D", "C", "B", "A", "S"]),
    "is_star_player": BOOLEAN,
}
REGISTRATION = {
    "season": STRING,
    "league": LEAGUE,
    "region": REGION,
    "country": STRING,
    "dr_points": {**COUNT, "description": "DR at registration: it fixes the league"},
}
LIVE_EVENT = {
    "slug": STRING,
    "name": STRING,
    "season": STRING,
    "city": STRING,
    "venue": STRING,
    "starts_on": DATE,
    "ends_on": DATE,
    "kind": enum(["round", "world_final"]),
    "format": enum(["individual", "team"]),
}

SCHEMAS = {
    "Error": obj(
        {"error": STRING, "errors": array(STRING)},
        optional=("errors",),
        description="A refusal; ``errors`` lists every problem of a rejected lobby.",
    ),
    "Season": obj(SEASON),
    "SeasonPage": keyset_page("Season"),
    "Publication": obj(
        {
            "version": COUNT,
            "published_at": nullable(MOMENT),
            "rounds_included": array(INTEGER),
            "is_final": BOOLEAN,
        }
    ),
    "SeasonDetail": obj(
        {
            **SEASON,
            "rounds": array(ref("Round")),
            "published_standings": {"oneOf": [ref("Publication"), {"type": "null"}]},
            "calendar": {
                **STRING,
                "description": "iCalendar feed; fill in {region} and {league}",
            },
        }
    ),
    "Round": obj(ROUND),
    "RoundPage": keyset_page("Round"),
    "Slot": obj(
        {"region": REGION, "league": LEAGUE, "starts_at": MOMENT, "entry_opens_at": MOMENT}
    ),
    "RoundDetail": obj({**ROUND, "slots": array(ref("Slot"))}),
    "Result": obj(
        {
            "id": {**INTEGER, "description": "The ``after`` cursor of the next page"},
            "slot_start_utc": MOMENT,
            "region": REGION,
            "league": LEAGUE,
            "lobby": STRING,
            "sof": {**COUNT, "description": "Strength of field: mean DR of the starters"},
            "online_id": STRING,
            "display_name": STRING,
            "position": {"type": "integer", "minimum": 1},
            "status": enum(rules.RESULT_STATUSES),
            "dr_points": COUNT,
            "points": COUNT,
        }
    ),
    "ResultPage": keyset_page("Result"),
    "StandingRow": obj(
        {
            "rank": {"type": "integer", "minimum": 1},
            "position": {"type": "integer", "minimum": 1},
            "online_id": STRING,
            "display_name": STRING,
            "country": STRING,
            "season_points": COUNT,
            "all_points": COUNT,
            "best_round": COUNT,
            "rounds_counted": COUNT,
            "medal": MEDAL,
        }
    ),
    "StandingsPage": obj(
        {
            "season": STRING,
            "region": REGION,
            "league": LEAGUE,
            "tier": TIER,
            "scope": STRING,
            "publication": ref("Publication"),
            "ranked": COUNT,
            "gold_cutoff": COUNT,
            "silver_cutoff": COUNT,
            "bronze_cutoff": COUNT,
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1},
            "next": nullable(URL),
            "previous": nullable(URL),
            "results": array(ref("StandingRow")),
        }
    ),
    "Driver": obj(DRIVER),
    "DriverPage": keyset_page("Driver"),
    "Registration": obj(REGISTRATION),
    "DriverDetail": obj({**DRIVER, "team": STRING, "registrations": array(ref("Registration"))}),
    "TierStanding": obj(
        {
            "tier": TIER,
            "scope": STRING,
            "rank": INTEGER,
            "season_points": COUNT,
            "medal": {
                **MEDAL,
                "description": "The medal won, or on course for while standings are not final",
            },
        }
    ),
    "DriverSeason": obj(
        {
            **REGISTRATION,
            "online_id": STRING,
            "display_name": STRING,
            "season_points": COUNT,
            "all_points": COUNT,
            "rounds": array(
                obj(
                    {
                        "number": INTEGER,
                        "points": nullable(COUNT),
                        "counted": {**BOOLEAN, "description": "Among the best rounds"},
                        "races": COUNT,
                    }
                )
            ),
            "standings_final": BOOLEAN,
            "standings": array(ref("TierStanding")),
        }
    ),
    "LiveEvent": obj(LIVE_EVENT),
    "LiveEventPage": keyset_page("LiveEvent"),
    "LiveEventDetail": obj(
        {
            **LIVE_EVENT,
            "broadcasts": array(
                obj(
                    {
                        "language": enum(["en", "fr", "it", "es", "pt", "ja"]),
                        "commentators": STRING,
                        "stream_url": STRING,
                    }
                )
            ),
            "sessions": array(
                obj(
                    {
                        "order": INTEGER,
                        "kind": enum(["qualifying", "race"]),
                        "name": STRING,
                        "starts_at": MOMENT,
                        "laps": COUNT,
                        "car": STRING,
                        "track": STRING,
                        "confirmed": BOOLEAN,
                        "results": array(
                            obj(
                                {
                                    "position": nullable(INTEGER),
                                    "online_id": STRING,
                                    "display_name": STRING,
                                    "status": STRING,
                                    "laps": COUNT,
                                    "time": STRING,
                                    "gap": STRING,
                                    "best_lap": STRING,
                                    "penalty_seconds": COUNT,
                                    "points": nullable(COUNT),
                                }
                            )
                        ),
                    }
                )
            ),
        }
    ),
    "LobbyResults": obj(
        {
            "season": {**STRING, "examples": ["2024"]},
            "round": {"type": ["integer", "string"], "examples": [3]},
            "slot_start_utc": {**MOMENT, "examples": ["2024-04-24T15:00:00Z"]},
            "region": REGION,
            "league": LEAGUE,
            "lobby": {**STRING, "description": "The organiser's label, unique within a slot"},
            "results": {
                **array(
                    obj(
                        {
                            "online_id": STRING,
                            "position": {
                                "type": ["integer", "string"],
                                "description": "1..n, a permutation within the lobby",
                            },
                            "status": enum(rules.RESULT_STATUSES),
                            "dr_points": {
                                "type": ["integer", "string"],
                                "description": "The driver's DR at the start",
                            },
                        }
                    )
                ),
                "minItems": 1,
            },
        },
        description="One lobby's finishers, as in results.csv.",
    ),
    "IngestReport": obj(
        {"created": COUNT, "replaced": COUNT, "unchanged": COUNT, "summary": STRING}
    ),
}


def path_param(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": schema or STRING,
    }


def query_param(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "description": description, "schema": schema or STRING}


SEASON_PARAM = path_param("season", "The season's label: 2024, or 2024-exhibition")
NUMBER_PARAM = path_param("number", "The round's number", {"type": "integer", "minimum": 1})
LIMIT = query_param("limit", "Page size", {"type": "integer", "minimum": 1, "maximum": 200})
AFTER = query_param("after", "The cursor: take it from the previous page's ``next`` link")
REGION_FILTER = query_param("region", "Only this region", REGION)
LEAGUE_FILTER = query_param("league", "Only this league", LEAGUE)


def json_response(schema: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


ERROR = json_response("Error", "Refused")
NOT_FOUND = json_response("Error", "Not found")


def get(operation_id: str, summary: str, schema: str, params=(), tags=()) -> dict:
    responses = {"200": json_response(schema)}
    if any(p["in"] == "query" for p in params):
        responses["400"] = ERROR
    if any(p["in"] == "path" for p in params):
        responses["404"] = NOT_FOUND
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": list(tags),
            "parameters": list(params),
            "responses": responses,
        }
    }


PATHS = {
    "/seasons": get(
        "listSeasons", "Seasons, oldest first", "SeasonPage", [LIMIT, AFTER], ["seasons"]
    ),
    "/seasons/{season}": get(
        "getSeason",
        "A season with its rounds and its published standings version",
        "SeasonDetail",
        [SEASON_PARAM],
        ["seasons"],
    ),
    "/seasons/{season}/rounds": get(
        "listRounds", "A season's rounds", "RoundPage", [SEASON_PARAM, LIMIT, AFTER], ["rounds"]
    ),
    "/seasons/{season}/rounds/{number}": get(
        "getRound",
        "A round's race format and entry slots",
        "RoundDetail",
        [SEASON_PARAM, NUMBER_PARAM, REGION_FILTER, LEAGUE_FILTER],
        ["rounds"],
    ),
    "/seasons/{season}/rounds/{number}/results": get(
        "listRoundResults",
        "Every race result of a round, lobby by lobby",
        "ResultPage",
        [SEASON_PARAM, NUMBER_PARAM, REGION_FILTER, LEAGUE_FILTER, LIMIT, AFTER],
        ["results"],
    ),
    "/seasons/{season}/standings/{league}/{tier}/{scope}": get(
        "getStandings",
        "One page of a published ranking, by position range",
        "StandingsPage",
        [
            SEASON_PARAM,
            path_param("league", "The league", LEAGUE),
            path_param("tier", "The ranking's tier", TIER),
            path_param("scope", "The region, country or area code of the ranking"),
            query_param("page", "Page number (1 = the leaders)", {"type": "integer", "minimum": 1}),
            query_param(
                "page_size", "Rows per page", {"type": "integer", "minimum": 1, "maximum": 200}
            ),
        ],
        ["standings"],
    ),
    "/seasons/{season}/drivers/{online_id}": get(
        "getDriverSeason",
        "A driver's season: round scores, rankings and the medals on course",
        "DriverSeason",
        [SEASON_PARAM, path_param("online_id", "The driver's online id")],
        ["drivers"],
    ),
    "/drivers": get(
        "listDrivers",
        "Drivers by online id",
        "DriverPage",
        [query_param("q", "Online ids starting with this"), LIMIT, AFTER],
        ["drivers"],
    ),
    "/drivers/{online_id}": get(
        "getDriver",
        "A driver's profile and registrations",
        "DriverDetail",
        [path_param("online_id", "The driver's online id")],
        ["drivers"],
    ),
    "/live-events": get(
        "listLiveEvents",
        "Live events",
        "LiveEventPage",
        [query_param("season", "Only this season's events"), LIMIT, AFTER],
        ["live events"],
    ),
    "/live-events/{slug}": get(
        "getLiveEvent",
        "A live event with its sessions and official classifications",
        "LiveEventDetail",
        [path_param("slug", "The event's slug")],
        ["live events"],
    ),
    "/results/lobby": {
        "post": {
            "operationId": "postLobbyResults",
            "summary": "A race server posts one lobby's results",
            "description": (
                "Posting the same lobby again replaces its results (idempotent). A lobby "
                "with any error is rejected whole and nothing is written."
            ),
            "tags": ["results"],
            "security": [{"raceServer": []}],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ref("LobbyResults")}},
            },
            "responses": {
                "201": json_response("IngestReport", "New results were created"),
                "200": json_response("IngestReport", "Results replaced or unchanged"),
                "400": json_response("Error", "Rejected: nothing was imported"),
                "401": json_response("Error", "Missing or unknown race server token"),
            },
        }
    },
}


def openapi_document(*, server: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Nations Cup API",
            "version": "1",
            "description": (
                "Read-only data of the Nations Cup: seasons, rounds, results, standings, "
                "drivers and live events, plus the results-ingestion endpoint of the race "
                "servers. Times are UTC. Lists are paginated by cursor (follow ``next``); "
                "standings by position range (``page``)."
            ),
        },
        "servers": [{"url": server}],
        "tags": [
            {"name": name}
            for name in ("seasons", "rounds", "results", "standings", "drivers", "live events")
        ],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "raceServer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The race server's token, issued in the admin",
                }
            },
        },
    }
