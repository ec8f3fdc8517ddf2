import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from leagues import csvfiles, rules
from leagues.models import EntrySlot, Lobby, RaceResult, RaceServer
from leagues.selectors.rounds import driver_season
from leagues.services.results import import_results
from leagues.services.slots import generate_slots
from leagues.services.standings import close_round
from leagues.tests.factories import RegistrationFactory, RoundFactory, SeasonFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(csvfiles.RESULTS)


@pytest.fixture
def round1():
    round_ = RoundFactory(season=SeasonFactory(), number=1, date=dt.date(2024, 4, 17))
    generate_slots(round=round_)
    return round_


def row(
    online_id,
    position,
    *,
    start="2024-04-17T13:00:00Z",
    lobby="A",
    status="FIN",
    dr=35000,
    region="EMEA",
    league="GT1",
    round_number=1,
):
    values = [2024, round_number, start, region, league, lobby, online_id, position, status, dr]
    return ",".join(str(value) for value in values)


def text(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


def drivers(n, **fields):
    return [RegistrationFactory(**fields).driver.online_id for _ in range(n)]


def test_slots_follow_the_season_template_with_late_hours_on_the_next_day(round1):
    assert round1.slots.filter(league="GT1").count() == 15
    assert round1.slots.filter(league="GT2").count() == 50
    na_midnight = round1.slots.get(region="NA", league="GT1", starts_at__hour=0)
    assert na_midnight.starts_at.date() == dt.date(2024, 4, 18)
    assert generate_slots(round=round1) == 0


def test_points_are_stored_from_the_lobby_sof(round1):
    a, b = drivers(2)
    report = import_results(text(row(a, 1, dr=60000), row(b, 2, dr=60000)))
    assert report.ok and report.created == 1
    lobby = Lobby.objects.get()
    assert (lobby.sof, lobby.starters) == (60000, 2)
    assert list(RaceResult.objects.order_by("position").values_list("points", flat=True)) == [
        480,
        460,
    ]


def test_reimporting_a_lobby_replaces_it_and_recomputes_points(round1):
    a, b, c = drivers(3)
    import_results(text(row(a, 1), row(b, 2)))
    again = import_results(text(row(a, 1), row(b, 2)))
    assert (again.created, again.unchanged) == (0, 1)
    changed = import_results(text(row(a, 2, dr=5000), row(b, 1, dr=5000), row(c, 3, dr=5000)))
    assert changed.replaced == 1
    assert Lobby.objects.count() == 1
    assert RaceResult.objects.count() == 3
    assert RaceResult.objects.get(position=1).points == 40


def test_a_later_worse_race_replaces_an_earlier_better_one(round1):
    (a,) = drivers(1)
    import_results(text(row(a, 1, start="2024-04-17T13:00:00Z")))
    import_results(text(row(a, 1, start="2024-04-17T17:00:00Z", status="DNF")))
    page = driver_season(registration=RaceResult.objects.earliest("pk").registration)
    line = page.rounds[0]
    assert len(line.races) == 2
    assert line.counted is not None and line.counted.status == "DNF" and line.score == 0
    close_round(round=round1)
    assert round1.scores.get().points == 0


def test_best_n_with_fewer_rounds_than_n(round1):
    (a,) = drivers(1)
    import_results(text(row(a, 1, dr=60000)))
    page = driver_season(registration=RaceResult.objects.earliest("pk").registration)
    assert page.season_total == 480
    assert [line.in_best for line in page.rounds] == [True]


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (lambda ids: row("ghost", 2), "not registered for season 2024"),
        (lambda ids: row(ids[2], 2), "races in EMEA GT2"),
        (lambda ids: row(ids[1], 1), "positions must be 1 to 2"),
        (lambda ids: row(ids[1], 2, status="XXX"), "status must be FIN, DNF or DSQ"),
        (lambda ids: row(ids[1], 2, dr=-3), "dr_points must be"),
        (lambda ids: row(ids[1], 2, start="2024-04-17T14:00:00Z"), "no EMEA GT1 slot"),
        (lambda ids: row(ids[1], 2, round_number=2), "has no round 2"),
    ],
)
def test_a_bad_row_rejects_the_whole_file(round1, bad_row, message):
    ids = drivers(2) + drivers(1, driver__dr_points=15000)
    report = import_results(text(row(ids[0], 1), bad_row(ids)))
    assert not report.ok
    assert message in " ".join(report.errors)
    assert not RaceResult.objects.exists() and not Lobby.objects.exists()


def test_results_for_a_closed_round_are_refused(round1):
    (a,) = drivers(1)
    close_round(round=round1)
    report = import_results(text(row(a, 1)))
    assert "is closed" in report.errors[0]


def test_a_driver_cannot_be_in_two_lobbies_of_one_slot(round1):
    a, b = drivers(2)
    import_results(text(row(a, 1, lobby="A")))
    report = import_results(text(row(a, 1, lobby="B"), row(b, 2, lobby="B")))
    assert "already has a result in lobby 'A'" in report.errors[0]


def test_the_same_driver_twice_in_one_lobby_is_refused_by_the_checks(round1, server, client):
    a, b = drivers(2)
    twice = text(row(a, 1), row(b, 2), row(a, 3))
    for dry_run in (True, False):
        report = import_results(twice, dry_run=dry_run)
        assert report.errors == [
            f"Row 4: {a} is in lobby 'A' twice (also row 2); a driver races once per lobby"
        ]
    response = post(client, lobby_json((a, 1), (b, 2), (a, 3)), server)
    assert response.status_code == 400
    assert "twice" in response.json()["errors"][0]
    assert not RaceResult.objects.exists() and not Lobby.objects.exists()


def test_the_dry_run_command_reports_a_driver_twice_in_one_lobby(round1, tmp_path):
    a, b = drivers(2)
    path = tmp_path / "results.csv"
    path.write_text(text(row(a, 1), row(a, 2)))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_results", str(path), "--dry-run", stdout=io.StringIO(), stderr=errors)
    assert "Row 3: " in errors.getvalue() and "twice" in errors.getvalue()


def test_the_import_and_export_commands_round_trip(round1, tmp_path):
    a, b = drivers(2)
    path = tmp_path / "results.csv"
    path.write_text(text(row(a, 1), row(b, 2, status="DSQ")))
    call_command("import_results", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_results", "--season", "2024", stdout=out)
    assert out.getvalue() == path.read_text()


@pytest.fixture
def server():
    server = RaceServer(name="emea-1", region="EMEA")
    token = server.set_new_token()
    server.save()
    return token


def post(client, body, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(
        reverse("api:post_lobby"), data, content_type="application/json", headers=headers
    )


def lobby_json(*results, **fields):
    body = {
        "season": "2024",
        "round": 1,
        "slot_start_utc": "2024-04-17T13:00:00Z",
        "region": "EMEA",
        "league": "GT1",
        "lobby": "S1",
    }
    body.update(fields)
    body["results"] = [
        {"online_id": o, "position": p, "status": "FIN", "dr_points": 40000} for o, p in results
    ]
    return body


def test_a_race_server_posts_a_lobby(client, round1, server):
    a, b = drivers(2)
    response = post(client, lobby_json((a, 1), (b, 2)), server)
    assert response.status_code == 201, response.content
    assert post(client, lobby_json((a, 1), (b, 2)), server).json()["unchanged"] == 1
    assert RaceResult.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "token", "status", "message"),
    [
        (None, "wrong", 401, "token"),
        (None, "", 401, "token"),
        ("{not json", "ok", 400, "not valid JSON"),
        ("[1, 2]", "ok", 400, "JSON object"),
        ({"season": "2024"}, "ok", 400, "Missing field"),
        ("positions", "ok", 400, "positions must be 1 to 2"),
        ("region", "ok", 400, "only post results of region EMEA"),
    ],
)
def test_the_api_refuses_bad_requests_and_writes_nothing(
    client, round1, server, body, token, status, message
):
    a, b = drivers(2)
    if body is None:
        body = lobby_json((a, 1), (b, 2))
    elif body == "positions":
        body = lobby_json((a, 1), (b, 1))
    elif body == "region":
        body = lobby_json((a, 1), (b, 2), region="ASIA")
    response = post(client, body, server if token == "ok" else token)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not RaceResult.objects.exists()


def test_pages_show_the_calendar_round_and_driver_season(client, round1):
    a, b = drivers(2)
    import_results(text(row(a, 1), row(b, 2)))
    calendar = client.get(reverse("leagues:season_detail", args=["2024"]))
    assert 'datetime="2024-04-17T13:00:00+00:00"' in calendar.content.decode()
    assert "15 minutes before" in calendar.content.decode()
    round_page = client.get(reverse("leagues:round_detail", args=["2024", 1]))
    assert "SOF 35,000" in round_page.content.decode()
    season_page = client.get(reverse("leagues:driver_season", args=["2024", a]))
    # The round is still open: the race that counts is shown as provisional.
    assert "Provisional" in season_page.content.decode()
    assert EntrySlot.objects.filter(round=round1).exists()


def test_a_lobby_colliding_with_stored_results_is_a_conflict(client, round1, server):
    a, b = drivers(2)
    assert post(client, lobby_json((a, 1), (b, 2), lobby="S1"), server).status_code == 201
    response = post(client, lobby_json((a, 1), lobby="S2"), server)
    assert response.status_code == 409
    assert "already has a result in lobby 'S1'" in response.json()["errors"][0]
    close_round(round=round1)
    closed = post(client, lobby_json((a, 1), (b, 2), lobby="S1"), server)
    assert closed.status_code == 409 and "is closed" in closed.json()["errors"][0]
    assert RaceResult.objects.count() == 2


def test_an_idempotency_key_replays_its_answer_and_refuses_another_body(client, round1, server):
    a, b = drivers(2)
    first = lobby_json((a, 1), (b, 2))

    def keyed(body, key="retry-1"):
        headers = {"Authorization": f"Bearer {server}", "Idempotency-Key": key}
        return client.post(
            reverse("api:post_lobby"), body, content_type="application/json", headers=headers
        )

    created = keyed(first)
    assert created.status_code == 201
    replay = keyed(first)
    assert (replay.status_code, replay.json()) == (201, created.json())
    other = keyed(lobby_json((b, 1), (a, 2)))
    assert other.status_code == 409 and "Idempotency-Key" in other.json()["error"]
    assert RaceResult.objects.get(position=1).registration.driver.online_id == a
    assert keyed(first, key="x" * 256).status_code == 400
    assert keyed(first, key="second").json()["unchanged"] == 1


def test_a_refused_post_keeps_no_idempotency_key(client, round1, server):
    a, b = drivers(2)
    headers = {"Authorization": f"Bearer {server}", "Idempotency-Key": "k"}
    url = reverse("api:post_lobby")
    bad = client.post(
        url, lobby_json((a, 1), (b, 1)), content_type="application/json", headers=headers
    )
    assert bad.status_code == 400
    good = client.post(
        url, lobby_json((a, 1), (b, 2)), content_type="application/json", headers=headers
    )
    assert good.status_code == 201


def test_a_lobby_records_the_server_that_posted_and_replaced_it(
    client, round1, server, admin_client
):
    a, b = drivers(2)
    other = RaceServer(name="emea-2", region="EMEA")
    other_token = other.set_new_token()
    other.save()
    post(client, lobby_json((a, 1), (b, 2)), server)
    post(client, lobby_json((a, 1), (b, 2)), other_token)  # unchanged: nothing replaced
    lobby = Lobby.objects.get()
    first = RaceServer.objects.get(name="emea-1")
    assert (lobby.posted_by, lobby.replaced_by) == (first, None)
    post(client, lobby_json((b, 1), (a, 2)), other_token)
    lobby.refresh_from_db()
    assert (lobby.posted_by, lobby.replaced_by) == (first, other)
    assert lobby.replaced_at is not None
    listing = admin_client.get(reverse("admin:leagues_lobby_changelist")).content.decode()
    assert "emea-1" in listing and "emea-2" in listing


def test_a_preview_lists_each_lobby_with_its_sof_and_each_rows_points(round1):
    a, b, c = drivers(3)
    report = import_results(
        text(row(a, 2, dr=30_000), row(b, 1, dr=40_000), row(c, 3, status="DNF", dr=35_000)),
        dry_run=True,
    )

    (lobby,) = report.lobbies
    assert lobby.is_new and lobby.label == "A" and lobby.sof == 35_000
    assert [(r.position, r.online_id) for r in lobby.rows] == [(1, b), (2, a), (3, c)]
    assert [r.points for r in lobby.rows] == [
        rules.points(1, 3, 35_000, "FIN"),
        rules.points(2, 3, 35_000, "FIN"),
        0,
    ]
    assert not RaceResult.objects.exists()


def test_a_preview_of_a_reimport_shows_old_and_new_and_who_leaves_the_lobby(round1):
    a, b, c = drivers(3)
    import_results(text(row(a, 1), row(b, 2), row(c, 3)))

    report = import_results(text(row(b, 1), row(a, 2)), dry_run=True)

    (lobby,) = report.lobbies
    assert lobby.old_sof == 35_000 and not lobby.is_new
    first, second = lobby.rows
    assert first.online_id == b and first.old[0] == 2 and first.changed
    assert second.online_id == a and second.old[0] == 1
    assert lobby.removed == [c]
    assert RaceResult.objects.get(registration__driver__online_id=a).position == 1


def test_every_refusal_is_listed_in_file_order(round1):
    (a,) = drivers(1)
    report = import_results(
        text(
            row(a, 1),
            row("ghost", 2),
            row(a, 1, start="2024-04-17T14:00:00Z", lobby="B"),
            row(a, 1, status="XXX"),
        )
    )

    lines = report.errors_in_file_order()
    assert [line.split(":")[0] for line in lines] == ["Row 3", "Row 4", "Row 5"]
    assert "ghost" in lines[0] and "no EMEA GT1 slot" in lines[1] and "status" in lines[2]


def test_the_admin_preview_shows_the_rows_points_and_replacements(client, round1):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    a, b = drivers(2)
    import_results(text(row(a, 1), row(b, 2)))
    url = reverse("admin:leagues_raceresult_import_csv")
    upload = SimpleUploadedFile("results.csv", text(row(b, 1), row(a, 2)).encode())

    page = client.post(url, {"file": upload}).content.decode()

    assert "lobby A · SOF 35,000" in page
    assert "replaces the stored lobby (SOF 35,000 → 35,000)" in page
    points = rules.points(1, 2, 35_000, "FIN")
    assert f"P2 FIN {rules.points(2, 2, 35_000, 'FIN'):,} pts → P1 FIN {points:,} pts" in page


def test_a_file_whose_lobbies_interleave_imports_as_if_grouped(round1):
    a, b, c, d = drivers(4)
    report = import_results(
        text(row(a, 1, lobby="A"), row(c, 1, lobby="B"), row(b, 2, lobby="A"), row(d, 2, lobby="B"))
    )
    assert report.ok and report.created == 2
    by_lobby = {
        label: list(
            RaceResult.objects.filter(lobby__label=label)
            .order_by("position")
            .values_list("registration__driver__online_id", flat=True)
        )
        for label in ("A", "B")
    }
    assert by_lobby == {"A": [a, b], "B": [c, d]}


def test_an_error_in_a_later_batch_of_lobbies_writes_nothing_of_the_earlier_ones(
    round1, monkeypatch
):
    from leagues.services import results

    monkeypatch.setattr(results, "LOBBY_BATCH", 1)  # every lobby is its own batch
    a, b, c = drivers(3)
    report = import_results(
        text(
            row(a, 1, lobby="A"),
            row(b, 1, lobby="B"),
            row(c, 1, lobby="C"),
            row("ghost", 2, lobby="C"),
        )
    )
    assert report.errors == ["Row 5: 'ghost' is not registered for season 2024"]
    assert (report.created, report.replaced, report.unchanged) == (0, 0, 0)
    assert not Lobby.objects.exists() and not RaceResult.objects.exists()
    assert import_results(text(row(a, 1, lobby="A"), row(b, 1, lobby="B"))).created == 2


def test_a_driver_in_two_lobbies_of_one_slot_is_named_at_the_later_lobby(round1):
    a, b, c = drivers(3)
    report = import_results(
        text(row(a, 1, lobby="B"), row(b, 1, lobby="A"), row(c, 2, lobby="A"), row(a, 3, lobby="A"))
    )
    assert report.errors == ["Row 5: " + f"{a} is in lobbies 'B' and 'A' of one slot"]


def test_imports_one_after_another_in_one_transaction_each_get_their_own_staging(round1):
    from django.db import transaction

    a, b = drivers(2)
    with transaction.atomic():
        preview = import_results(text(row(a, 1), row(b, 2)), dry_run=True)
        first = import_results(text(row(a, 1), row(b, 2)))
        second = import_results(text(row(a, 2), row(b, 1)))
    assert preview.ok and [lobby.label for lobby in preview.lobbies] == ["A"]
    assert (first.created, second.replaced) == (1, 1)
    assert RaceResult.objects.get(position=1).registration.driver.online_id == b
