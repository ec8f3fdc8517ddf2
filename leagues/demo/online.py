"""Demo drivers and online seasons: a closed 2024 season and a current one in progress.

Everything is made up and deterministic for a seed. Results go through the
real ingestion service (as a ``results.csv`` per round), ratings through the
ratings feed import (a ``ratings.csv`` before each season) and every result,
rounds are closed and standings published by the real services.
"""

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from leagues import csvfiles, rules
from leagues.models import Country, Driver, Registration, Round, Season, SeasonStatus, SecondaryArea
from leagues.selectors.exports import utc_iso
from leagues.services.ratings import import_ratings
from leagues.services.results import import_results
from leagues.services.seasons import close_season
from leagues.services.slots import generate_slots
from leagues.services.standings import close_round, publish_standings

DRIVERS = 3000

# Countries drivers come from, with a weight (made up, shaped like a real entry list).
COUNTRY_WEIGHTS = {
    "US": 40,
    "CA": 10,
    "BR": 14,
    "MX": 8,
    "AR": 6,
    "CL": 5,
    "CO": 3,
    "PE": 2,
    "GB": 14,
    "FR": 14,
    "DE": 12,
    "IT": 12,
    "ES": 12,
    "PT": 5,
    "NL": 6,
    "BE": 5,
    "PL": 5,
    "SE": 3,
    "SA": 4,
    "AE": 3,
    "ZA": 3,
    "TR": 3,
    "AT": 3,
    "CH": 3,
    "HU": 2,
    "CZ": 2,
    "JP": 30,
    "KR": 6,
    "CN": 6,
    "TW": 5,
    "TH": 5,
    "HK": 3,
    "SG": 2,
    "MY": 2,
    "ID": 2,
    "PH": 2,
    "AU": 14,
    "NZ": 5,
}

SYLLABLE_TEXT = "ka ri to mi na se lo va der an el ro mar ten is ul fen gor sa yu ki ha"
SYLLABLES = SYLLABLE_TEXT.split()

# The 2024 online season of domain.md: date, track, car category, race kind.
ROUNDS_2024 = [
    (dt.date(2024, 4, 17), "Circuit de la Sarthe", "Gr.2", "sprint"),
    (dt.date(2024, 4, 20), "Watkins Glen", "Honda RA272 '65", "sprint"),
    (dt.date(2024, 4, 24), "Trial Mountain", "Specified cars", "management"),
    (dt.date(2024, 4, 27), "Lago Maggiore reverse", "Porsche 917LH", "sprint"),
    (dt.date(2024, 5, 1), "Daytona International Speedway", "Gr.1", "management"),
    (dt.date(2024, 5, 4), "Spa-Francorchamps", "Red Bull X2019", "sprint"),
]
ROUNDS_CURRENT = [
    ("Suzuka Circuit", "Gr.3", "sprint"),
    ("Autodromo Nazionale Monza", "Gr.4", "management"),
    ("Mount Panorama", "Road cars (N300)", "sprint"),
    ("Nürburgring GP", "Gr.3", "sprint"),
    ("Interlagos", "Super Formula SF23", "sprint"),
    ("Fuji International Speedway", "Gr.2", "management"),
]


def create_drivers(*, rng: random.Random, log) -> None:
    """A few thousand drivers over the weighted countries, with a believable DR spread."""
    countries = {c.code: c for c in Country.objects.filter(code__in=COUNTRY_WEIGHTS)}
    areas = defaultdict(list)
    for area in SecondaryArea.objects.filter(main_area__country__in=countries).select_related(
        "main_area"
    ):
        areas[area.main_area.country_id].append(area)
    codes = sorted(countries)
    weights = [COUNTRY_WEIGHTS[code] for code in codes]
    drivers, seen = [], set()
    for _ in range(DRIVERS):
        code = rng.choices(codes, weights)[0]
        name = " ".join(
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
            for _ in range(2)
        )
        online_id = f"{name.split()[0]}_{rng.randint(1, 999)}"
        while online_id in seen:
            online_id += str(rng.randint(0, 9))
        seen.add(online_id)
        area = rng.choice(areas[code])
        drivers.append(
            Driver(
                online_id=online_id,
                display_name=name,
                birth_date=dt.date(1975, 1, 1) + dt.timedelta(days=rng.randint(0, 34 * 365)),
                country=countries[code],
                main_area=area.main_area,
                secondary_area=area,
                bio_team=rng.choice(
                    ["", "", "", "Team Apex", "Slipstream Racing", "Kaizen Motorsport"]
                ),
            )
        )
    Driver.objects.bulk_create(drivers, batch_size=1000)
    log(f"{len(drivers)} drivers in {len(codes)} countries")
    _feed_ratings(rng, at=dt.datetime(2024, 3, 25, 6, tzinfo=dt.UTC), log=log)


def _feed_ratings(rng: random.Random, *, at: dt.datetime, log) -> None:
    """A ratings.csv from the game, through the real import: most drivers, not all (the
    rest register in GT3 with DR 0 until rated); a driver's DR drifts from their last one."""
    drivers = Driver.objects.select_related("rating").order_by("pk")
    lines = [
        (
            driver.online_id,
            _drift(driver.dr_points, rng) if driver.rating else _dr(rng),
            rng.choice("BAAASS"),
            driver.rated_races + rng.randint(0, 30) if driver.rating else rng.choice([2, 40, 120]),
            utc_iso(at),
        )
        for driver in drivers
        if rng.random() < 0.97
    ]
    report = import_ratings("".join(csvfiles.csv_lines(csvfiles.RATINGS, lines)))
    if not report.ok:
        raise RuntimeError("Demo ratings were refused: " + "; ".join(report.errors[:5]))
    log(f"ratings feed of {at:%Y-%m-%d}: {report.summary()}")


def _drift(dr_points: int, rng: random.Random) -> int:
    return max(rules.DR_MIN, min(rules.DR_MAX, dr_points + rng.randint(-1_500, 2_000)))


def _dr(rng: random.Random) -> int:
    """DR points: most drivers in C and below, a long tail up to A+ (about 10% GT1)."""
    return min(rules.DR_MAX - 1_000, int(rng.lognormvariate(9.2, 0.8)))


def create_past_season(*, rng: random.Random, log) -> None:
    """The 2024 season: six rounds on the 2024 calendar, all raced; final standings, closed."""
    season = Season.objects.create(
        year=2024,
        registration_opens=dt.datetime(2024, 4, 1, tzinfo=dt.UTC),
        registration_closes=dt.datetime(2024, 5, 4, tzinfo=dt.UTC),
        status=SeasonStatus.RUNNING,
    )
    rounds = [
        _round(season, number, date, track, car, kind)
        for number, (date, track, car, kind) in enumerate(ROUNDS_2024, start=1)
    ]
    _register(season, rng, share=0.8)
    for round_ in rounds[:-1]:
        _race(round_, rng)
        close_round(round=round_)
        publish_standings(season=season)
    _race(rounds[-1], rng)
    close_round(round=rounds[-1])
    close_season(season=season)
    log(f"2024 season: {season.registrations.count()} registrations, 6 rounds closed")


def create_current_season(*, rng: random.Random, log) -> None:
    """This year's season, in progress: three rounds closed, one today, two to come."""
    today = timezone.now().date()
    season = Season.objects.create(
        year=today.year,
        registration_opens=timezone.now() - dt.timedelta(days=30),
        registration_closes=timezone.now() + dt.timedelta(days=8),
        status=SeasonStatus.RUNNING,
    )
    offsets = [-10, -7, -3, 0, 4, 7]
    rounds = [
        _round(season, number, today + dt.timedelta(days=offset), track, car, kind)
        for number, (offset, (track, car, kind)) in enumerate(
            zip(offsets, ROUNDS_CURRENT, strict=True), 1
        )
    ]
    _feed_ratings(rng, at=timezone.now() - dt.timedelta(days=31), log=log)
    _register(season, rng, share=0.9)
    for round_ in rounds[:3]:
        _race(round_, rng)
        close_round(round=round_)
        publish_standings(season=season)
    log(f"{season.year} season: rounds 1-3 closed and published, round 4 today")


def _round(season, number, date, track, car, kind) -> Round:
    round_ = Round.objects.create(
        season=season,
        number=number,
        date=date,
        track=track,
        car_category=car,
        race_kind=kind,
        tyre_wear=2 if kind == "management" else 1,
        fuel_wear=2 if kind == "management" else 1,
        mandatory_tyres="RH, RM" if kind == "management" else "",
        laps_gt1=12 if kind == "sprint" else 20,
        laps_gt2=8 if kind == "sprint" else 14,
        laps_gt3=8 if kind == "sprint" else 14,
        damage="heavy" if number % 3 == 0 else "light",
    )
    generate_slots(round=round_)
    return round_


def _register(season, rng, *, share: float) -> None:
    drivers = Driver.objects.select_related("country", "rating").order_by("pk")
    registrations = [
        Registration.snapshot_of(driver, season) for driver in drivers if rng.random() < share
    ]
    Registration.objects.bulk_create(registrations, batch_size=1000)


def _race(round_: Round, rng: random.Random) -> None:
    """Import a results.csv for the round: each racer enters one or two slots, lobbies by DR."""
    slots = defaultdict(list)
    for slot in round_.slots.order_by("starts_at"):
        slots[(slot.region, slot.league)].append(slot)
    entries = defaultdict(list)
    registrations = round_.season.registrations.values_list(
        "region", "league", "driver__online_id", "dr_points"
    )
    for region, league, online_id, dr_points in registrations:
        if rng.random() < 0.25:
            continue
        options = slots[(region, league)]
        for slot in sorted(
            rng.sample(options, k=1 if rng.random() < 0.7 else 2), key=lambda s: s.starts_at
        ):
            entries[slot].append((online_id, _drift(dr_points, rng)))
    lines = []
    for slot, racers in entries.items():
        racers.sort(key=lambda racer: -racer[1])
        for lobby_index in range(0, len(racers), rules.LOBBY_MAX_DRIVERS):
            lobby = racers[lobby_index : lobby_index + rules.LOBBY_MAX_DRIVERS]
            finish = sorted(lobby, key=lambda racer: -(racer[1] * rng.uniform(0.85, 1.15)))
            for position, (online_id, dr_points) in enumerate(finish, start=1):
                status = "DNF" if rng.random() < 0.05 else "DSQ" if rng.random() < 0.005 else "FIN"
                lines.append(
                    (
                        round_.season.label,
                        round_.number,
                        utc_iso(slot.starts_at),
                        slot.region,
                        slot.league,
                        chr(ord("A") + lobby_index // rules.LOBBY_MAX_DRIVERS),
                        online_id,
                        position,
                        status,
                        dr_points,
                    )
                )
    report = import_results("".join(csvfiles.csv_lines(csvfiles.RESULTS, lines)))
    if not report.ok:
        raise RuntimeError("Demo results were refused: " + "; ".join(report.errors[:5]))
