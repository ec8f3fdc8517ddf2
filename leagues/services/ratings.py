"""Writes of ratings: the game's numbers, learnt from race results and the ratings feed.

Every rating is kept as history with its source and ``rated_at``. A driver's
current rating (``Driver.rating``) is always the newest by ``rated_at``,
recomputed set-wise for the drivers a write touched, so an older reading that
arrives late is recorded but never overwrites a newer one.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation

from leagues import csvfiles, rules
from leagues.exceptions import RuleViolation
from leagues.models import (
    Driver,
    EntrySlot,
    RaceResult,
    RaceServer,
    Rating,
    RatingSource,
    Registration,
)
from leagues.services.pages import changes_shared_pages

ID_CHUNK = 5000
LOBBY_CHUNK = 500
# A rating from the future would win over every real one: allow only clock skew.
CLOCK_SKEW = dt.timedelta(minutes=5)


@changes_shared_pages
def refresh_current_ratings(*, driver_ids: Iterable[int]) -> None:
    """Point each of these drivers at their newest rating (latest arrival on a tie).

    The drivers' rows are locked first, in id order, so two writers that
    record ratings of the same driver at once end with the newest of both.
    """
    ids = sorted(set(driver_ids))
    if connection.vendor == "postgresql":
        _refresh_current_ratings_setwise(ids)
        return
    newest = Rating.objects.filter(driver=OuterRef("pk")).order_by("-rated_at", "-pk")
    with transaction.atomic():
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start : start + ID_CHUNK]
            list(
                Driver.objects.select_for_update()
                .filter(pk__in=chunk)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            Driver.objects.filter(pk__in=chunk).update(rating=Subquery(newest.values("pk")[:1]))


def _refresh_current_ratings_setwise(ids: list[int]) -> None:
    """PostgreSQL: lock the drivers in id order in one statement, then one UPDATE ... FROM."""
    _refresh_drivers_setwise("SELECT unnest(%s::bigint[])", [ids])


def _refresh_drivers_setwise(drivers_sql: str, params: list) -> None:
    """Point the drivers ``drivers_sql`` selects (one id column) at their newest reading.

    The ids stay in the database: the lock is counted, not fetched, so refreshing
    half a million drivers holds nothing in Python.
    """
    driver, rating = Driver._meta.db_table, Rating._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*) FROM (
                SELECT id FROM {driver} WHERE id IN ({drivers_sql}) ORDER BY id FOR UPDATE
            ) locked""",
            params,
        )
        # Each driver's newest reading (latest arrival on a tie) in one pass over the
        # readings' index; a driver without any reading is pointed at none, as before.
        cursor.execute(
            f"""
            UPDATE {driver} d SET rating_id = newest.rating_id
            FROM (
                SELECT ids.id AS driver_id, n.id AS rating_id
                FROM ({drivers_sql}) AS ids(id)
                LEFT JOIN (
                    SELECT DISTINCT ON (driver_id) driver_id, id
                    FROM {rating}
                    WHERE driver_id IN ({drivers_sql})
                    ORDER BY driver_id, rated_at DESC, id DESC
                ) n ON n.driver_id = ids.id
            ) newest
            WHERE d.id = newest.driver_id
              AND d.rating_id IS DISTINCT FROM newest.rating_id
            """,
            [*params, *params],
        )


CHANGED_DRIVERS = "rating_changed_driver"
"""PostgreSQL: a table of the transaction holding the drivers whose reading changed."""


def record_result_ratings(*, lobby_ids: list[int]) -> None:
    """Record each result of these lobbies as a rating: its DR at the start of its slot.

    A result carries only the DR; the SR grade and rated races are carried over
    from the driver's current rating. A lobby imported again updates its
    drivers' readings for that slot (one per driver and slot) instead of adding.
    """
    rating, result = Rating._meta.db_table, RaceResult._meta.db_table
    registration, slot = Registration._meta.db_table, EntrySlot._meta.db_table
    driver = Driver._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # One INSERT ... SELECT for the lobbies' results; the upsert on (driver, slot) keeps
    # a re-imported lobby to one reading per driver, and writes (and returns, for the
    # refresh) only the readings that change.
    upsert = f"""
        INSERT INTO {rating} (driver_id, dr_points, sr_grade, rated_races,
                              rated_at, source, slot_id, server_id, recorded_at)
        SELECT reg.driver_id, res.dr_points, COALESCE(cur.sr_grade, 'E'),
               COALESCE(cur.rated_races, 0), s.starts_at, %s, res.slot_id, NULL, %s
        FROM {result} res
        JOIN {registration} reg ON reg.id = res.registration_id
        JOIN {slot} s ON s.id = res.slot_id
        JOIN {driver} d ON d.id = reg.driver_id
        LEFT JOIN {rating} cur ON cur.id = d.rating_id
        WHERE {{condition}}
        ON CONFLICT (driver_id, slot_id) DO UPDATE SET dr_points = excluded.dr_points
        WHERE {rating}.dr_points <> excluded.dr_points
        RETURNING driver_id
    """
    source = RatingSource.RESULT.value
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _record_setwise(
                upsert.format(condition="res.lobby_id = ANY(%s)"), [source, now, lobby_ids]
            )
            return
        driver_ids: set[int] = set()
        for condition, params in _lobby_conditions("res.lobby_id", lobby_ids):
            with connection.cursor() as cursor:
                cursor.execute(upsert.format(condition=condition), [source, now, *params])
                driver_ids.update(driver_id for (driver_id,) in cursor.fetchall())
        refresh_current_ratings(driver_ids=driver_ids)


def _record_setwise(upsert: str, params: list) -> None:
    """PostgreSQL: the upsert's changed drivers go from its ``RETURNING`` into a table of the
    transaction, and the refresh reads them there (a round's first import changes half a
    million)."""
    changed = f"pg_temp.{CHANGED_DRIVERS}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {changed}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {CHANGED_DRIVERS} (driver_id bigint PRIMARY KEY) "
            "ON COMMIT DROP"
        )
        cursor.execute(
            f"WITH changed AS ({upsert}) "
            f"INSERT INTO {changed} SELECT DISTINCT driver_id FROM changed",
            params,
        )
        cursor.execute(f"ANALYZE {changed}")
    _refresh_drivers_setwise(f"SELECT driver_id FROM {changed}", [])


def _lobby_conditions(column: str, ids: list[int]) -> Iterator[tuple[str, list]]:
    """SQL conditions ``column`` is one of ``ids``, with their parameters, in chunks of marks
    (SQLite's limit on a statement's parameters)."""
    for start in range(0, len(ids), LOBBY_CHUNK):
        chunk = ids[start : start + LOBBY_CHUNK]
        yield f"{column} IN ({', '.join(['%s'] * len(chunk))})", chunk


@dataclass(frozen=True, slots=True)
class _Reading:
    driver_id: int
    dr_points: int
    sr_grade: str
    rated_races: int
    rated_at: dt.datetime


@changes_shared_pages
def import_ratings(
    text: csvfiles.Source, *, dry_run: bool = False, now: dt.datetime | None = None
) -> csvfiles.ImportReport:
    """Import a ``ratings.csv`` (the game's ratings feed): all rows or none."""
    report = csvfiles.ImportReport()
    try:
        rows = csvfiles.read_rows(text, csvfiles.RATINGS)
    except csvfiles.HeaderError as error:
        report.refuse(str(error))
        return report
    return _ingest(rows, report, source=RatingSource.FEED, server=None, dry_run=dry_run, now=now)


@changes_shared_pages
def post_ratings(
    entries: list[dict], *, server: RaceServer, now: dt.datetime | None = None
) -> csvfiles.ImportReport:
    """Record many drivers' ratings posted by a race server: all entries or none.

    Each entry has the columns of ``ratings.csv``; the checks are the file's, and an
    error names its entry (``ratings[2] (online_id)``).
    """
    report = csvfiles.ImportReport()
    rows = []
    for index, entry in enumerate(entries, start=1):
        values = {name: _text(entry.get(name)) for name in csvfiles.RATINGS}
        rows.append(csvfiles.Row(index, values))
        report.row_names[index] = f"ratings[{index}] ({values['online_id']})"
    return _ingest(rows, report, source=RatingSource.SERVER, server=server, dry_run=False, now=now)


def _text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip()


def _ingest(
    rows: list[csvfiles.Row],
    report: csvfiles.ImportReport,
    *,
    source: RatingSource,
    server: RaceServer | None,
    dry_run: bool,
    now: dt.datetime | None,
) -> csvfiles.ImportReport:
    with translation.override(settings.LANGUAGE_CODE):  # row errors stay English, like the admin
        readings = _plan(rows, report, source=source, now=now or timezone.now())
    if report.ok and not dry_run:
        _write(readings, source=source, server=server)
    return report


def _plan(
    rows: list[csvfiles.Row],
    report: csvfiles.ImportReport,
    *,
    source: RatingSource,
    now: dt.datetime,
) -> list[_Reading]:
    drivers = _drivers(row.values.get("online_id", "") for row in rows)
    held = _held_at_times(
        [pk for pk, _ in drivers.values()],
        source=source,
        times={
            t
            for row in rows
            if (t := csvfiles.utc_time(row.values.get("rated_at", ""))) is not None
        },
    )
    readings: list[_Reading] = []
    seen: dict[tuple[str, dt.datetime], int] = {}
    older = 0
    for row in rows:
        if "__error__" in row.values:
            report.error(row.line, row.values["__error__"])
            continue
        problems: list[str] = []
        online_id = row["online_id"]
        driver = drivers.get(online_id)
        if driver is None:
            problems.append(f"unknown online_id {online_id!r}")
        dr_points = csvfiles.dr_points(row["dr_points"], problems)
        if row["sr_grade"] not in rules.SR_GRADES:
            problems.append(
                f"sr_grade must be one of {', '.join(rules.SR_GRADES)}, not {row['sr_grade']!r}"
            )
        rated_races = csvfiles.whole_number(row["rated_races"])
        if rated_races is None:
            problems.append(
                f"rated_races must be a whole number 0 or more, not {row['rated_races']!r}"
            )
        rated_at = csvfiles.utc_time(row["rated_at"])
        if rated_at is None:
            problems.append(
                "rated_at must be ISO 8601 in UTC like 2024-04-17T13:00:00Z, "
                f"not {row['rated_at']!r}"
            )
        elif rated_at > now + CLOCK_SKEW:
            problems.append(f"rated_at {row['rated_at']} is in the future")
        elif (online_id, rated_at) in seen:
            other = seen[(online_id, rated_at)]
            problems.append(f"{online_id} has another rating at {row['rated_at']} on row {other}")
        if problems:
            report.error(row.line, "; ".join(problems))
            continue
        # Every None above added a problem.
        assert driver and dr_points is not None and rated_races is not None and rated_at
        seen[(online_id, rated_at)] = row.line
        driver_id, current_at = driver
        reading = _Reading(driver_id, dr_points, row["sr_grade"], rated_races, rated_at)
        stored = held.get((driver_id, rated_at))
        if stored is None:
            readings.append(reading)
            report.created += 1
            if current_at is not None and rated_at < current_at:
                older += 1
        elif stored == reading:
            report.unchanged += 1
        else:
            report.error(
                row.line,
                f"{online_id} already has a different {source.label} rating at {row['rated_at']}",
            )
    if older:
        report.notes.append(
            f"{older} rating(s) older than the driver's current one: kept as history, "
            "the newer rating stays current."
        )
    return readings


def _drivers(online_ids: Iterable[str]) -> dict[str, tuple[int, dt.datetime | None]]:
    """Each known online id's driver id and the time of their current rating."""
    ids = sorted(set(online_ids))
    found: dict[str, tuple[int, dt.datetime | None]] = {}
    for start in range(0, len(ids), ID_CHUNK):
        for online_id, pk, rated_at in Driver.objects.filter(
            online_id__in=ids[start : start + ID_CHUNK]
        ).values_list("online_id", "pk", "rating__rated_at"):
            found[online_id] = (pk, rated_at)
    return found


def _held_at_times(
    driver_ids: list[int], *, source: RatingSource, times: set[dt.datetime]
) -> dict[tuple[int, dt.datetime], _Reading]:
    """Ratings of this source already stored for these drivers at the file's times."""
    held: dict[tuple[int, dt.datetime], _Reading] = {}
    if not times:
        return held
    for start in range(0, len(driver_ids), ID_CHUNK):
        for values in Rating.objects.filter(
            driver_id__in=driver_ids[start : start + ID_CHUNK],
            source=source,
            rated_at__in=sorted(times),
        ).values_list("driver_id", "dr_points", "sr_grade", "rated_races", "rated_at"):
            held[(values[0], values[4])] = _Reading(*values)
    return held


def _write(readings: list[_Reading], *, source: RatingSource, server: RaceServer | None) -> None:
    try:
        with transaction.atomic():
            Rating.objects.bulk_create(
                (
                    Rating(
                        driver_id=reading.driver_id,
                        dr_points=reading.dr_points,
                        sr_grade=reading.sr_grade,
                        rated_races=reading.rated_races,
                        rated_at=reading.rated_at,
                        source=source,
                        server=server,
                    )
                    for reading in readings
                ),
                batch_size=2000,
            )
            refresh_current_ratings(driver_ids=(reading.driver_id for reading in readings))
    except IntegrityError as error:
        raise RuleViolation(
            "Another import recorded some of these ratings at the same time; "
            "nothing was imported, try again."
        ) from error


def record_registration_ratings(registrations: list[Registration], *, at: dt.datetime) -> None:
    """Record the DR of an organiser's registrations file as ratings (the file is a source)."""
    ratings = [
        Rating(
            driver_id=registration.driver_id,
            dr_points=registration.dr_points,
            rated_at=at,
            source=RatingSource.REGISTRATIONS,
        )
        for registration in registrations
    ]
    Rating.objects.bulk_create(ratings, batch_size=2000)
    for registration, rating in zip(registrations, ratings, strict=True):
        registration.rating = rating
    refresh_current_ratings(driver_ids=(r.driver_id for r in registrations))
