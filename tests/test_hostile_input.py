"""Hostile input at every way in: each malformed file, body or form is refused with a
message a person can act on, and the database is exactly as it was.

Hypothesis generates the input: random text and bytes, well-formed files with
random cells, valid files with one cell broken, random JSON documents, forged
form posts. The examples run inside one test transaction; nothing they send may
write, so the fingerprint of every table is compared after each one.
"""

import csv
import datetime as dt
import io
import json
import re
import string
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.urls import URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from api.main import api
from leagues import csvfiles
from leagues.filters import StandingFilter
from leagues.models import Driver, RaceServer, Registration
from leagues.services.registrations import import_registrations
from leagues.services.results import import_results
from leagues.tests.factories import (
    DriverFactory,
    EntrySlotFactory,
    MainAreaFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    SecondaryAreaFactory,
    UserFactory,
)
from live_events.models import Prediction
from live_events.services.events import generate_grid
from live_events.tests.factories import event_with_entrants, run_session
from nationscup.hostile import text_problem
from tests.season_data import published_season

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SLOT_START = "2024-04-20T13:00:00Z"
GEOGRAPHY = {"Country", "MainArea", "SecondaryArea"}


def fingerprint() -> dict:
    """Every row of every table the ways in could write (reference geography: its size)."""
    state = {}
    for label in ("leagues", "live_events", "auth"):
        for model in apps.get_app_config(label).get_models():
            rows = model._default_manager.order_by("pk")
            state[model._meta.label] = (
                rows.count() if model.__name__ in GEOGRAPHY else list(rows.values_list())
            )
    return state


def assert_refused(errors: list[str]) -> None:
    """At least one message, each a readable sentence rather than a traceback or a repr."""
    assert errors, "no error for a bad input"
    for message in errors:
        assert isinstance(message, str) and len(message) > 5
        assert "Traceback" not in message and "object at 0x" not in message


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@pytest.fixture
def league_round(_fast_passwords):
    """The 2024 season, round 1 with one EMEA GT1 slot, three registered drivers."""
    season = SeasonFactory()
    round_ = RoundFactory(season=season, number=1, date=dt.date(2024, 4, 20))
    EntrySlotFactory(round=round_, starts_at=dt.datetime(2024, 4, 20, 13, tzinfo=dt.UTC))
    registrations = [RegistrationFactory(season=season) for _ in range(3)]
    return season, registrations


@pytest.fixture
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def result_row(registration, position: int, **changes) -> list[str]:
    values = {
        "season": "2024",
        "round": "1",
        "slot_start_utc": SLOT_START,
        "region": "EMEA",
        "league": "GT1",
        "lobby": "A",
        "online_id": registration.driver.online_id,
        "position": str(position),
        "status": "FIN",
        "dr_points": str(registration.dr_points),
        **changes,
    }
    return [values[column] for column in csvfiles.RESULTS]


def valid_results(registrations, **changes) -> list[list[str]]:
    return [result_row(r, n, **changes) for n, r in enumerate(registrations, start=1)]


# One broken cell per column: only values that can never be valid in that column.
cell_text = st.text(max_size=40)
BROKEN_RESULT_CELLS = {
    "season": st.sampled_from(["", "1999", "2024-nope", "2O24", "'; DROP TABLE x; --"]),
    "round": st.one_of(
        st.sampled_from(["", "0", "-1", "1.5", "one", "99", "1e3", "٣"]),
        st.integers(min_value=2, max_value=10**30).map(str),
    ),
    "slot_start_utc": st.one_of(
        st.sampled_from(
            [
                "",
                "2024-04-20",
                "2024-04-20T14:00:00Z",
                "2024-04-20T13:00:00",
                "2024-13-40T25:61:00Z",
                "yesterday",
            ]
        ),
        cell_text.filter(lambda v: v.strip() != SLOT_START and v.strip() != SLOT_START[:-1]),
    ),
    "region": cell_text.filter(lambda v: v.strip() != "EMEA"),
    "league": cell_text.filter(lambda v: v.strip() != "GT1"),
    "position": st.one_of(
        st.sampled_from(["", "0", "-3", "first", "1.0", "NaN"]),
        st.integers(min_value=4, max_value=10**40).map(str),
    ),
    "status": cell_text.filter(lambda v: v.strip() not in {"FIN", "DNF", "DSQ"}),
    "dr_points": st.one_of(
        st.sampled_from(["", "-1", "100001", "3.5e4", "lots", "0x10"]),
        st.integers(min_value=100_001).map(str),
    ),
    "lobby": st.sampled_from(["", "   ", "L" * 33, "x" * 5000]),
    "online_id": st.sampled_from(["", "nobody_here", "driver_00000 x", "../../etc/passwd"]),
}


# results.csv: the admin upload, the command and the service behind both.


def test_a_valid_results_file_is_accepted_so_the_broken_ones_below_are_refused_for_a_reason(
    league_round,
):
    _, registrations = league_round
    report = import_results(csv_text([csvfiles.RESULTS, *valid_results(registrations)]))
    assert report.ok, report.errors


@HYPOTHESIS
@given(text=st.text(max_size=2000))
@example(text="")
@example(text="\ufeff")
@example(text=csvfiles.HEADERS["results.csv"] + '\n"unterminated')
@example(text=csvfiles.HEADERS["results.csv"] + "\n" + "," * 9 + "\x00")
def test_random_text_is_refused_as_a_results_file(league_round, text):
    before = fingerprint()
    assert_refused(import_results(text).errors)
    assert fingerprint() == before


@HYPOTHESIS
@given(
    rows=st.lists(st.lists(st.text(max_size=15), max_size=12), min_size=1, max_size=8).filter(
        lambda rows: any(cell.strip() for row in rows for cell in row)
    )
)
def test_random_cells_under_the_right_header_are_refused(league_round, rows):
    before = fingerprint()
    assert_refused(import_results(csv_text([csvfiles.RESULTS, *rows])).errors)
    assert fingerprint() == before


@HYPOTHESIS
@given(data=st.data(), column=st.sampled_from(sorted(BROKEN_RESULT_CELLS)))
def test_one_broken_cell_rejects_the_whole_results_file(league_round, data, column):
    _, registrations = league_round
    rows = valid_results(registrations)
    victim = data.draw(st.integers(min_value=0, max_value=len(rows) - 1))
    broken = data.draw(BROKEN_RESULT_CELLS[column])
    if column == "lobby" and broken.strip() and len(broken) <= 32:
        return
    rows[victim][csvfiles.RESULTS.index(column)] = broken
    before = fingerprint()

    report = import_results(csv_text([csvfiles.RESULTS, *rows]))

    assert_refused(report.errors)
    assert all(e.startswith(("Row ", "Rows ")) for e in report.errors), report.errors
    assert fingerprint() == before


@HYPOTHESIS
@given(data=st.binary(max_size=500))
@example(data=b"\xff\xfe" + "season".encode("utf-16-le"))
@example(data=b"\x00\x00\x00")
def test_random_bytes_uploaded_in_the_admin_are_refused(admin_client, league_round, data):
    before = fingerprint()
    upload = io.BytesIO(data)
    upload.name = "results.csv"

    response = admin_client.post(reverse("admin:leagues_raceresult_import_csv"), {"file": upload})

    assert response.status_code == 200
    assert b"nothing was imported" in response.content or b"errorlist" in response.content
    assert b"Confirm" not in response.content or b'name="upload"' not in response.content
    assert fingerprint() == before


# The results API


@pytest.fixture
def server_token(league_round):
    server = RaceServer(name="EMEA 1", region="EMEA")
    token = server.set_new_token()
    server.save()
    return token


def json_documents():
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(max_size=12), children, max_size=5),
        ),
        max_leaves=20,
    )


def lobby_payloads(registrations):
    """Lobby documents in the right shape with hostile values in random places."""
    good = {
        "season": "2024",
        "round": 1,
        "slot_start_utc": SLOT_START,
        "region": "EMEA",
        "league": "GT1",
        "lobby": "A",
        "results": [
            {"online_id": r.driver.online_id, "position": n, "status": "FIN", "dr_points": 35000}
            for n, r in enumerate(registrations, start=1)
        ],
    }
    hostile = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=-1),
        st.floats(),
        st.text(max_size=20),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    )
    field = st.sampled_from(["season", "round", "slot_start_utc", "region", "league", "results"])
    entry_field = st.sampled_from(["online_id", "position", "status", "dr_points"])

    @st.composite
    def payload(draw):
        document = json.loads(json.dumps(good))
        if draw(st.booleans()):
            document[draw(field)] = draw(hostile)
        else:
            entry = document["results"][draw(st.integers(0, len(registrations) - 1))]
            entry[draw(entry_field)] = draw(hostile)
        if draw(st.booleans()):
            document.pop(draw(field))
        return document

    return payload()


def _post_api(client, body: bytes, token: str, content_type="application/json"):
    return client.post(
        "/api/v1/results/lobby",
        body,
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def _json_error(response) -> list[str]:
    assert response.status_code == 400, response.content[:500]
    document = response.json()
    return [document["error"], *document.get("errors", [])]


@HYPOTHESIS
@given(document=json_documents())
def test_random_json_is_refused_by_the_results_api(client, league_round, server_token, document):
    before = fingerprint()
    response = _post_api(client, json.dumps(document).encode(), server_token)
    assert_refused(_json_error(response))
    assert fingerprint() == before


@HYPOTHESIS
@given(body=st.binary(max_size=300))
@example(body=b'{"season": "2024", "results": [')
@example(body=b"\xff\xfe{}")
@example(body=b'{"a": ' * 10_000)
def test_bytes_that_are_not_json_are_refused_by_the_results_api(
    client, league_round, server_token, body
):
    try:
        json.loads(body)
    except (ValueError, RecursionError):
        pass
    else:
        return
    before = fingerprint()
    assert_refused(_json_error(_post_api(client, body, server_token)))
    assert fingerprint() == before


@HYPOTHESIS
@given(data=st.data())
def test_a_lobby_with_one_hostile_value_is_refused_by_the_results_api(
    client, league_round, server_token, data
):
    _, registrations = league_round
    document = data.draw(lobby_payloads(registrations))
    before = fingerprint()
    assert_refused(_json_error(_post_api(client, json.dumps(document).encode(), server_token)))
    assert fingerprint() == before


def test_the_results_api_refuses_a_missing_or_wrong_token(client, league_round, server_token):
    _, registrations = league_round
    before = fingerprint()
    for header in ("", "Bearer", "Bearer wrong", f"Basic {server_token}", "Bearer " + "x" * 10000):
        response = client.post(
            "/api/v1/results/lobby",
            b"{}",
            content_type="application/json",
            HTTP_AUTHORIZATION=header,
        )
        assert response.status_code == 401
        assert "token" in response.json()["error"]
    assert fingerprint() == before


# registrations.csv


def registration_row(**changes) -> list[str]:
    values = {
        "season": "2024",
        "online_id": "newcomer_1",
        "display_name": "Newcomer One",
        "region": "EMEA",
        "country": "FR",
        "main_area": "FR-M1",
        "secondary_area": "FR-M1-S1",
        "league": "GT2",
        "dr_points": "15000",
        "birth_date": "1999-02-03",
        **changes,
    }
    return [values[column] for column in csvfiles.REGISTRATIONS]


BROKEN_REGISTRATION_CELLS = {
    "season": st.sampled_from(["", "1999", "2024-nope"]),
    "online_id": st.one_of(
        st.sampled_from(["", "ab", "x" * 33, "-leading", "with space", "ünï"]),
        st.text(alphabet=string.punctuation.replace("-", "").replace("_", ""), min_size=1),
    ),
    "display_name": st.sampled_from(["", "   "]),
    "region": st.sampled_from(["", "NA", "emea", "EUROPE"]),
    "country": st.sampled_from(["", "ZZ", "fr", "FRA", "🇫🇷"]),
    "main_area": st.sampled_from(["", "XX-1", "DE-M1"]),
    "secondary_area": st.sampled_from(["", "XX-1-S1", "FR-M2-S1"]),
    "league": st.sampled_from(["", "GT1", "GT3", "gt2", "GT4"]),
    "dr_points": st.one_of(
        st.sampled_from(["", "-1", "100001", "15k", "1.5e4"]),
        st.integers(min_value=100_001).map(str),
    ),
    "birth_date": st.sampled_from(
        ["", "03/02/1999", "1999-02-30", "2999-01-01", "1999-2-3x", "0000-00-00"]
    ),
}


@pytest.fixture
def french_areas(league_round):

    SecondaryAreaFactory(
        main_area=MainAreaFactory(country__code="FR", code="FR-M1"), code="FR-M1-S1"
    )
    SecondaryAreaFactory(
        main_area=MainAreaFactory(country__code="FR", code="FR-M2"), code="FR-M2-S1"
    )
    SecondaryAreaFactory(
        main_area=MainAreaFactory(country__code="DE", code="DE-M1"), code="DE-M1-S1"
    )


def test_a_valid_registrations_file_is_accepted(french_areas):
    report = import_registrations(csv_text([csvfiles.REGISTRATIONS, registration_row()]))
    assert report.ok, report.errors


@HYPOTHESIS
@given(text=st.text(max_size=1500))
def test_random_text_is_refused_as_a_registrations_file(french_areas, text):
    before = fingerprint()
    assert_refused(import_registrations(text).errors)
    assert fingerprint() == before


@HYPOTHESIS
@given(data=st.data(), column=st.sampled_from(sorted(BROKEN_REGISTRATION_CELLS)))
def test_one_broken_cell_rejects_the_whole_registrations_file(french_areas, data, column):
    rows = [registration_row(), registration_row(online_id="newcomer_2")]
    rows[1][csvfiles.REGISTRATIONS.index(column)] = data.draw(BROKEN_REGISTRATION_CELLS[column])
    before = fingerprint()

    report = import_registrations(csv_text([csvfiles.REGISTRATIONS, *rows]))

    assert_refused(report.errors)
    assert any("Row 3" in e for e in report.errors), report.errors
    assert fingerprint() == before


def test_an_overlong_display_name_is_refused_by_the_registrations_import(french_areas):
    before = fingerprint()
    report = import_registrations(
        csv_text([csvfiles.REGISTRATIONS, registration_row(display_name="N" * 65)])
    )
    assert_refused(report.errors)
    assert fingerprint() == before


def test_a_cell_longer_than_the_csv_field_limit_is_refused(league_round):
    text = csvfiles.HEADERS["results.csv"] + '\n"' + "x" * 200_000 + '"\n'
    assert_refused(import_results(text).errors)


@pytest.mark.parametrize("column", ["online_id", "position", "lobby"])
def test_a_huge_cell_is_refused_by_its_row_and_column_and_not_echoed(league_round, column):
    _, registrations = league_round
    rows = valid_results(registrations)
    rows[1][csvfiles.RESULTS.index(column)] = "x" * 100_000
    before = fingerprint()
    report = import_results(csv_text([csvfiles.RESULTS, *rows]))
    assert f"Row 3: {column} is longer than 100 characters" in report.errors
    assert max(map(len, report.errors)) < 200  # the cell is not echoed back
    assert fingerprint() == before
    huge_name = csv_text([csvfiles.REGISTRATIONS, registration_row(online_id="y" * 100_000)])
    assert import_registrations(huge_name).errors == [
        "Row 2: online_id is longer than 100 characters"
    ]


# The driver's forms: profile and registration


@pytest.fixture
def signed_in_driver(client, league_round, french_areas):
    season, _ = league_round
    season.registration_opens = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    season.registration_closes = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
    season.save()
    driver = DriverFactory(user=UserFactory(username="racer"), online_id="racer_1")
    client.force_login(driver.user)
    return driver


BROKEN_PROFILE_FIELDS = {
    "online_id": BROKEN_REGISTRATION_CELLS["online_id"],
    "display_name": st.sampled_from(["", "D" * 65]),
    "birth_date": st.sampled_from(["", "31/12/1990", "1990-02-30", "tomorrow", "9" * 30]),
    "country": st.sampled_from(["", "ZZ", "<script>", "1 OR 1=1"]),
    "main_area": st.one_of(st.sampled_from(["", "abc"]), st.integers(10**6, 10**18).map(str)),
}


def profile_post(driver, **changes) -> dict:
    data = {
        "online_id": driver.online_id,
        "display_name": driver.display_name,
        "birth_date": driver.birth_date.isoformat(),
        "country": driver.country_id,
        "main_area": driver.main_area_id,
        "secondary_area": driver.secondary_area_id,
    }
    return {**data, **changes}


@HYPOTHESIS
@given(data=st.data(), field=st.sampled_from(sorted(BROKEN_PROFILE_FIELDS)))
def test_a_profile_form_with_a_broken_field_is_refused(client, signed_in_driver, data, field):
    before = fingerprint()
    post = profile_post(signed_in_driver, **{field: data.draw(BROKEN_PROFILE_FIELDS[field])})
    if field == "main_area" and post["main_area"] == "":
        post["secondary_area"] = ""

    response = client.post(reverse("leagues:profile"), post)

    assert response.status_code == 200
    assert_refused([str(e) for errors in response.context["form"].errors.values() for e in errors])
    assert fingerprint() == before


@HYPOTHESIS
@given(
    post=st.dictionaries(
        st.sampled_from(["confirm", "league", "dr_points", "driver", "season", "region", "x"]),
        st.sampled_from(["", "false", "False", "GT1", "1", "99999"]),
        max_size=6,
    ).filter(lambda d: d.get("confirm", "") in {"", "false", "False"})
)
def test_a_registration_without_a_real_confirmation_is_refused(client, signed_in_driver, post):
    before = fingerprint()

    response = client.post(reverse("leagues:register", args=["2024"]), post)

    assert response.status_code == 400
    assert_refused([str(e) for errors in response.context["form"].errors.values() for e in errors])
    assert fingerprint() == before


def test_forged_snapshot_fields_are_ignored_by_the_registration_form(client, signed_in_driver):
    response = client.post(
        reverse("leagues:register", args=["2024"]),
        {"confirm": "on", "league": "GT1", "dr_points": "99999", "driver": "1"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(driver=signed_in_driver)
    assert registration.dr_points == signed_in_driver.dr_points
    assert registration.league == "GT1"  # 35,000 DR: GT1 from the profile, not the post


@HYPOTHESIS
@given(label=st.text(min_size=1, max_size=30).filter(lambda v: v.strip() not in {"2024"}))
def test_registering_for_a_season_that_does_not_exist_is_a_404(client, signed_in_driver, label):
    from django.urls import NoReverseMatch

    try:
        url = reverse("leagues:register", args=[label])
    except NoReverseMatch:
        return
    before = fingerprint()
    # A NUL or a lone surrogate never reaches the view: refused at the door.
    expected = 400 if text_problem(label) else 404
    assert client.post(url, {"confirm": "on"}).status_code == expected
    assert fingerprint() == before


# Predictions


@pytest.fixture
def race(_fast_passwords):
    event, drivers = event_with_entrants(3, races=2, starts_on=dt.date(2099, 7, 1), slug="bay")
    qualifying, race1, _ = event.sessions.order_by("order")
    run_session(qualifying, drivers)
    generate_grid(session=race1)
    return race1


@HYPOTHESIS
@given(
    post=st.dictionaries(
        st.sampled_from(["winner", "second", "third", "x"]),
        st.one_of(
            st.text(max_size=12),
            st.integers(min_value=-(10**20), max_value=10**20).map(str),
        ),
        max_size=4,
    )
)
def test_forged_predictions_are_refused_with_a_message(client, race, post):
    client.force_login(UserFactory(username="viewer"))
    grid = {str(pk) for pk in race.grid.values_list("driver_id", flat=True)}
    picks = [post.get(name, "") for name in ("winner", "second", "third")]
    chosen = [p for p in picks if p]
    if (
        picks[0] in grid
        and all(p in grid for p in chosen)
        and len(set(chosen)) == len(chosen)
        and not (picks[2] and not picks[1])
    ):
        return  # a genuine pick
    before = fingerprint()

    response = client.post(
        reverse("live_events:predict", args=[race.event.slug, race.pk]),
        {f"{race.pk}-{name}": value for name, value in post.items()},
        follow=True,
    )

    if response.status_code == 400:  # a NUL or bad UTF-8 is refused at the door, with a reason
        assert response.content and fingerprint() == before
        return
    assert response.status_code == 200
    errors = [str(m) for m in response.context["messages"] if m.level_tag == "error"]
    assert_refused(errors)
    assert fingerprint() == before


def test_a_prediction_after_the_start_is_refused(client, race):
    client.force_login(UserFactory(username="late"))
    race.starts_at = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    race.save()
    driver = race.grid.first().driver

    response = client.post(
        reverse("live_events:predict", args=[race.event.slug, race.pk]),
        {f"{race.pk}-winner": driver.pk},
        follow=True,
    )

    assert "closed when it started" in response.text
    assert not Prediction.objects.exists()
    assert Driver.objects.filter(pk=driver.pk).exists()


# Every public URL and every public GET parameter: hostile bytes never reach a 500.
#
# The URLs come from the URL conf, the GET parameters from the source of the views (every
# ``request.GET`` they read), the filter sets, django-tables2's own and the API's document,
# so a new page or parameter is covered without touching this file.

NUL, SURROGATE, NOT_UTF8 = "%00", "%ED%A0%80", "%FF%FE"
LONG = "x" * 5000
# Refused at the door (HTTP 400 with the reason), whatever the page.
DOOR_REFUSED = [NUL, "a%00b", SURROGATE, "ok" + SURROGATE, NOT_UTF8, "%C0%AF", LONG]
# Read by the views: unknown choices, numbers out of range, odd text (a 4xx or a page).
ODD_VALUES = ["ZZ", "", "-1", "0", "99999999999999999999", "1e3", "%D9%A3", "'%20OR%201=1", "..%2F"]
PATH_VALUE: dict[str, str] = {
    "season": "2024",
    "label": "2024",
    "online_id": "d000",
    "number": "1",
    "session_id": "1",  # the race's id, set by the fixture
    "slug": "bay",
    "language": "en",
    "league": "GT1",
    "tier": "REGIONAL",
    "scope": "EMEA",
    "uidb64": "MQ",
    "token": "set-password",
    "pk": "1",  # a stewarding case
    "lobby_id": "1",
}
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def _patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


PUBLIC_PATTERNS = sorted(
    {p for p in _patterns(get_resolver().url_patterns) if not p.startswith("admin/")}
)


def public_get_parameters() -> set[str]:
    """Every GET parameter a public view reads."""
    source = re.compile(r"""GET(?:\.get|\.getlist|\[)\(?["'](\w+)["']""")
    names = set()
    for path in Path(django_settings.BASE_DIR).glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        names.update(source.findall(path.read_text(encoding="utf-8")))
    names.update(StandingFilter.base_filters)
    names.update(("page", "per_page", "sort", "next"))  # django-tables2's and the login's
    spec = api.get_openapi_schema(path_prefix="/api/v1/")
    for methods in spec["paths"].values():
        for operation in methods.values():
            names.update(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
    return names


GET_PARAMETERS = sorted(public_get_parameters())


def url_of(pattern: str, **hostile: str) -> str:
    def value(match: re.Match) -> str:
        return hostile.get(match.group(1), PATH_VALUE[match.group(1)])

    return "/" + CONVERTER.sub(value, pattern)


@pytest.fixture
def whole_site(race):
    """A published season, a live event with a grid, and a driver and a superuser."""
    published_season(drivers=3, rounds=1)
    PATH_VALUE["session_id"] = str(race.pk)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    driver = Driver.objects.get(online_id="d000")
    driver.user = UserFactory(username="d000")
    driver.save()
    return {"anonymous": None, "driver": driver.user, "superuser": superuser}


def assert_no_crash(response, url):
    """A page, a redirect or a 4xx (``/readyz`` says 503 without a worker, by design)."""
    readiness = url.lstrip("/").startswith("readyz")
    allowed = response.status_code < 500 or (readiness and response.status_code == 503)
    assert allowed, (url, response.status_code, response.content[:300])


def assert_refused_at_the_door(response, url):
    assert response.status_code == 400, (url, response.status_code)
    body = response.content.decode(errors="replace")
    assert any(word in body for word in ("NUL", "surrogate", "UTF-8", "longer than")), body[:300]


def test_every_url_kwarg_and_get_parameter_has_an_example():
    kwargs = {name for pattern in PUBLIC_PATTERNS for name in CONVERTER.findall(pattern)}
    assert kwargs <= set(PATH_VALUE)
    # The enumeration finds the parameters of the pages, the filters and the API.
    assert {"q", "region", "league", "season", "find", "sof", "page", "limit", "after"} <= set(
        GET_PARAMETERS
    )


def test_every_public_url_answers_with_its_example_values(client, whole_site):
    for pattern in PUBLIC_PATTERNS:
        assert_no_crash(client.get(url_of(pattern)), pattern)


@HYPOTHESIS
@given(
    pattern=st.sampled_from(PUBLIC_PATTERNS),
    value=st.sampled_from(DOOR_REFUSED),
    where=st.sampled_from(["query value", "query name", "path", "form"]),
    parameter=st.sampled_from(GET_PARAMETERS),
)
def test_nul_surrogates_and_overlong_values_are_refused_at_every_url(
    client, whole_site, pattern, value, where, parameter
):
    kwargs = CONVERTER.findall(pattern)
    if where == "path" and not kwargs:
        where = "query value"
    if where == "path":
        url = url_of(pattern, **{kwargs[0]: value})
        response = client.get(url)
    elif where == "form":
        url = url_of(pattern)
        response = client.post(url, f"{parameter}={value}", "application/x-www-form-urlencoded")
    else:
        query = f"{parameter}={value}" if where == "query value" else f"{value}=1"
        url = f"{url_of(pattern)}?{query}"
        response = client.get(url)
    if where == "form" and (pattern.startswith("api/") or value == LONG):
        # The API takes JSON only (its own 4xx); a form checks its own fields' lengths.
        assert_no_crash(response, url)
    else:
        assert_refused_at_the_door(response, url)


@HYPOTHESIS
@given(
    pattern=st.sampled_from(PUBLIC_PATTERNS),
    role=st.sampled_from(["anonymous", "driver", "superuser"]),
    query=st.dictionaries(
        st.sampled_from(GET_PARAMETERS),
        st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=30).map(quote)),
        min_size=1,
        max_size=4,
    ),
)
@example(pattern="standings/", role="anonymous", query={"region": "ZZ"})
@example(pattern="drivers/", role="anonymous", query={"per_page": "0", "page": "-1"})
@example(pattern="live/season/<str:label>/predictions/", role="anonymous", query={"page": "x"})
def test_unknown_choices_and_odd_values_of_every_get_parameter_never_crash(
    client, whole_site, pattern, role, query
):
    if whole_site[role] is not None:
        client.force_login(whole_site[role])
    url = url_of(pattern) + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    assert_no_crash(client.get(url), url)


@HYPOTHESIS
@given(
    pattern=st.sampled_from([p for p in PUBLIC_PATTERNS if CONVERTER.search(p)]),
    value=st.one_of(st.sampled_from(ODD_VALUES), st.text(min_size=1, max_size=40).map(quote)),
)
@example(pattern="live/timing/<int:session_id>.json", value="99999999999999999999")
def test_odd_path_segments_are_a_404_or_a_page_never_a_crash(client, whole_site, pattern, value):
    for name in CONVERTER.findall(pattern):
        url = url_of(pattern, **{name: value or "x"})
        assert_no_crash(client.get(url), url)


def test_a_nul_in_a_cookie_is_ignored(client, whole_site):
    client.cookies["sessionid"] = "abc\x00def"
    client.cookies["nationscup_tz"] = "Europe/Paris\x00"
    assert client.get("/drivers/").status_code == 200


def test_a_refusal_at_the_door_names_the_reason_in_the_api_as_json(client):
    response = client.get("/api/v1/drivers?q=a%00b")
    assert response.status_code == 400
    assert "NUL" in response.json()["error"]


# The ways in past the door: an uploaded file and the results API's JSON.


@pytest.mark.parametrize(
    "cell", ["Name\x00", "\x00", "A\x00B"], ids=["trailing", "alone", "inside"]
)
def test_a_nul_in_an_uploaded_file_is_a_row_named_error(admin_client, league_round, cell):
    _, registrations = league_round
    rows = valid_results(registrations)
    rows[1][csvfiles.RESULTS.index("lobby")] = cell
    before = fingerprint()
    upload = io.BytesIO(csv_text([csvfiles.RESULTS, *rows]).encode())
    upload.name = "results.csv"

    response = admin_client.post(reverse("admin:leagues_raceresult_import_csv"), {"file": upload})

    assert response.status_code == 200
    assert "Row 3: lobby holds a NUL character" in response.content.decode()
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("lobby", "A\x00", "lobby"),
        ("lobby", "\ud800", "lobby"),
        ("online_id", "\x00", "results[2].online_id"),
        ("status", "FIN\udfff", "results[1].status"),
    ],
)
def test_nul_and_lone_surrogates_in_the_results_api_are_a_400_naming_the_field(
    client, league_round, server_token, field, value, where
):
    _, registrations = league_round
    document: dict[str, Any] = {
        "season": "2024",
        "round": 1,
        "slot_start_utc": SLOT_START,
        "region": "EMEA",
        "league": "GT1",
        "lobby": "A",
        "results": [
            {"online_id": r.driver.online_id, "position": n, "status": "FIN", "dr_points": 35000}
            for n, r in enumerate(registrations, start=1)
        ],
    }
    if field == "lobby":
        document["lobby"] = value
    else:
        document["results"][int(where[8]) - 1][field] = value
    before = fingerprint()

    response = _post_api(client, json.dumps(document).encode(), server_token)

    errors = _json_error(response)
    assert where in errors[0] and ("NUL" in errors[0] or "surrogate" in errors[0]), errors
    assert fingerprint() == before
