"""A synthetic season at any scale, bulk-loaded: drivers, registrations, rounds, results.

Everything is deterministic for a seed. On PostgreSQL the rows go in with
``COPY`` (psycopg 3's ``cursor.copy``); elsewhere (the SQLite smoke test) with
``executemany``. Reference data (countries and areas) comes from the
migrations. The population is skewed like a real entry list, most drivers in
EMEA and GT3, so that one ranking is deep enough for a page at half the scale.
"""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max

from leagues import csvfiles, rules
from leagues.bulk import load_rows
from leagues.models import (
    Driver,
    EntrySlot,
    Lobby,
    RaceResult,
    Rating,
    Registration,
    Round,
    Season,
    SeasonStatus,
    SecondaryArea,
)
from leagues.selectors.exports import utc_iso
from leagues.services.slots import generate_slots

YEAR = 2035
ROUNDS = 6
# Share of registrations per region: EMEA holds most, as in the real championship.
REGION_WEIGHTS = {"EMEA": 72, "NA": 8, "CSA": 6, "ASIA": 8, "OCE": 6}
# Log-normal DR: about 78% GT3, 20% GT2, 2% GT1.
DR_MU, DR_SIGMA = 8.5, 0.95
RACES_ONCE, RACES_TWICE = 0.45, 0.05  # per registration and round: about 0.5 results each
DNF, DSQ = 0.05, 0.005
DEEP_RANKING = ("EMEA", "GT3")  # the biggest ranking: its deep page is the benchmark's


@dataclass(frozen=True)
class Entrant:
    registration_id: int
    online_id: str
    region: str
    league: str
    dr_points: int


@dataclass(frozen=True)
class SyntheticSeason:
    season: Season
    rounds: list[Round]
    entrants: list[Entrant]


def online_id(number: int) -> str:
    return f"bench{number:07d}"


def reset_sequences(*models) -> None:
    """After loading explicit ids, move each table's id sequence past them (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )


def _next_id(model) -> int:
    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def build_season(
    *, drivers: int, seed: int = 2035, year: int = YEAR, first_number: int = 0, log=print
) -> SyntheticSeason:
    """Drivers, their registrations and a season of six rounds with slots (no results yet).

    A second season in the same database takes another ``year`` and drivers numbered
    from ``first_number`` (online ids are unique)."""
    rng = random.Random(seed)
    areas = defaultdict(list)
    for area_id, main_id, country_id, region in SecondaryArea.objects.values_list(
        "id", "main_area_id", "main_area__country_id", "main_area__country__region"
    ).order_by("id"):
        areas[region].append((area_id, main_id, country_id))
    regions = [region for region in REGION_WEIGHTS if areas[region]]
    weights = [REGION_WEIGHTS[region] for region in regions]
    with transaction.atomic():
        season = Season.objects.create(
            year=year,
            name="Benchmark season",
            registration_opens=dt.datetime(year, 3, 1, tzinfo=dt.UTC),
            registration_closes=dt.datetime(year, 4, 1, tzinfo=dt.UTC),
            status=SeasonStatus.RUNNING,
        )
        rounds = []
        for number in range(1, ROUNDS + 1):
            round_ = Round.objects.create(
                season=season,
                number=number,
                date=dt.date(year, 4, 1) + dt.timedelta(days=7 * number),
                track=f"Benchmark track {number}",
                car_category="Gr.3",
            )
            generate_slots(round=round_)
            rounds.append(round_)
    first_driver, first_registration = _next_id(Driver), _next_id(Registration)
    first_rating = _next_id(Rating)
    now = dt.datetime.now(dt.UTC)
    people = []
    for index in range(drivers):
        region = rng.choices(regions, weights)[0]
        area_id, main_id, country_id = rng.choice(areas[region])
        dr_points = min(rules.DR_MAX, int(rng.lognormvariate(DR_MU, DR_SIGMA)))
        birth = dt.date(1975, 1, 1) + dt.timedelta(days=rng.randrange(34 * 365))
        people.append((index, region, area_id, main_id, country_id, dr_points, birth))
    with transaction.atomic():
        load_rows(
            Driver,
            [
                "id",
                "online_id",
                "display_name",
                "birth_date",
                "country_id",
                "main_area_id",
                "secondary_area_id",
                "rating_id",
                "is_star_player",
                "is_banned",
                "ban_reason",
                "bio_team",
                "bio_notes",
                "created_at",
            ],
            (
                (
                    first_driver + i,
                    online_id(first_number + i),
                    f"Driver {first_number + i}",
                    birth,
                    country,
                    main,
                    area,
                    first_rating + i,
                    False,
                    False,
                    "",
                    "",
                    "",
                    now,
                )
                for i, _region, area, main, country, _dr, birth in people
            ),
        )
        # Each driver's rating from the game's feed (the drivers' foreign keys to them
        # are deferred constraints, checked at commit).
        rated_at = season.registration_opens - dt.timedelta(days=1)
        load_rows(
            Rating,
            [
                "id",
                "driver_id",
                "dr_points",
                "sr_grade",
                "rated_races",
                "rated_at",
                "source",
                "recorded_at",
            ],
            (
                (first_rating + i, first_driver + i, dr, "A", 40, rated_at, "feed", now)
                for i, _region, _area, _main, _country, dr, _birth in people
            ),
        )
        load_rows(
            Registration,
            [
                "id",
                "season_id",
                "driver_id",
                "display_name",
                "birth_date",
                "dr_points",
                "rating_id",
                "league",
                "region",
                "country_id",
                "main_area_id",
                "secondary_area_id",
                "registered_at",
            ],
            (
                (
                    first_registration + i,
                    season.pk,
                    first_driver + i,
                    f"Driver {i}",
                    birth,
                    dr,
                    first_rating + i,
                    rules.league_for_dr(dr),
                    region,
                    country,
                    main,
                    area,
                    now,
                )
                for i, region, area, main, country, dr, birth in people
            ),
        )
        reset_sequences(Driver, Rating, Registration)
    entrants = [
        Entrant(
            first_registration + i, online_id(first_number + i), region, rules.league_for_dr(dr), dr
        )
        for i, region, _area, _main, _country, dr, _birth in people
    ]
    log(f"{drivers} drivers and registrations, {ROUNDS} rounds of {rounds[0].slots.count()} slots")
    return SyntheticSeason(season, rounds, entrants)


@dataclass(frozen=True)
class RaceLine:
    """One result of a round as the generator draws it."""

    slot: EntrySlot
    lobby: str
    entrant: Entrant
    position: int
    status: str


def race_round(round_: Round, entrants: list[Entrant], *, seed: int) -> Iterator[list[RaceLine]]:
    """A round's lobbies: each entrant races once or twice (or not), lobbies of 20 by DR."""
    rng = random.Random(seed * 100 + round_.number)
    slots = defaultdict(list)
    for slot in round_.slots.order_by("starts_at"):
        slots[(slot.region, slot.league)].append(slot)
    entries = defaultdict(list)
    for entrant in entrants:
        draw = rng.random()
        if draw >= RACES_ONCE + RACES_TWICE:
            continue
        options = slots[(entrant.region, entrant.league)]
        for slot in rng.sample(options, k=1 if draw < RACES_ONCE else 2):
            entries[slot].append(entrant)
    for slot in sorted(entries, key=lambda s: s.pk):
        racers = sorted(entries[slot], key=lambda e: -e.dr_points)
        size = rules.LOBBY_MAX_DRIVERS
        for start in range(0, len(racers), size):
            lobby = racers[start : start + size]
            finish = sorted(lobby, key=lambda e: -(e.dr_points * rng.uniform(0.85, 1.15)))
            lines = []
            for position, entrant in enumerate(finish, start=1):
                draw = rng.random()
                status = "DNF" if draw < DNF else "DSQ" if draw < DNF + DSQ else "FIN"
                lines.append(RaceLine(slot, f"L{start // size + 1}", entrant, position, status))
            yield lines


def load_round_results(round_: Round, entrants: list[Entrant], *, seed: int) -> int:
    """Bulk-load a round's lobbies and results with their points, as an import would store."""
    scheme = rules.POINTS_SCHEMES[round_.season.points_scheme]
    lobby_id, result_id = _next_id(Lobby), _next_id(RaceResult)
    lobbies, results = [], []
    now = dt.datetime.now(dt.UTC)
    for lines in race_round(round_, entrants, seed=seed):
        sof = rules.strength_of_field(line.entrant.dr_points for line in lines)
        lobbies.append((lobby_id, lines[0].slot.pk, lines[0].lobby, sof, len(lines), now))
        for line in lines:
            points = scheme(line.position, len(lines), sof, line.status)
            results.append(
                (
                    result_id,
                    lobby_id,
                    line.slot.pk,
                    line.entrant.registration_id,
                    line.position,
                    line.status,
                    line.entrant.dr_points,
                    points,
                )
            )
            result_id += 1
        lobby_id += 1
    with transaction.atomic():
        load_rows(Lobby, ["id", "slot_id", "label", "sof", "starters", "imported_at"], lobbies)
        load_rows(
            RaceResult,
            [
                "id",
                "lobby_id",
                "slot_id",
                "registration_id",
                "position",
                "status",
                "dr_points",
                "points",
            ],
            results,
        )
        reset_sequences(Lobby, RaceResult)
    return len(results)


def round_results_csv(round_: Round, entrants: list[Entrant], *, seed: int) -> tuple[str, int]:
    """The same round as a ``results.csv`` file for the real import, and its row count."""
    label = round_.season.label
    rows = [
        (
            label,
            round_.number,
            utc_iso(line.slot.starts_at),
            line.slot.region,
            line.slot.league,
            line.lobby,
            line.entrant.online_id,
            line.position,
            line.status,
            line.entrant.dr_points,
        )
        for lines in race_round(round_, entrants, seed=seed)
        for line in lines
    ]
    return "".join(csvfiles.csv_lines(csvfiles.RESULTS, rows)), len(rows)


def first_lobbies(text: str, fraction: float) -> str:
    """The header and the rows of a ``results.csv``'s first lobbies, about ``fraction`` of its
    rows (whole lobbies only, so the smaller file imports as cleanly as the whole)."""
    header, *rows = text.splitlines(keepends=True)
    wanted = max(1, int(len(rows) * fraction))

    def lobby(row: str) -> list[str]:
        return row.split(",")[2:6]  # slot start, region, league, lobby label

    end = wanted
    while end < len(rows) and lobby(rows[end]) == lobby(rows[end - 1]):
        end += 1
    return header + "".join(rows[:end])


def delete_round_results(round_: Round) -> None:
    """Remove a round's lobbies and results (to import the same round again from scratch)."""
    slots = "SELECT id FROM leagues_entryslot WHERE round_id = %s"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM leagues_raceresult WHERE slot_id IN ({slots})", [round_.pk])
        cursor.execute(f"DELETE FROM leagues_lobby WHERE slot_id IN ({slots})", [round_.pk])


def analyze() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
