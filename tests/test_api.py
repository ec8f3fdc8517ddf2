"""The JSON API: the OpenAPI 3.1 document ninja generates is valid, and every response
matches it (a response that drifts from its schema fails here)."""

import json
import re

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openapi_spec_validator import validate

from api.main import api
from leagues.models import RaceServer
from leagues.tests.factories import CountryFactory
from live_events.models import EventEntry
from live_events.services.teams import form_team
from live_events.tests.factories import event_with_entrants, finalists_of, run_session, team_season
from tests.season_data import make_round, published_season

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
# As served: through JSON, so the status codes are strings as in the file.
SPEC = json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX + "/")))


def operation(path: str, method: str = "get") -> dict:
    return SPEC["paths"][PREFIX + path][method]


def assert_matches(response, path: str, method: str = "get"):
    """The response's status is documented for the operation and its body fits the schema."""
    responses = operation(path, method)["responses"]
    assert str(response.status_code) in responses, (path, response.status_code)
    schema = responses[str(response.status_code)]["content"]["application/json"]["schema"]
    document = {**schema, "components": SPEC["components"]}
    jsonschema.Draft202012Validator(
        document, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(response.json())
    return response.json()


@pytest.fixture
def season():
    return published_season()[0]


def test_the_openapi_document_is_valid_and_served_by_the_site(client):
    validate(SPEC)
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == SPEC
    assert served.json()["openapi"] == "3.1.0"
    assert "/api/v1/results/lobby" in served.json()["paths"]
    docs = client.get("/api/v1/docs/").content.decode()
    assert "/api/v1/seasons/{season}/standings/{league}/{tier}/{scope}" in docs


def test_every_documented_path_is_routed_by_the_site():
    from django.urls import resolve

    for path in SPEC["paths"]:
        concrete = re.sub(r"\{number\}", "1", path)
        concrete = re.sub(r"\{[a-z_]+\}", "x", concrete)
        resolve(concrete)


def test_every_response_object_is_closed_and_fully_required():
    """So that validating a response catches a missing, extra or renamed property."""
    for name, schema in SPEC["components"]["schemas"].items():
        if schema.get("type") != "object" or name in {
            "Error",
            "LobbyResults",
            "LobbyEntry",
            "RunningOrder",
            "RunningLine",
            "Ratings",
            "RatingEntry",
        }:
            continue
        assert schema.get("additionalProperties") is False, name
        assert set(schema["required"]) == set(schema["properties"]), name


def test_seasons_rounds_and_results_match_the_schema(client, season):
    seasons = assert_matches(client.get("/api/v1/seasons"), "/seasons")
    assert [s["label"] for s in seasons["results"]] == ["2024"]
    detail = assert_matches(client.get("/api/v1/seasons/2024"), "/seasons/{season}")
    assert detail["published_standings"]["rounds_included"] == [1, 2]
    assert detail["name"] == "2024 Official season"
    assert detail["calendar"].startswith("http://testserver/seasons/2024/calendar.ics?")
    rounds = assert_matches(client.get("/api/v1/seasons/2024/rounds"), "/seasons/{season}/rounds")
    assert [r["number"] for r in rounds["results"]] == [1, 2]
    one = assert_matches(
        client.get("/api/v1/seasons/2024/rounds/1", {"region": "EMEA", "league": "GT1"}),
        "/seasons/{season}/rounds/{number}",
    )
    assert len(one["slots"]) == 3 and one["slots"][0]["starts_at"].endswith("Z")
    results = assert_matches(
        client.get("/api/v1/seasons/2024/rounds/1/results", {"limit": 100}),
        "/seasons/{season}/rounds/{number}/results",
    )
    assert len(results["results"]) == 100 and results["next"]
    rest = assert_matches(client.get(results["next"]), "/seasons/{season}/rounds/{number}/results")
    assert len(rest["results"]) == 20 and rest["next"] is None
    ids = [r["id"] for r in results["results"] + rest["results"]]
    assert ids == sorted(set(ids))


def test_standings_paginate_by_position_range(client, season):
    url = "/api/v1/seasons/2024/standings/GT1/REGIONAL/EMEA"
    path = "/seasons/{season}/standings/{league}/{tier}/{scope}"
    first = assert_matches(client.get(url, {"page_size": 50}), path)
    assert first["ranked"] == 120 and first["pages"] == 3 and first["previous"] is None
    assert [row["position"] for row in first["results"]] == list(range(1, 51))
    assert first["results"][0]["medal"] == "GOLD"
    last = assert_matches(client.get(first["next"].replace("page=2", "page=3")), path)
    assert [row["position"] for row in last["results"]] == list(range(101, 121))
    assert last["next"] is None and last["results"][-1]["medal"] is None


def test_a_standings_page_costs_the_same_queries_at_any_depth(client, season):
    url = "/api/v1/seasons/2024/standings/GT1/REGIONAL/EMEA"
    client.get(url)  # warm the published-publication cache like any busy site
    counts = []
    for page in (1, 2, 3):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"page": page, "page_size": 40}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] <= 5
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_drivers_and_a_drivers_season_match_the_schema(client, season):
    page = assert_matches(client.get("/api/v1/drivers", {"limit": 2}), "/drivers")
    assert [d["online_id"] for d in page["results"]] == ["d000", "d001"]
    following = assert_matches(client.get(page["next"]), "/drivers")
    assert [d["online_id"] for d in following["results"]] == ["d002", "d003"]
    assert_matches(client.get("/api/v1/drivers", {"q": "d11"}), "/drivers")
    detail = assert_matches(client.get("/api/v1/drivers/d000"), "/drivers/{online_id}")
    assert detail["registrations"][0]["league"] == "GT1"
    mine = assert_matches(
        client.get("/api/v1/seasons/2024/drivers/d000"), "/seasons/{season}/drivers/{online_id}"
    )
    assert [t["tier"] for t in mine["standings"]] == [
        "REGIONAL",
        "DOMESTIC",
        "MAIN_AREA",
        "SECONDARY_AREA",
    ]
    assert mine["standings"][0]["medal"] == "SILVER" and mine["standings_final"] is False


def test_live_events_match_the_schema(client):
    event, drivers = event_with_entrants(3)
    for session in event.sessions.order_by("order"):
        run_session(session, drivers)
    listing = assert_matches(client.get("/api/v1/live-events"), "/live-events")
    assert listing["results"][0]["slug"] == event.slug
    detail = assert_matches(client.get(f"/api/v1/live-events/{event.slug}"), "/live-events/{slug}")
    race = detail["sessions"][-1]
    assert race["confirmed"] and race["results"][0]["online_id"] == drivers[0].online_id
    assert race["results"][0]["points"] == 6
    assert detail["teams"] is None


def test_team_results_and_the_live_championship_match_the_schema(client):
    season = team_season(team_size=2)
    france = CountryFactory(code="FR")
    drivers = finalists_of(season, france, 2)
    form_team(season=season, country=france, name="Les Bleus", drivers=drivers)
    event, _ = event_with_entrants(0, races=1, season=season)
    for number, driver in enumerate(drivers, start=1):
        EventEntry.objects.create(event=event, driver=driver, number=number)
    run_session(event.sessions.get(order=2), drivers)

    detail = assert_matches(client.get(f"/api/v1/live-events/{event.slug}"), "/live-events/{slug}")
    assert [(t["name"], t["points"]) for t in detail["teams"]] == [("Les Bleus", 11)]
    table = assert_matches(
        client.get(f"/api/v1/seasons/{season.label}/live-championship"),
        "/seasons/{season}/live-championship",
    )
    assert [(t["name"], t["points"]) for t in table["teams"]] == [("Les Bleus", 11)]


@pytest.mark.parametrize(
    ("url", "path", "status"),
    [
        ("/api/v1/seasons/1999", "/seasons/{season}", 404),
        ("/api/v1/seasons/2024/rounds/9", "/seasons/{season}/rounds/{number}", 404),
        ("/api/v1/seasons?limit=0", "/seasons", 400),
        ("/api/v1/drivers?limit=abc", "/drivers", 400),
        ("/api/v1/drivers/nobody", "/drivers/{online_id}", 404),
        (
            "/api/v1/seasons/2024/rounds/1/results?region=MARS",
            "/seasons/{season}/rounds/{number}/results",
            400,
        ),
        (
            "/api/v1/seasons/2024/standings/GT9/REGIONAL/EMEA",
            "/seasons/{season}/standings/{league}/{tier}/{scope}",
            404,
        ),
        ("/api/v1/live-events/nothing", "/live-events/{slug}", 404),
        ("/api/v1/seasons/1999/live-championship", "/seasons/{season}/live-championship", 404),
    ],
)
def test_refusals_are_documented_errors(client, season, url, path, status):
    response = client.get(url)
    assert response.status_code == status
    assert_matches(response, path)["error"]


def test_the_api_is_read_only(client, season):
    response = client.post("/api/v1/seasons")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    head = client.head("/api/v1/seasons")
    assert head.status_code == 200 and head.content == b""


def test_the_index_links_to_the_document_and_the_lists(client):
    index = assert_matches(client.get("/api/v1/"), "/")
    assert index["openapi"] == "http://testserver/api/v1/openapi.json"
    assert client.get(index["docs"]).status_code == 200


@pytest.fixture
def token():
    server = RaceServer(name="emea-1", region="EMEA")
    token = server.set_new_token()
    server.save()
    return token


def test_the_results_ingestion_endpoint_answers_as_documented(client, season, token):
    url = reverse("api:post_lobby")
    assert url == "/api/v1/results/lobby"
    make_round(season, 3)
    body = {
        "season": "2024",
        "round": 3,
        "slot_start_utc": "2024-04-23T13:00:00Z",
        "region": "EMEA",
        "league": "GT1",
        "lobby": "API-1",
        "results": [
            {"online_id": "d000", "position": 1, "status": "FIN", "dr_points": 35000},
            {"online_id": "d001", "position": 2, "status": "DNF", "dr_points": 35000},
        ],
    }
    request_schema = {
        **operation("/results/lobby", "post")["requestBody"]["content"]["application/json"][
            "schema"
        ],
        "components": SPEC["components"],
    }
    jsonschema.Draft202012Validator(request_schema).validate(body)

    def post(data, auth=True):
        headers = {"Authorization": f"Bearer {token}"} if auth else {}
        return client.post(url, json.dumps(data), content_type="application/json", headers=headers)

    created = assert_matches(post(body), "/results/lobby", "post")
    assert created["created"] == 1
    assert assert_matches(post(body), "/results/lobby", "post")["unchanged"] == 1
    assert_matches(post(body, auth=False), "/results/lobby", "post")
    bad = assert_matches(post({**body, "league": "GT9"}), "/results/lobby", "post")
    assert bad["errors"]


def test_the_api_layer_reads_and_writes_only_through_selectors_and_services():
    from pathlib import Path

    import api as package

    for module in Path(package.__file__).parent.rglob("*.py"):
        source = module.read_text()
        for query in (".objects", ".filter(", ".select_related(", ".order_by(", ".save("):
            assert query not in source, f"{module.name} queries the database: {query}"
