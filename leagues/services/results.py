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
"""

import hashlib
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from leagues import csvfiles, rules
from leagues.bulk import load_rows
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
from leagues.services.ratings import record_result_ratings
from leagues.signals import lobbies_rewritten

ID_CHUNK = 5000
LABEL_LENGTH = cast(int, Lobby._meta.get_field("label").max_length)  # a CharField has one
KEY_LENGTH = cast(int, LobbyPost._meta.get_field("key").max_length)


# A round's file at a million registrations has over half a million rows: rows are
# read one at a time and kept as slotted records and tuples, never as model objects
# or dicts, so memory stays well under the file's own size times ten.
@dataclass(frozen=True, slots=True)
class _Result:
    line: int
    lobby_key: tuple
    online_id: str
    position: int
    status: str
    dr_points: int


def import_results(text: str, *, dry_run: bool = False) -> csvfiles.ImportReport:
    """Import a ``results.csv`` file, all lobbies or none."""
    report = csvfiles.ImportReport()
    try:
        results = _parse(csvfiles.iter_rows(text, csvfiles.RESULTS), report)
    except csvfiles.HeaderError as error:
        report.refuse(str(error))
        return report
    return _ingest(results, report, dry_run=dry_run)


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
    lobby_fields = list(csvfiles.RESULTS[:6])
    missing = [name for name in [*lobby_fields, "results"] if name not in payload]
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
        values = {name: _text(payload[name]) for name in lobby_fields}
        values.update({name: _text(result.get(name, "")) for name in csvfiles.RESULTS[6:]})
        rows.append(csvfiles.Row(index, values))
    return rows


def _text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    return str(value).strip()


def _ingest(
    results: list[_Result],
    report: csvfiles.ImportReport,
    *,
    dry_run: bool,
    server: RaceServer | None = None,
) -> csvfiles.ImportReport:
    seasons = seasons_by_label()
    lobbies: dict[tuple, list[_Result]] = defaultdict(list)
    for result in results:
        lobbies[result.lobby_key].append(result)
    with transaction.atomic():
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
        registrations = _resolve_registrations(results, seasons)
        checked = {}
        for key, members in lobbies.items():
            slot = slots.get(key)
            if slot is None:
                continue
            if _check_lobby(key, slot, members, registrations, report):
                checked[key] = (slot, members)
        stored = _stored_results(checked)
        _check_one_result_per_slot(checked, registrations, stored, report)
        if not report.ok:
            return report
        plan = _plan(checked, registrations, stored, report)
        if dry_run:
            report.lobbies = _preview(plan, [members for _, members in checked.values()])
        else:
            _write(plan, {slot.round_id for slot, _ in checked.values()}, server=server)
    return report


def _parse(rows: Iterable[csvfiles.Row], report) -> list[_Result]:
    parsed = []
    keys: dict[tuple, tuple] = {}
    for row in rows:
        if "__error__" in row.values:
            report.error(row.line, row.values["__error__"])
            continue
        problems = []
        start = csvfiles.utc_time(row["slot_start_utc"])
        if start is None:
            problems.append(
                f"slot_start_utc must be ISO 8601 in UTC like 2024-04-17T13:00:00Z, "
                f"not {row['slot_start_utc']!r}"
            )
        round_number = csvfiles.whole_number(row["round"], minimum=1)
        if round_number is None:
            problems.append(f"round must be a round number, not {row['round']!r}")
        position = csvfiles.whole_number(row["position"], minimum=1)
        if position is None:
            problems.append(f"position must be 1 or more, not {row['position']!r}")
        if row["status"] not in rules.RESULT_STATUSES:
            problems.append(f"status must be FIN, DNF or DSQ, not {row['status']!r}")
        dr_points = csvfiles.dr_points(row["dr_points"], problems)
        if not row["lobby"]:
            problems.append("lobby is empty")
        elif len(row["lobby"]) > LABEL_LENGTH:
            problems.append(f"lobby is longer than {LABEL_LENGTH} characters")
        if problems:
            report.error(row.line, "; ".join(problems))
            continue
        assert position is not None and dr_points is not None  # else a problem was added
        key = (row["season"], round_number, start, row["region"], row["league"], row["lobby"])
        key = keys.setdefault(key, key)
        parsed.append(_Result(row.line, key, row["online_id"], position, row["status"], dr_points))
    return parsed


def _resolve_slots(lobbies, seasons, report) -> dict[tuple, EntrySlot]:
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
    for key, members in lobbies.items():
        season_label, number, start, region, league, label = key
        where = _lines(members)
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


class _Entrant(NamedTuple):
    id: int
    region: str
    league: str


def _resolve_registrations(results, seasons) -> dict[tuple[int, str], _Entrant]:
    by_season = defaultdict(set)
    for result in results:
        season = seasons.get(result.lobby_key[0])
        if season is not None:
            by_season[season.pk].add(result.online_id)
    if connection.vendor == "postgresql":
        return _resolve_registrations_at_once(by_season)
    found = {}
    for season_id, online_ids in by_season.items():
        ids = sorted(online_ids)
        for start in range(0, len(ids), ID_CHUNK):
            # Keys reuse the file's id strings, entrants the two interned codes.
            chunk = {online_id: online_id for online_id in ids[start : start + ID_CHUNK]}
            for online_id, pk, region, league in Registration.objects.filter(
                season_id=season_id, driver__online_id__in=list(chunk)
            ).values_list("driver__online_id", "id", "region", "league"):
                entrant = _Entrant(pk, sys.intern(region), sys.intern(league))
                found[(season_id, chunk[online_id])] = entrant
    return found


def _resolve_registrations_at_once(by_season) -> dict[tuple[int, str], _Entrant]:
    """PostgreSQL: each season's registrations of the file's online ids in one query."""
    registration, driver = Registration._meta.db_table, Driver._meta.db_table
    found = {}
    codes: dict[str, str] = {}
    with connection.cursor() as cursor:
        for season_id, online_ids in by_season.items():
            # Keys reuse the file's id strings, entrants the interned codes.
            own = {online_id: online_id for online_id in online_ids}
            cursor.execute(
                f"""
                SELECT d.online_id, r.id, r.region, r.league
                FROM {driver} d JOIN {registration} r ON r.driver_id = d.id
                WHERE d.online_id = ANY(%s) AND r.season_id = %s
                """,
                [list(own), season_id],
            )
            for online_id, pk, region, league in cursor:
                entrant = _Entrant(
                    pk, codes.setdefault(region, region), codes.setdefault(league, league)
                )
                found[(season_id, own[online_id])] = entrant
    return found


def _check_lobby(key, slot, members, registrations, report) -> bool:
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
        registration = registrations.get((slot.round.season_id, result.online_id))
        if registration is None:
            report.error(
                result.line, f"{result.online_id!r} is not registered for season {season_label}"
            )
            ok = False
        elif (registration.region, registration.league) != (slot.region, slot.league):
            report.error(
                result.line,
                f"{result.online_id} races in {registration.region} {registration.league}, "
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


class _Stored(NamedTuple):
    """A stored result of one of the file's slots, as the checks and the plan compare it."""

    slot_id: int
    label: str
    registration_id: int
    position: int
    status: str
    finished_at: int
    finished_as: str
    dr_points: int


def _stored_results(checked) -> list[_Stored]:
    """The stored results of the file's slots, read once for the checks and the plan."""
    rows = RaceResult.objects.filter(
        slot_id__in={slot.pk for slot, _ in checked.values()}
    ).values_list(
        "slot_id",
        "lobby__label",
        "registration_id",
        "position",
        "status",
        Coalesce("finish_position", "position"),
        Coalesce(NullIf("finish_status", Value("")), "status"),
        "dr_points",
    )
    return [_Stored(*row) for row in rows]


def _check_one_result_per_slot(checked, registrations, stored: list[_Stored], report) -> None:
    """A driver races once per slot: within the file, and against lobbies already stored."""
    seen: dict[tuple[int, str], tuple] = {}
    for key, (slot, members) in checked.items():
        for result in members:
            other = seen.setdefault((slot.pk, result.online_id), key)
            if other != key:
                report.error(
                    result.line,
                    f"{result.online_id} is in lobbies {other[5]!r} and {key[5]!r} of one slot",
                )
    del seen
    replaced = {(slot.pk, key[5]) for key, (slot, _) in checked.items()}
    elsewhere = [row for row in stored if (row.slot_id, row.label) not in replaced]
    if not elsewhere:
        return
    registration_ids = {
        registrations[(slot.round.season_id, r.online_id)].id: r
        for slot, members in checked.values()
        for r in members
    }
    for row in elsewhere:
        result = registration_ids.get(row.registration_id)
        if result is not None:
            report.error(
                result.line,
                f"{result.online_id} already has a result in lobby {row.label!r} of this slot",
            )
            report.conflicts += 1


class _Planned(NamedTuple):
    registration_id: int
    position: int
    status: str
    dr_points: int
    points: int


@dataclass(slots=True)
class _LobbyPlan:
    slot: EntrySlot
    label: str
    sof: int
    results: list[_Planned]
    changed: bool
    lobby: Lobby | None = None


def _plan(checked, registrations, stored: list[_Stored], report) -> list[_LobbyPlan]:
    # A stored lobby as its classification and as its finishing order (they differ once
    # stewards decided on it): a file repeating either changes nothing.
    classified, finishing = defaultdict(set), defaultdict(set)
    for slot_id, label, entrant, position, status, finished_at, finished_as, dr in stored:
        classified[(slot_id, label)].add((entrant, position, status, dr))
        finishing[(slot_id, label)].add((entrant, finished_at, finished_as, dr))
    plan = []
    for key, (slot, members) in checked.items():
        scheme = rules.POINTS_SCHEMES[slot.round.season.points_scheme]
        sof = rules.strength_of_field(result.dr_points for result in members)
        results = [
            _Planned(
                registrations[(slot.round.season_id, r.online_id)].id,
                r.position,
                r.status,
                r.dr_points,
                scheme(r.position, len(members), sof, r.status),
            )
            for r in members
        ]
        new = {result[:4] for result in results}
        stored_key = (slot.pk, key[5])
        changed = new not in (classified.get(stored_key), finishing.get(stored_key))
        if stored_key not in classified:
            report.created += 1
        elif changed:
            report.replaced += 1
        else:
            report.unchanged += 1
        plan.append(_LobbyPlan(slot, key[5], sof, results, changed))
    report.notes.append(f"{sum(len(p.results) for p in plan)} result(s) in {len(plan)} lobby(ies).")
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


def _preview(plan: list[_LobbyPlan], members: list[list[_Result]]) -> list[LobbyPreview]:
    """Each planned lobby with its classification, SOF, points and the stored rows it replaces."""
    stored: dict[tuple, dict[str, tuple[int, str, int]]] = defaultdict(dict)
    sofs = {}
    for slot_id, label, sof, online_id, position, status, points in RaceResult.objects.filter(
        slot_id__in={item.slot.pk for item in plan}
    ).values_list(
        "slot_id",
        "lobby__label",
        "lobby__sof",
        "registration__driver__online_id",
        "position",
        "status",
        "points",
    ):
        sofs[(slot_id, label)] = sof
        stored[(slot_id, label)][online_id] = (position, status, points)
    previews = []
    for item, results in zip(plan, members, strict=True):
        before = stored.get((item.slot.pk, item.label), {})
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
                for planned, result in zip(item.results, results, strict=True)
            ),
            key=lambda row: row.position,
        )
        in_file = {result.online_id for result in results}
        previews.append(
            LobbyPreview(
                item.slot,
                item.label,
                item.sof,
                rows,
                sofs.get((item.slot.pk, item.label)),
                sorted(set(before) - in_file),
            )
        )
    return previews


def _write(plan: list[_LobbyPlan], round_ids: set[int], *, server: RaceServer | None) -> None:
    """Write the lobbies that change (new or replaced); unchanged ones are left alone."""
    plan = [item for item in plan if item.changed]
    with transaction.atomic():
        closed = Round.objects.select_for_update().filter(
            pk__in=round_ids, status=Round.Status.CLOSED
        )
        if closed.exists():
            raise Conflict("A round closed while importing; nothing was imported.")
        if not plan:
            return
        wanted = {(item.slot.pk, item.label) for item in plan}
        candidates = Lobby.objects.filter(
            slot_id__in={slot_id for slot_id, _ in wanted}, label__in={label for _, label in wanted}
        )
        stored = {
            (lobby.slot_id, lobby.label): lobby
            for lobby in candidates
            if (lobby.slot_id, lobby.label) in wanted
        }
        RaceResult.objects.filter(lobby__in=list(stored.values())).delete()
        new_lobbies = []
        now = timezone.now()
        for item in plan:
            item.lobby = stored.get((item.slot.pk, item.label))
            if item.lobby is None:
                item.lobby = Lobby(slot=item.slot, label=item.label, posted_by=server)
                new_lobbies.append(item.lobby)
            else:
                item.lobby.replaced_by, item.lobby.replaced_at = server, now
            item.lobby.sof, item.lobby.starters = item.sof, len(item.results)
            item.lobby.imported_at = now
        Lobby.objects.bulk_create(new_lobbies, batch_size=2000)
        Lobby.objects.bulk_update(
            list(stored.values()),
            ["sof", "starters", "imported_at", "replaced_by", "replaced_at"],
            batch_size=2000,
        )
        load_rows(RaceResult, ["lobby_id", "slot_id", *_Planned._fields], _result_rows(plan))
        record_result_ratings(lobby_ids=[item.lobby.pk for item in plan if item.lobby is not None])
        if stored:
            lobbies_rewritten.send(sender=Lobby, lobby_ids=[lobby.pk for lobby in stored.values()])


def _result_rows(plan: list[_LobbyPlan]) -> Iterator[tuple]:
    """The plan's results as table rows (lobby, slot, then ``_Planned``), made as written."""
    for item in plan:
        assert item.lobby is not None  # saved before the results
        lobby_id, slot_id = item.lobby.pk, item.slot.pk
        for planned in item.results:
            yield (lobby_id, slot_id, *planned)


def _lines(members) -> str:
    lines = sorted(result.line for result in members)
    return f"Row {lines[0]}" if len(lines) == 1 else f"Rows {lines[0]}-{lines[-1]}"
