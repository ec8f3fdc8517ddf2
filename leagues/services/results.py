"""Results ingestion: one service behind the admin upload, ``import_results`` and the API.

Input is a set of lobbies (rows of ``results.csv``, or one lobby as JSON from a
race server). Everything is checked before anything is written; a whole
file is accepted or rejected. A lobby that is imported again replaces the
previous import of the same (slot, label), so re-imports never duplicate. A lobby
the stewards decided on keeps its decisions: a file repeating its classification
(``results.csv`` as exported) or its finishing order changes nothing, and a new
finishing order is classified again with the decisions applied to it (the
``lobbies_rewritten`` signal, in the same transaction).

Writes of a slot are serialised: the slots' rows are locked before the stored
results are read, so a lobby posted many times at once is written once and the
other posts find it unchanged.

A round's file at a million registrations has over half a million rows. They are
read one at a time into a temporary table and read back lobby by lobby, so the
process holds the file's lobbies and one batch of rows, whatever the file's size.
"""

import hashlib
import itertools
import json
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from leagues import csvfiles, rules
from leagues.bulk import load_rows, load_table_rows
from leagues.exceptions import Conflict, RuleViolation
from leagues.models import (
    Driver,
    EntrySlot,
    Lobby,
    LobbyPost,
    RaceResult,
    RaceServer,
    Registration,
    Round,
)
from leagues.selectors.seasons import seasons_by_label
from leagues.services.pages import changes_shared_pages
from leagues.services.ratings import record_result_ratings
from leagues.signals import lobbies_rewritten

LABEL_LENGTH = cast(int, Lobby._meta.get_field("label").max_length)  # a CharField has one
KEY_LENGTH = cast(int, LobbyPost._meta.get_field("key").max_length)
# The columns of results.csv that name a row's lobby (the rest are the driver's result).
LOBBY_COLUMNS = tuple(csvfiles.RESULTS[:6])


@dataclass(frozen=True, slots=True)
class _Result:
    """A parsed row, on its way to the staging table."""

    line: int
    lobby_key: tuple
    online_id: str
    position: int
    status: str
    dr_points: int


@changes_shared_pages
def import_results(text: csvfiles.Source, *, dry_run: bool = False) -> csvfiles.ImportReport:
    """Import a ``results.csv`` file, all lobbies or none."""
    report = csvfiles.ImportReport()
    try:
        results = _parse(csvfiles.iter_rows(text, csvfiles.RESULTS), report)
    except csvfiles.HeaderError as error:
        report.refuse(str(error))
        return report
    return _ingest(results, report, dry_run=dry_run)


@changes_shared_pages
def ingest_lobby(
    payload: object, *, server: RaceServer, idempotency_key: str | None = None
) -> csvfiles.ImportReport:
    """Import one lobby posted by a race server as JSON (see the API docs for the shape).

    With an ``idempotency_key``, a post the server already made with that key and the
    same body gets the first post's report again and writes nothing; the key with
    another body is a conflict. A refused post keeps no key.
    """
    rows = _lobby_rows(payload, server=server)
    with transaction.atomic():
        post = None
        if idempotency_key is not None:
            post = _claim_key(server=server, key=idempotency_key, payload=payload)
            if post.pk is None:
                return csvfiles.ImportReport(
                    created=post.created, replaced=post.replaced, unchanged=post.unchanged
                )
        report = csvfiles.ImportReport()
        _ingest(_parse(rows, report), report, dry_run=False, server=server)
        if not report.ok:
            transaction.set_rollback(True)
        elif post is not None:
            post.created, post.replaced = report.created, report.replaced
            post.unchanged = report.unchanged
            post.save(update_fields=["created", "replaced", "unchanged"])
    return report


def _claim_key(*, server: RaceServer, key: str, payload: object) -> LobbyPost:
    """The server's post under ``key``: a new row, or (unsaved copy) the earlier one to replay.

    A concurrent post with the same key waits on the unique index until the first
    commits, then finds its row; if the first was refused, the key is free again.
    """
    if not 1 <= len(key) <= KEY_LENGTH or not (key.isascii() and key.isprintable()):
        raise RuleViolation(
            f"The Idempotency-Key header must be 1 to {KEY_LENGTH} printable ASCII characters."
        )
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    try:
        with transaction.atomic():
            return LobbyPost.objects.create(server=server, key=key, request_hash=digest)
    except IntegrityError:
        earlier = LobbyPost.objects.get(server=server, key=key)
    if earlier.request_hash != digest:
        raise Conflict(
            f"The Idempotency-Key {key!r} was already used for another request; "
            "use a new key for a different lobby or body."
        )
    earlier.pk = None  # an answer to replay, not a row to save
    return earlier


def _lobby_rows(payload: object, *, server: RaceServer) -> list[csvfiles.Row]:
    """The posted lobby as the rows of a results file would give it."""
    if not isinstance(payload, dict):
        raise RuleViolation("The body must be a JSON object describing one lobby.")
    missing = [name for name in [*LOBBY_COLUMNS, "results"] if name not in payload]
    if missing:
        raise RuleViolation("Missing field(s): " + ", ".join(missing) + ".")
    results = payload["results"]
    if not isinstance(results, list) or not results:
        raise RuleViolation("'results' must be a non-empty list of finishers.")
    if server.region and payload["region"] != server.region:
        raise RuleViolation(f"Server {server} may only post results of region {server.region}.")
    rows = []
    for index, result in enumerate(results, start=1):
        if not isinstance(result, dict):
            raise RuleViolation(f"results[{index}] must be an object.")
        values = {name: _text(payload[name]) for name in LOBBY_COLUMNS}
        values.update({name: _text(result.get(name, "")) for name in csvfiles.RESULTS[6:]})
        rows.append(csvfiles.Row(index, values))
    return rows


def _text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip()


def _ingest(
    results: Iterable[_Result],
    report: csvfiles.ImportReport,
    *,
    dry_run: bool,
    server: RaceServer | None = None,
) -> csvfiles.ImportReport:
    """Stage the rows, check them, then plan and write them a batch of lobbies at a time.

    The parsed rows go to a temporary table of the transaction (``COPY`` on
    PostgreSQL), so what the process holds is the file's lobbies, not its rows. The
    checks that span lobbies (one result per driver and slot, in the file and
    against stored lobbies) are statements over the staged rows; each lobby's own
    checks, its points and whether it changes are worked out as the staged rows are
    read back, lobby by lobby. Any error rolls the whole transaction back.
    """
    seasons = seasons_by_label()
    with transaction.atomic():
        _create_stage()
        try:
            lobbies = _stage(results)
        except csvfiles.HeaderError as error:
            report.refuse(str(error))
        else:
            _check_and_write(lobbies, seasons, report, dry_run=dry_run, server=server)
        if report.ok and not dry_run:
            _drop_stage()
        else:
            transaction.set_rollback(True)
    return report


def _check_and_write(lobbies, seasons, report, *, dry_run: bool, server) -> None:
    slots = _resolve_slots(lobbies, seasons, report)
    if not dry_run:
        # Held until the write commits: what is stored is read, compared and
        # replaced by one import at a time per slot.
        list(
            EntrySlot.objects.select_for_update()
            .filter(pk__in={slot.pk for slot in slots.values()})
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    load_table_rows(
        STAGED_LOBBIES,
        ["lobby_no", "slot_id", "season_id", "label"],
        ((lobbies[key].no, slot.pk, slot.round.season_id, key[5]) for key, slot in slots.items()),
    )
    _analyze_stage()
    stored_lobbies = _stored_lobbies({slot.pk for slot in slots.values()})
    # Whether a stored lobby of these slots is not in the file (a round's first import: none).
    stored_elsewhere = bool(stored_lobbies) and not stored_lobbies.keys() <= {
        (slot.pk, key[5]) for key, slot in slots.items()
    }
    # Reported after each lobby's own errors, as the file reads: lobby by lobby, then slots.
    slot_errors = _one_result_per_slot_errors(stored_elsewhere=stored_elsewhere)
    writer = None
    if not (dry_run or slot_errors or not report.ok):
        writer = _Writer(server=server, round_ids={slot.round_id for slot in slots.values()})
    keys = list(lobbies)  # a lobby's number is its place in the file, from 1
    results = lobby_count = 0
    for batch in _batches(_staged_lobbies(), LOBBY_BATCH):
        checked = []
        for no, members in batch:
            key = keys[no - 1]
            if _check_lobby(key, slots[key], members, report):
                checked.append((key, slots[key], members))
        if not report.ok:
            continue  # the rest of the file is still checked, for its errors
        plan = _plan(checked, stored_lobbies, report)
        results += sum(len(item.results) for item in plan)
        lobby_count += len(plan)
        if dry_run:
            report.lobbies.extend(_preview(plan, checked))
        elif writer is not None:
            writer.write(plan)
    for line, message, conflict in slot_errors:
        report.error(line, message)
        report.conflicts += conflict
    if not report.ok:
        report.created = report.replaced = report.unchanged = 0
        report.lobbies = []
        return
    report.notes.append(f"{results} result(s) in {lobby_count} lobby(ies).")
    if writer is not None:
        writer.finish()


STAGED_RESULTS = "import_staged_result"
STAGED_LOBBIES = "import_staged_lobby"
LOBBY_BATCH = 1000
"""Lobbies checked, planned and written at a time (about 20,000 results)."""
FETCH_ROWS = 5000  # staged rows read back per round trip


def _temporary(table: str) -> str:
    """``table`` in the connection's own schema of temporary tables."""
    return f"{'pg_temp' if connection.vendor == 'postgresql' else 'temp'}.{table}"


def _create_stage() -> None:
    """The transaction's staging tables: the file's rows, and its lobbies that have a slot."""
    with connection.cursor() as cursor:
        for table in (STAGED_RESULTS, STAGED_LOBBIES):
            cursor.execute(f"DROP TABLE IF EXISTS {_temporary(table)}")
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {STAGED_RESULTS} (
                line integer NOT NULL, lobby_no integer NOT NULL, online_id text NOT NULL,
                position integer NOT NULL, status text NOT NULL, dr_points integer NOT NULL)"""
        )
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {STAGED_LOBBIES} (
                lobby_no integer PRIMARY KEY, slot_id bigint NOT NULL,
                season_id bigint NOT NULL, label text NOT NULL)"""
        )


def _analyze_stage() -> None:
    """PostgreSQL: give the planner the staged tables' sizes (autovacuum never sees them)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {STAGED_RESULTS}, {STAGED_LOBBIES}")


def _drop_stage() -> None:
    with connection.cursor() as cursor:
        for table in (STAGED_RESULTS, STAGED_LOBBIES):
            cursor.execute(f"DROP TABLE {_temporary(table)}")


@dataclass(slots=True)
class _FileLobby:
    """A lobby of the file: its number in the staged rows, and the rows it spans."""

    no: int
    first_line: int
    last_line: int

    def rows(self) -> str:
        return _span(self.first_line, self.last_line)


def _stage(results: Iterable[_Result]) -> dict[tuple, _FileLobby]:
    """Write the parsed rows to the staging table; the file's lobbies by key, in file order."""
    lobbies: dict[tuple, _FileLobby] = {}

    def rows() -> Iterator[tuple]:
        for result in results:
            lobby = lobbies.get(result.lobby_key)
            if lobby is None:
                lobby = _FileLobby(len(lobbies) + 1, result.line, result.line)
                lobbies[result.lobby_key] = lobby
            lobby.last_line = result.line
            yield (
                result.line,
                lobby.no,
                result.online_id,
                result.position,
                result.status,
                result.dr_points,
            )

    load_table_rows(
        STAGED_RESULTS,
        ["line", "lobby_no", "online_id", "position", "status", "dr_points"],
        rows(),
    )
    return lobbies


# The staged rows with their lobby's slot and, where the driver is registered for the
# lobby's season, the registration.
_STAGED_ENTRANTS = f"""
    {STAGED_RESULTS} r
    JOIN {STAGED_LOBBIES} l ON l.lobby_no = r.lobby_no
    LEFT JOIN {Driver._meta.db_table} d ON d.online_id = r.online_id
    LEFT JOIN {Registration._meta.db_table} reg
        ON reg.driver_id = d.id AND reg.season_id = l.season_id
"""


class _Staged(NamedTuple):
    """A staged row of a lobby, with the driver's registration (None: not registered)."""

    line: int
    online_id: str
    position: int
    status: str
    dr_points: int
    registration_id: int | None
    region: str | None
    league: str | None


def _staged_lobbies() -> Iterator[tuple[int, list[_Staged]]]:
    """The staged lobbies that have a slot, in file order, each with its rows in file order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A cursor is planned for its first rows (nested loops over a million drivers);
            # every row is read, so plan it like the query it is (this transaction only).
            cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
    with connection.chunked_cursor() as cursor:
        cursor.execute(
            f"""SELECT r.lobby_no, r.line, r.online_id, r.position, r.status, r.dr_points,
                       reg.id, reg.region, reg.league
                FROM {_STAGED_ENTRANTS}
                ORDER BY r.lobby_no, r.line"""
        )
        rows = itertools.chain.from_iterable(iter(lambda: cursor.fetchmany(FETCH_ROWS), []))
        for no, members in itertools.groupby(rows, key=operator.itemgetter(0)):
            yield no, [_Staged(*row[1:]) for row in members]


def _one_result_per_slot_errors(*, stored_elsewhere: bool) -> list[tuple[int, str, bool]]:
    """A driver races once per slot: within the file, and against lobbies already stored
    (only where a slot of the file has a ``stored_elsewhere`` lobby the file does not repeat).

    Each error is its row, its sentence, and whether it is about what is stored.
    """
    errors = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT line, online_id, first_label, label FROM (
                    SELECT r.line, r.online_id, r.lobby_no, l.label,
                           FIRST_VALUE(r.lobby_no) OVER slot_driver AS first_no,
                           FIRST_VALUE(l.label) OVER slot_driver AS first_label
                    FROM {STAGED_RESULTS} r JOIN {STAGED_LOBBIES} l ON l.lobby_no = r.lobby_no
                    WINDOW slot_driver AS (
                        PARTITION BY l.slot_id, r.online_id ORDER BY r.lobby_no, r.line)
                ) staged
                WHERE lobby_no <> first_no
                ORDER BY lobby_no, line"""
        )
        for line, online_id, first, label in cursor.fetchall():
            message = f"{online_id} is in lobbies {first!r} and {label!r} of one slot"
            errors.append((line, message, False))
        if not stored_elsewhere:
            return errors
        cursor.execute(
            f"""SELECT r.line, r.online_id, stored.label
                FROM {_STAGED_ENTRANTS}
                JOIN {RaceResult._meta.db_table} res
                    ON res.slot_id = l.slot_id AND res.registration_id = reg.id
                JOIN {Lobby._meta.db_table} stored ON stored.id = res.lobby_id
                WHERE NOT EXISTS (
                    SELECT 1 FROM {STAGED_LOBBIES} f
                    WHERE f.slot_id = l.slot_id AND f.label = stored.label)
                ORDER BY r.lobby_no, r.line"""
        )
        for line, online_id, label in cursor.fetchall():
            message = f"{online_id} already has a result in lobby {label!r} of this slot"
            errors.append((line, message, True))
    return errors


def _parse(rows: Iterable[csvfiles.Row], report) -> Iterator[_Result]:
    """The rows as results, one at a time; a row with a problem is reported and left out."""
    # A lobby's rows come together: its columns are read once per run of rows (a memo of
    # every lobby would grow with the file).
    raw: tuple[str, ...] | None = None
    for row in rows:
        values = row.values
        if "__error__" in values:
            report.error(row.line, values["__error__"])
            continue
        columns = tuple(values[column] for column in LOBBY_COLUMNS)
        if columns != raw:
            raw, lobby = columns, _parse_lobby(*columns)
        problems = list(lobby.problems)
        position = csvfiles.whole_number(values["position"], minimum=1)
        if position is None:
            problems.append(f"position must be 1 or more, not {values['position']!r}")
        if values["status"] not in rules.RESULT_STATUSES:
            problems.append(f"status must be FIN, DNF or DSQ, not {values['status']!r}")
        dr_points = csvfiles.dr_points(values["dr_points"], problems)
        problems += lobby.label_problems
        if problems:
            report.error(row.line, "; ".join(problems))
            continue
        assert position is not None and dr_points is not None  # else a problem was added
        yield _Result(
            row.line, lobby.key, values["online_id"], position, values["status"], dr_points
        )


class _ParsedLobby(NamedTuple):
    key: tuple
    problems: tuple[str, ...]  # of its time and round: a row's own come after them
    label_problems: tuple[str, ...]  # of its label: they come last


def _parse_lobby(
    season: str, round_: str, slot_start: str, region: str, league: str, label: str
) -> _ParsedLobby:
    problems = []
    start = csvfiles.utc_time(slot_start)
    if start is None:
        problems.append(
            f"slot_start_utc must be ISO 8601 in UTC like 2024-04-17T13:00:00Z, not {slot_start!r}"
        )
    round_number = csvfiles.whole_number(round_, minimum=1)
    if round_number is None:
        problems.append(f"round must be a round number, not {round_!r}")
    label_problems = []
    if not label:
        label_problems.append("lobby is empty")
    elif len(label) > LABEL_LENGTH:
        label_problems.append(f"lobby is longer than {LABEL_LENGTH} characters")
    key = (season, round_number, start, region, league, label)
    return _ParsedLobby(key, tuple(problems), tuple(label_problems))


def _resolve_slots(lobbies: dict[tuple, _FileLobby], seasons, report) -> dict[tuple, EntrySlot]:
    """The slot of each lobby key; a key without one gets an error naming its rows."""
    wanted_rounds = {(key[0], key[1]) for key in lobbies}
    rounds = {
        (r.season.label, r.number): r
        for r in Round.objects.select_related("season").filter(
            season__in=[seasons[s] for s, _ in wanted_rounds if s in seasons],
            number__in={n for _, n in wanted_rounds},
        )
    }
    slots = {
        (slot.round_id, slot.region, slot.league, slot.starts_at): slot
        for slot in EntrySlot.objects.select_related("round__season").filter(
            round__in=rounds.values(), starts_at__in={key[2] for key in lobbies}
        )
    }
    found = {}
    for key, lobby in lobbies.items():
        season_label, number, start, region, league, label = key
        where = lobby.rows()
        if season_label not in seasons:
            report.refuse(f"{where}: unknown season {season_label!r}")
            continue
        round_ = rounds.get((season_label, number))
        if round_ is None:
            report.refuse(f"{where}: season {season_label} has no round {number}")
            continue
        if round_.is_closed:
            report.refuse(
                f"{where}: round {number} of {season_label} is closed; its results are final"
            )
            report.conflicts += 1
            continue
        slot = slots.get((round_.pk, region, league, start))
        if slot is None:
            report.refuse(
                f"{where}: round {number} has no {region} {league} slot starting at "
                f"{start:%Y-%m-%dT%H:%M:%SZ}"
            )
            continue
        found[key] = slot
    return found


def _check_lobby(key, slot, members: list[_Staged], report) -> bool:
    ok = True
    season_label = key[0]
    first_line: dict[str, int] = {}
    for result in members:
        first = first_line.setdefault(result.online_id, result.line)
        if first != result.line:
            report.error(
                result.line,
                f"{result.online_id} is in lobby {key[5]!r} twice (also row {first}); "
                "a driver races once per lobby",
            )
            ok = False
        if result.registration_id is None:
            report.error(
                result.line, f"{result.online_id!r} is not registered for season {season_label}"
            )
            ok = False
        elif (result.region, result.league) != (slot.region, slot.league):
            report.error(
                result.line,
                f"{result.online_id} races in {result.region} {result.league}, "
                f"not in this {slot.region} {slot.league} slot",
            )
            ok = False
    positions = sorted(result.position for result in members)
    if positions != list(range(1, len(members) + 1)):
        report.refuse(
            f"{_lines(members)}: lobby {key[5]!r} positions must be 1 to {len(members)}, each once"
        )
        ok = False
    if len(members) > rules.LOBBY_MAX_DRIVERS:
        report.refuse(
            f"{_lines(members)}: lobby {key[5]!r} has {len(members)} drivers; "
            f"at most {rules.LOBBY_MAX_DRIVERS} race in a lobby"
        )
        ok = False
    return ok


class _Planned(NamedTuple):
    registration_id: int
    position: int
    status: str
    dr_points: int
    points: int


class _StoredLobby(NamedTuple):
    id: int
    sof: int


def _stored_lobbies(slot_ids: set[int]) -> dict[tuple[int, str], _StoredLobby]:
    """The stored lobbies of the file's slots by (slot, label): a few per slot, not rows."""
    return {
        (slot_id, label): _StoredLobby(pk, sof)
        for pk, slot_id, label, sof in Lobby.objects.filter(slot_id__in=slot_ids).values_list(
            "pk", "slot_id", "label", "sof"
        )
    }


class _Stored(NamedTuple):
    """A stored result of a lobby the file repeats, as the plan and the preview compare it."""

    lobby_id: int
    registration_id: int
    online_id: str
    position: int
    status: str
    finished_at: int
    finished_as: str
    dr_points: int
    points: int


@dataclass(slots=True)
class _LobbyPlan:
    slot: EntrySlot
    label: str
    sof: int
    results: list[_Planned]
    changed: bool
    stored: _StoredLobby | None  # the lobby of the same slot and label already stored
    stored_results: list[_Stored]


def _stored_results(lobby_ids: list[int]) -> dict[int, list[_Stored]]:
    stored: dict[int, list[_Stored]] = defaultdict(list)
    rows = RaceResult.objects.filter(lobby_id__in=lobby_ids).values_list(
        "lobby_id",
        "registration_id",
        "registration__driver__online_id",
        "position",
        "status",
        Coalesce("finish_position", "position"),
        Coalesce(NullIf("finish_status", Value("")), "status"),
        "dr_points",
        "points",
    )
    for row in rows:
        stored[row[0]].append(_Stored(*row))
    return stored


def _plan(checked, stored_lobbies, report) -> list[_LobbyPlan]:
    """Each checked lobby's SOF and points, and whether it changes what is stored.

    A stored lobby is compared as its classification and as its finishing order (they
    differ once stewards decided on it): a file repeating either changes nothing.
    """
    repeated = [
        stored_lobbies[(slot.pk, key[5])].id
        for key, slot, _ in checked
        if (slot.pk, key[5]) in stored_lobbies
    ]
    stored = _stored_results(repeated) if repeated else {}
    plan = []
    for key, slot, members in checked:
        scheme = rules.POINTS_SCHEMES[slot.round.season.points_scheme]
        sof = rules.strength_of_field(result.dr_points for result in members)
        results = [
            _Planned(
                r.registration_id,
                r.position,
                r.status,
                r.dr_points,
                scheme(r.position, len(members), sof, r.status),
            )
            for r in members
        ]
        lobby = stored_lobbies.get((slot.pk, key[5]))
        rows = stored.get(lobby.id, []) if lobby is not None else []
        new = {result[:4] for result in results}
        classified = {(s.registration_id, s.position, s.status, s.dr_points) for s in rows}
        finishing = {(s.registration_id, s.finished_at, s.finished_as, s.dr_points) for s in rows}
        changed = not rows or new not in (classified, finishing)
        if not rows:
            report.created += 1
        elif changed:
            report.replaced += 1
        else:
            report.unchanged += 1
        plan.append(_LobbyPlan(slot, key[5], sof, results, changed, lobby, rows))
    return plan


@dataclass(frozen=True, slots=True)
class RowPreview:
    """One row of a previewed lobby: what it will be, and what the stored lobby has for it."""

    position: int
    online_id: str
    status: str
    dr_points: int
    points: int
    old: tuple[int, str, int] | None = None  # position, status, points before the import

    @property
    def changed(self) -> bool:
        return self.old is not None and self.old != (self.position, self.status, self.points)


@dataclass(slots=True)
class LobbyPreview:
    """A lobby of the file as it will be imported: new, or replacing the stored one."""

    slot: EntrySlot
    label: str
    sof: int
    rows: list[RowPreview]
    old_sof: int | None = None  # None: a new lobby
    removed: list[str] = field(default_factory=list)  # drivers of the stored lobby not in the file

    @property
    def is_new(self) -> bool:
        return self.old_sof is None


def _preview(plan: list[_LobbyPlan], checked) -> list[LobbyPreview]:
    """Each planned lobby with its classification, SOF, points and the stored rows it replaces."""
    previews = []
    for item, (_, _, members) in zip(plan, checked, strict=True):
        before = {s.online_id: (s.position, s.status, s.points) for s in item.stored_results}
        rows = sorted(
            (
                RowPreview(
                    planned.position,
                    result.online_id,
                    planned.status,
                    planned.dr_points,
                    planned.points,
                    before.get(result.online_id),
                )
                for planned, result in zip(item.results, members, strict=True)
            ),
            key=lambda row: row.position,
        )
        in_file = {result.online_id for result in members}
        previews.append(
            LobbyPreview(
                item.slot,
                item.label,
                item.sof,
                rows,
                item.stored.sof if item.stored_results and item.stored else None,
                sorted(set(before) - in_file),
            )
        )
    return previews


class _Writer:
    """Writes the planned lobbies that change (new or replaced), a batch at a time, in the
    import's transaction; the readings and the ``lobbies_rewritten`` signal at the end."""

    def __init__(self, *, server: RaceServer | None, round_ids: set[int]) -> None:
        self.server, self.round_ids = server, round_ids
        self.now = timezone.now()
        self.written: list[int] = []
        self.rewritten: list[int] = []

    def write(self, plan: list[_LobbyPlan]) -> None:
        new = [item for item in plan if item.changed and item.stored is None]
        replaced = [(item, item.stored) for item in plan if item.changed and item.stored]
        stored_ids = [stored.id for _, stored in replaced]
        RaceResult.objects.filter(lobby_id__in=stored_ids).delete()
        lobbies = [
            Lobby(
                slot=item.slot,
                label=item.label,
                posted_by=self.server,
                sof=item.sof,
                starters=len(item.results),
                imported_at=self.now,
            )
            for item in new
        ]
        Lobby.objects.bulk_create(lobbies, batch_size=2000)
        Lobby.objects.bulk_update(
            [
                Lobby(
                    pk=stored.id,
                    sof=item.sof,
                    starters=len(item.results),
                    imported_at=self.now,
                    replaced_by=self.server,
                    replaced_at=self.now,
                )
                for item, stored in replaced
            ],
            ["sof", "starters", "imported_at", "replaced_by", "replaced_at"],
            batch_size=2000,
        )
        written = [(lobby.pk, item) for lobby, item in zip(lobbies, new, strict=True)]
        written += [(stored.id, item) for item, stored in replaced]
        load_rows(
            RaceResult,
            ["lobby_id", "slot_id", *_Planned._fields],
            (
                (lobby_id, item.slot.pk, *planned)
                for lobby_id, item in written
                for planned in item.results
            ),
        )
        self.written += [lobby_id for lobby_id, _ in written]
        self.rewritten += stored_ids

    def finish(self) -> None:
        closed = Round.objects.select_for_update().filter(
            pk__in=self.round_ids, status=Round.Status.CLOSED
        )
        if closed.exists():
            raise Conflict("A round closed while importing; nothing was imported.")
        if self.written:
            record_result_ratings(lobby_ids=self.written)
        if self.rewritten:
            lobbies_rewritten.send(sender=Lobby, lobby_ids=self.rewritten)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _lines(members) -> str:
    lines = [result.line for result in members]
    return _span(min(lines), max(lines))


def _span(first: int, last: int) -> str:
    """How a refusal names the rows of a lobby: "Row 7" or "Rows 2-21"."""
    return f"Row {first}" if first == last else f"Rows {first}-{last}"
