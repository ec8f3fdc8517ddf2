"""The rulebook of the live events as pure functions (no ORM, no Django).

Finalist selection with quotas and alternates, the classification of a
session from times plus penalties, grid derivation, championship points,
the World Finals mini-championship and prediction scoring. Keys are opaque
hashables (driver ids in the services, strings in the tests): each function is
generic in its key type ``K``, so a caller gets back keys of the type it gave.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
Team = TypeVar("Team", bound=Hashable)

# Defaults of a season's live-event settings (2024).
DEFAULT_REGION_QUOTAS = {"NA": 2, "CSA": 2, "EMEA": 4, "ASIA": 3, "OCE": 1}
DEFAULT_MAX_PER_COUNTRY = 2
DEFAULT_ROUND_POINTS = (6, 5, 4, 3, 2, 1)
DEFAULT_FINAL_POINTS = (12, 10, 8, 7, 6, 5, 4, 3, 2, 1)
DEFAULT_GRAND_FINAL_MULTIPLIER = 2
DEFAULT_TEAM_SIZE = 3
DEFAULT_PREDICTION_CREDITS = 1_000_000
DEFAULT_WATCH_CREDITS = 250_000
# How long a session is live when the organiser gave no end time.
DEFAULT_SESSION_LENGTH = dt.timedelta(hours=2)

SELECTED, ALTERNATE, SKIPPED, DECLINED = "SELECTED", "ALTERNATE", "SKIPPED", "DECLINED"
FIN, DNF, DSQ = "FIN", "DNF", "DSQ"


# --- Finalist selection -------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate(Generic[K]):
    """A driver who could be invited, in the order they are considered.

    ``reasons`` are the eligibility refusals (empty: eligible); ``override``
    is an organiser's recorded decision to invite an ineligible driver anyway.
    """

    key: K
    region: str
    country: str
    reasons: tuple[str, ...] = ()
    declined: bool = False
    by_hand: bool = False
    override: bool = False


@dataclass(frozen=True)
class Pick(Generic[K]):
    key: K
    status: str
    reason: str = ""
    seed: int | None = None  # 1..n within the region for SELECTED and ALTERNATE


def select_finalists(
    candidates: Sequence[Candidate[K]], quotas: dict[str, int], max_per_country: int
) -> list[Pick[K]]:
    """Fill each region's spots in candidate order, skipping ineligible and declining drivers.

    Drivers added by hand are considered first (the caller orders them so),
    then the regional standings. Eligible drivers left over once a region is
    full are its alternates, in order: when a finalist declines, the next one
    moves up because the selection is simply run again.
    """
    per_region: Counter[str] = Counter()
    per_country: Counter[str] = Counter()
    alternates: Counter[str] = Counter()
    picks: list[Pick[K]] = []
    for candidate in candidates:
        if candidate.declined:
            picks.append(Pick(candidate.key, DECLINED, "Declined the invitation."))
        elif candidate.reasons and not candidate.override:
            picks.append(Pick(candidate.key, SKIPPED, " ".join(candidate.reasons)))
        elif quotas.get(candidate.region, 0) == 0:
            picks.append(Pick(candidate.key, SKIPPED, f"{candidate.region} has no spot."))
        elif per_country[candidate.country] >= max_per_country:
            picks.append(
                Pick(
                    candidate.key,
                    SKIPPED,
                    f"{candidate.country} already has {max_per_country} finalists "
                    "(the maximum per country).",
                )
            )
        elif per_region[candidate.region] < quotas[candidate.region]:
            per_region[candidate.region] += 1
            per_country[candidate.country] += 1
            picks.append(Pick(candidate.key, SELECTED, seed=per_region[candidate.region]))
        else:
            alternates[candidate.region] += 1
            picks.append(Pick(candidate.key, ALTERNATE, seed=alternates[candidate.region]))
    return picks


def quota_errors(quotas: dict[str, int], total: int, regions: Iterable[str]) -> list[str]:
    """Every reason a set of region quotas is invalid (empty when valid)."""
    errors = []
    unknown = sorted(set(quotas) - set(regions))
    if unknown:
        errors.append(f"Unknown regions in the quotas: {', '.join(unknown)}.")
    if any(not isinstance(spots, int) or spots < 0 for spots in quotas.values()):
        errors.append("Each region's spots must be a whole number, 0 or more.")
    elif sum(quotas.values()) != total:
        errors.append(
            f"The regions' spots add up to {sum(quotas.values())}, "
            f"but the season has {total} finalists."
        )
    return errors


# --- Timing sheets and classification ----------------------------------------------------


@dataclass(frozen=True)
class Timing(Generic[K]):
    """One line of a session's timing sheet as the organiser typed it.

    ``finish_position`` is the order across the line (for qualifying, the
    order of best laps); ``time_ms`` is the total race time, or the best lap
    in qualifying. Penalties come from the stewards, never from this line.
    """

    key: K
    finish_position: int
    status: str = FIN
    laps: int = 0
    time_ms: int | None = None
    penalty_ms: int = 0
    disqualified: bool = False
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or str(self.key)


@dataclass(frozen=True)
class Classified(Generic[K]):
    key: K
    position: int
    status: str
    laps: int
    adjusted_ms: int | None
    gap_ms: int | None = None
    laps_behind: int = 0
    penalty_ms: int = 0


def classify(timings: Iterable[Timing[K]]) -> list[Classified[K]]:
    """The official classification: finishers by laps then time plus penalties, then
    non-finishers by laps covered, then the disqualified; positions 1..n."""
    rows = list(timings)
    finishers = [t for t in rows if not t.disqualified and t.status == FIN]
    retired = [t for t in rows if not t.disqualified and t.status != FIN]
    disqualified = [t for t in rows if t.disqualified]
    finishers.sort(key=lambda t: (-t.laps, (t.time_ms or 0) + t.penalty_ms, t.finish_position))
    retired.sort(key=lambda t: (-t.laps, t.finish_position))
    disqualified.sort(key=lambda t: t.finish_position)
    leader = finishers[0] if finishers else None
    result = []
    for position, t in enumerate(finishers + retired + disqualified, start=1):
        status = DSQ if t.disqualified else t.status
        adjusted = gap = laps_behind = None
        if status == FIN and leader is not None:
            adjusted = (t.time_ms or 0) + t.penalty_ms
            laps_behind = leader.laps - t.laps
            gap = adjusted - (leader.time_ms or 0) - leader.penalty_ms if not laps_behind else None
        result.append(
            Classified(
                key=t.key,
                position=position,
                status=status,
                laps=t.laps,
                adjusted_ms=adjusted,
                gap_ms=gap,
                laps_behind=laps_behind or 0,
                penalty_ms=t.penalty_ms,
            )
        )
    return result


def timing_sheet_errors(timings: Sequence[Timing[K]], entrants: Iterable[K]) -> list[str]:
    """Every reason a session's timing sheet cannot be accepted (empty when it can)."""
    errors = []
    entrant_set = set(entrants)
    for t in timings:
        if t.key not in entrant_set:
            errors.append(f"{t.name} is not an entrant of this event.")
    for key, count in Counter(t.key for t in timings).items():
        if count > 1:
            name = next(t.name for t in timings if t.key == key)
            errors.append(f"{name} appears {count} times.")
    by_position: dict[int, list[Timing[K]]] = defaultdict(list)
    for t in timings:
        by_position[t.finish_position].append(t)
    for position, rows in sorted(by_position.items()):
        if len(rows) > 1:
            names = " and ".join(t.name for t in rows)
            errors.append(f"Two drivers are in position {position}: {names}.")
    if set(by_position) != set(range(1, len(timings) + 1)) and len(by_position) == len(timings):
        errors.append(f"Positions must run from 1 to {len(timings)} without gaps.")
    for t in timings:
        if t.status == FIN and t.time_ms is None:
            errors.append(f"{t.name} finished (P{t.finish_position}) but has no time.")
        if t.time_ms is not None and t.time_ms <= 0:
            errors.append(f"{t.name}'s time must be positive.")
    timed = sorted(
        (t for t in timings if t.status == FIN and t.time_ms is not None),
        key=lambda t: t.finish_position,
    )
    for ahead, behind in zip(timed, timed[1:]):
        if (-behind.laps, behind.time_ms) < (-ahead.laps, ahead.time_ms):
            errors.append(
                f"Times out of order: {behind.name} (P{behind.finish_position}) is faster "
                f"than {ahead.name} (P{ahead.finish_position}) over as many laps."
            )
    retired_ahead = [
        t
        for t in timings
        if t.status != FIN and any(f.finish_position > t.finish_position for f in timed)
    ]
    for t in retired_ahead:
        errors.append(
            f"{t.name} did not finish but is placed P{t.finish_position}, ahead of a finisher."
        )
    return errors


def format_ms(ms: int | None) -> str:
    """A time as m:ss.mmm (or h:mm:ss.mmm), '' for none."""
    if ms is None:
        return ""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{minutes}:{seconds:02d}.{millis:03d}"


def format_gap(classified: Classified[K]) -> str:
    """'+1.234', '+1 lap', '' for the leader."""
    if classified.status != FIN:
        return classified.status
    if classified.laps_behind:
        plural = "s" if classified.laps_behind > 1 else ""
        return f"+{classified.laps_behind} lap{plural}"
    if not classified.gap_ms:
        return ""
    return f"+{classified.gap_ms / 1000:.3f}"


# --- Grids ---------------------------------------------------------------------------------


def derive_grid(previous_order: Sequence[K], entrants: Sequence[K]) -> list[K]:
    """A session's grid: the previous session's classification, then any entrant it lacks
    (in entry order) at the back."""
    entrant_set = set(entrants)
    grid = [key for key in previous_order if key in entrant_set]
    seen = set(grid)
    return grid + [key for key in entrants if key not in seen]


def move_on_grid(grid: Sequence[K], key: K, position: int) -> list[K]:
    """The grid with ``key`` moved to ``position`` (1-based, clamped); the others close up."""
    if key not in grid:
        raise ValueError(f"{key} is not on the grid")
    order = [k for k in grid if k != key]
    index = min(max(position, 1), len(grid)) - 1
    order.insert(index, key)
    return order


def grid_penalty(grid: Sequence[K], key: K, places: int) -> list[K]:
    """The grid with ``key`` dropped ``places`` places (not beyond the back)."""
    return move_on_grid(grid, key, list(grid).index(key) + 1 + places)


# --- Points --------------------------------------------------------------------------------


def points_for(position: int, table: Sequence[int]) -> int:
    """Points for a classified position under ``table`` (0 beyond it)."""
    return table[position - 1] if 1 <= position <= len(table) else 0


def race_points(classification: Sequence[Classified[K]], table: Sequence[int]) -> dict[K, int]:
    """Points of one race: only finishers score, by their classified position."""
    return {c.key: points_for(c.position, table) for c in classification if c.status == FIN}


@dataclass(frozen=True)
class TableRow(Generic[K]):
    key: K
    rank: int
    total: int
    per_event: tuple[int, ...] = ()
    carried: int = 0
    grand_final_position: int | None = None


def shared_ranks(sort_keys: Sequence[tuple]) -> list[int]:
    """1 + the number strictly ahead, for each sort key (lower sorts first)."""
    ordered = sorted(sort_keys)
    first: dict[tuple, int] = {}
    for index, key in enumerate(ordered):
        first.setdefault(key, index)
    return [first[key] + 1 for key in sort_keys]


def championship_table(
    event_points: Sequence[Mapping[K, int]], keys: Iterable[K] = ()
) -> list[TableRow[K]]:
    """The championship before the World Finals: each event's points added up.

    Equal totals share a rank; ``keys`` adds drivers who scored nothing yet.
    """
    everyone = list(dict.fromkeys([*keys, *(k for points in event_points for k in points)]))
    rows = []
    for key in everyone:
        per_event = tuple(points.get(key, 0) for points in event_points)
        rows.append((key, per_event, sum(per_event)))
    ranks = shared_ranks([(-total,) for _, _, total in rows])
    table = [
        TableRow(key=key, rank=rank, total=total, per_event=per_event)
        for (key, per_event, total), rank in zip(rows, ranks)
    ]
    return sorted(table, key=lambda row: (row.rank, str(row.key)))


def world_final_table(
    *,
    carried: Mapping[K, int],
    races: Sequence[Sequence[Classified[K]]],
    table: Sequence[int] = DEFAULT_FINAL_POINTS,
    grand_final_multiplier: int = DEFAULT_GRAND_FINAL_MULTIPLIER,
) -> list[TableRow[K]]:
    """The World Finals mini-championship: carried points plus each race's points, the last
    race (the Grand Final) counting ``grand_final_multiplier`` times; equal totals are split
    by the better Grand Final finish (a driver without one is behind)."""
    per_race = [race_points(race, table) for race in races]
    if per_race:
        per_race[-1] = {k: v * grand_final_multiplier for k, v in per_race[-1].items()}
    grand_final = {c.key: c.position for c in races[-1]} if races else {}
    everyone = list(dict.fromkeys([*carried, *(c.key for race in races for c in race)]))
    rows = []
    for key in everyone:
        points = tuple(race.get(key, 0) for race in per_race)
        total = carried.get(key, 0) + sum(points)
        rows.append((key, points, total, grand_final.get(key)))
    sort_keys = [
        (-total, position if position is not None else 10**6) for _, _, total, position in rows
    ]
    ranks = shared_ranks(sort_keys)
    result = [
        TableRow(
            key=key,
            rank=rank,
            total=total,
            per_event=points,
            carried=carried.get(key, 0),
            grand_final_position=position,
        )
        for (key, points, total, position), rank in zip(rows, ranks)
    ]
    return sorted(result, key=lambda row: (row.rank, str(row.key)))


def team_points(driver_points: Mapping[K, int], team_of: Mapping[K, Team]) -> dict[Team, int]:
    """Each team's points: its drivers' points added up (drivers without a team ignored)."""
    totals: dict[Team, int] = defaultdict(int)
    for key, team in team_of.items():
        totals[team] += driver_points.get(key, 0)
    return dict(totals)


@dataclass(frozen=True)
class TeamCandidate:
    """A driver named for a team: ``nation`` is theirs as a finalist (None: not an eligible
    finalist of the season), ``other_team`` the name of the team that already has them."""

    key: Hashable
    label: str
    nation: str | None
    other_team: str = ""


def team_formation_errors(
    *,
    team_season: bool,
    size: int,
    name: str,
    nation: str,
    nation_label: str,
    members: Sequence[TeamCandidate],
    names_taken: Iterable[str] = (),
    nations_taken: Iterable[str] = (),
) -> list[str]:
    """Every reason a national team cannot be formed (or changed) as given.

    A team is ``size`` distinct eligible finalists of its own nation, none already in
    another team of the season; its name and its nation are the season's only once.
    """
    if not team_season:
        return ["The season's live events are individual: set the team format to form teams."]
    errors = []
    if not name.strip():
        errors.append("Give the team a name.")
    elif name.strip().casefold() in {taken.casefold() for taken in names_taken}:
        errors.append(f"Another team of the season is already called {name.strip()}.")
    if nation in set(nations_taken):
        errors.append(f"{nation_label} already has a team this season.")
    keys = [member.key for member in members]
    if len(set(keys)) != len(keys):
        errors.append("A driver is named twice.")
    if len(set(keys)) != size:
        errors.append(f"A team has {size} drivers; {len(set(keys))} are named.")
    for member in members:
        if member.nation is None:
            errors.append(f"{member.label} is not an eligible finalist of the season.")
        elif member.nation != nation:
            errors.append(f"{member.label} races for another nation than {nation_label}.")
        if member.other_team:
            errors.append(f"{member.label} is already in the team {member.other_team}.")
    return errors


# --- Predictions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictionScore:
    winner_correct: bool
    points: int
    podium_hits: int = 0


def score_prediction(
    *, winner: K, second: K | None, third: K | None, podium: Sequence[K]
) -> PredictionScore:
    """3 points for the winner, 1 more for each exact 2nd and 3rd place."""
    winner_correct = bool(podium) and podium[0] == winner
    hits = sum(
        1
        for index, pick in ((1, second), (2, third))
        if pick is not None and len(podium) > index and podium[index] == pick
    )
    return PredictionScore(
        winner_correct=winner_correct, points=(3 if winner_correct else 0) + hits, podium_hits=hits
    )


# --- Live sessions -------------------------------------------------------------------------


def session_end(starts_at: dt.datetime, ends_at: dt.datetime | None) -> dt.datetime:
    """When a session stops being live: its planned end, else two hours after its start."""
    return ends_at if ends_at is not None else starts_at + DEFAULT_SESSION_LENGTH


def is_live(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None,
    confirmed: bool,
    now: dt.datetime,
) -> bool:
    """A session is live from its start until its end, or until its results are confirmed
    if that comes first: the window of live timing and of watch rewards."""
    return not confirmed and starts_at <= now < session_end(starts_at, ends_at)


# --- Live timing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RunningPosition(Generic[K]):
    """A line of the running order a timing system posts while a session runs."""

    key: K
    position: int
    laps: int = 0
    gap_ms: int | None = None
    best_lap_ms: int | None = None
    pit_stops: int = 0


def running_order_errors(order: Sequence[RunningPosition[K]], entrants: Iterable[K]) -> list[str]:
    """Every reason a posted running order cannot be shown: drivers not entered in the
    event, drivers listed twice, positions that are not 1..n once each."""
    if not order:
        return ["The running order is empty."]
    errors = []
    entrant_set = set(entrants)
    unknown = [str(row.key) for row in order if row.key not in entrant_set]
    if unknown:
        errors.append("Not entered in this event: " + ", ".join(sorted(unknown)) + ".")
    twice = sorted(str(key) for key, n in Counter(row.key for row in order).items() if n > 1)
    if twice:
        errors.append("Listed more than once: " + ", ".join(twice) + ".")
    positions = sorted(row.position for row in order)
    if positions != list(range(1, len(order) + 1)):
        errors.append(
            f"Positions must run from 1 to {len(order)}, once each; got "
            + ", ".join(str(p) for p in positions)
            + "."
        )
    return errors


def format_running_gap(row: RunningPosition, leader_laps: int) -> str:
    """'+1.234' behind the leader, '+2 laps' when lapped, '' for the leader."""
    if row.position == 1:
        return ""
    behind = leader_laps - row.laps
    if behind > 0:
        return f"+{behind} lap{'s' if behind > 1 else ''}"
    if row.gap_ms is None:
        return ""
    return f"+{row.gap_ms / 1000:.3f}"


def provisional_classification(order: Sequence[RunningPosition]) -> list[Classified]:
    """The running order as if the race ended now: everyone classified where they run."""
    return [
        Classified(row.key, row.position, FIN, row.laps, None)
        for row in sorted(order, key=lambda r: r.position)
    ]
