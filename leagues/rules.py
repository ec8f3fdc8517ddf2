"""The rulebook of the online season as pure functions (no ORM, no Django).

Each rule of ``shared/domain.md`` and ``shared/points.md`` lives here once;
services and selectors call these, and the set-wise SQL of the standings is
tested against them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

REGIONS = ("NA", "CSA", "EMEA", "ASIA", "OCE")
LEAGUES = ("GT1", "GT2", "GT3")
TIERS = ("REGIONAL", "DOMESTIC", "MAIN_AREA", "SECONDARY_AREA")
MEDALS = ("GOLD", "SILVER", "BRONZE")
RESULT_STATUSES = ("FIN", "DNF", "DSQ")
SR_GRADES = ("E", "D", "C", "B", "A", "S")

DR_MIN, DR_MAX = 0, 100_000
# Lower bound of each grade in DR points (default thresholds), best grade first.
DR_GRADE_THRESHOLDS = (("A+", 50_000), ("A", 30_000), ("B", 10_000), ("C", 4_000), ("D", 0))
RATED_RACES_FOR_GRADE = 5
GT1_MIN_DR = 30_000
GT2_MIN_DR = 10_000

# Medal bands: a rank at or above ceil(percent * N / 100) earns the medal.
MEDAL_PERCENTS = (("GOLD", 5), ("SILVER", 25), ("BRONZE", 75))

LOBBY_MAX_DRIVERS = 20
ENTRY_OPENS_BEFORE = dt.timedelta(minutes=15)

# Default slot hours (UTC) per region and league, in the order of the region's day.
DEFAULT_SLOT_HOURS: dict[str, dict[str, list[int]]] = {
    "ASIA": {"GT1": [10, 12, 14], "GT2": [2, 3, 4, 5, 6, 10, 11, 12, 13, 14]},
    "EMEA": {"GT1": [13, 15, 17], "GT2": [7, 8, 9, 10, 11, 13, 14, 15, 16, 17]},
    "CSA": {"GT1": [0, 2, 4], "GT2": [15, 16, 17, 18, 19, 0, 1, 2, 3, 4]},
    "NA": {"GT1": [0, 2, 4], "GT2": [14, 15, 16, 17, 18, 20, 21, 22, 23, 0]},
    "OCE": {"GT1": [9, 11, 13], "GT2": [22, 23, 0, 1, 2, 4, 5, 6, 7, 8]},
}
for _hours in DEFAULT_SLOT_HOURS.values():
    _hours["GT3"] = list(_hours["GT2"])


def dr_grade(dr_points: int, rated_races: int = RATED_RACES_FOR_GRADE) -> str:
    """The grade shown for a DR: E until the driver has enough rated races."""
    if rated_races < RATED_RACES_FOR_GRADE:
        return "E"
    for grade, lower in DR_GRADE_THRESHOLDS:
        if dr_points >= lower:
            return grade
    return "D"


def league_for_dr(dr_points: int) -> str:
    """The league a registration with this DR goes to (by points, not grade)."""
    if dr_points >= GT1_MIN_DR:
        return "GT1"
    if dr_points >= GT2_MIN_DR:
        return "GT2"
    return "GT3"


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def strength_of_field(dr_points: Iterable[int]) -> int:
    """SOF: the mean DR of a lobby's starters, rounded down (0 for no starter)."""
    values = list(dr_points)
    return sum(values) // len(values) if values else 0


def points(position: int, starters: int, sof: int, status: str = "FIN") -> int:
    """The default scheme of points.md: floor(sof*8*(100-4*(min(p,20)-1))/100000).

    ``starters`` is part of every scheme's signature; the default ignores it,
    as GT's own scheme no longer depends on the lobby size.
    """
    if status != "FIN":
        return 0
    share = 100 - 4 * (min(position, 20) - 1)
    return max(sof, 0) * 8 * share // 100_000


POINTS_SCHEMES = {"default": points}


def best_rounds(round_scores: dict[int, int], n: int) -> set[int]:
    """The round numbers whose scores count: the best ``n`` (earlier round wins a tie)."""
    ordered = sorted(round_scores.items(), key=lambda item: (-item[1], item[0]))
    return {number for number, _ in ordered[:n]}


def season_total(round_scores: dict[int, int], n: int) -> int:
    """Sum of the best ``n`` round scores."""
    return sum(round_scores[number] for number in best_rounds(round_scores, n))


# What orders a ranking, best first, each field descending: season total, then all
# rounds, then best round. Drivers equal on all of them share a rank; their display
# positions follow POSITION_TIE_BREAK, ascending. The one copy: the publication's SQL,
# the benchmark's reference and ``RankingKey`` all read these.
RANKING_ORDER = ("season_points", "all_points", "best_round")
POSITION_TIE_BREAK = "online_id"


@dataclass(frozen=True)
class RankingKey:
    """A driver's place in a ranking, by ``RANKING_ORDER``."""

    season_points: int
    all_points: int
    best_round: int

    def sort_key(self) -> tuple[int, ...]:
        return tuple(-getattr(self, field) for field in RANKING_ORDER)


def ranks(keys: Sequence[RankingKey]) -> list[int]:
    """Rank of each key: 1 + the number strictly ahead (ties share a rank)."""
    sorted_keys = sorted(k.sort_key() for k in keys)
    first_index: dict[tuple[int, ...], int] = {}
    for index, key in enumerate(sorted_keys):
        first_index.setdefault(key, index)
    return [first_index[k.sort_key()] + 1 for k in keys]


def medal_cutoffs(ranked: int) -> dict[str, int]:
    """The last rank of each medal in a ranking of ``ranked`` drivers (integer ceil)."""
    return {medal: (percent * ranked + 99) // 100 for medal, percent in MEDAL_PERCENTS}


def medal_for_rank(rank: int, ranked: int) -> str:
    """GOLD, SILVER, BRONZE or '' for a rank among ``ranked`` drivers."""
    for medal, cutoff in medal_cutoffs(ranked).items():
        if rank <= cutoff:
            return medal
    return ""


# Default reward table (GT2/GT3 credits); GT1 pays DEFAULT_GT1_MULTIPLIER times this.
DEFAULT_REWARDS: dict[str, dict[str, int]] = {
    "REGIONAL": {"GOLD": 1_500_000, "SILVER": 600_000, "BRONZE": 200_000},
    "DOMESTIC": {"GOLD": 1_250_000, "SILVER": 500_000, "BRONZE": 150_000},
    "MAIN_AREA": {"GOLD": 1_000_000, "SILVER": 400_000, "BRONZE": 100_000},
    "SECONDARY_AREA": {"GOLD": 750_000, "SILVER": 300_000, "BRONZE": 50_000},
}
DEFAULT_GT1_MULTIPLIER = 2


def reward_credits(
    table: dict[str, dict[str, int]], multiplier: int, league: str, tier: str, medal: str
) -> int:
    """Credits for one medal in one tier; GT1 gets the multiplier."""
    if not medal:
        return 0
    base = table[tier][medal]
    return base * multiplier if league == "GT1" else base


def plan_batches(ends: Iterable[int]) -> list[tuple[int, int]]:
    """The payout batches as registration-id ranges ``(after, upto]``, one ending at each of
    ``ends`` (ascending): contiguous from 0 and disjoint, so every registration up to the
    last end falls in exactly one. An end repeated (a registration whose awards straddle
    two batches of the count) makes no empty range."""
    ranges: list[tuple[int, int]] = []
    after = 0
    for upto in ends:
        if upto > after:
            ranges.append((after, upto))
            after = upto
    return ranges


# A season's life, in order: it only ever moves forward (a closed season stays closed).
SEASON_STATUSES = ("upcoming", "open", "running", "closed")


def season_status_moves_forward(current: str, new: str) -> bool:
    """Whether a season may go from ``current`` to ``new``: later in its life, never back."""
    return SEASON_STATUSES.index(new) > SEASON_STATUSES.index(current)


def default_reward_table(*, exhibition: bool) -> dict[str, dict[str, int]]:
    """The credits a season pays where its own table has no cell: the default table, or
    nothing at all for an exhibition season (it pays only from a table of its own)."""
    return {
        tier: {medal: 0 if exhibition else credits for medal, credits in medals.items()}
        for tier, medals in DEFAULT_REWARDS.items()
    }


def reward_table_errors(table: dict[str, dict[str, int]], multiplier: int) -> list[str]:
    """Every reason a reward table is invalid (empty when it is valid)."""
    errors = []
    if multiplier < 1:
        errors.append("The GT1 multiplier must be at least 1.")
    for tier in TIERS:
        for medal in MEDALS:
            if table[tier][medal] < 0:
                errors.append(f"{tier} {medal} credits must not be negative.")
        for better, worse in zip(MEDALS, MEDALS[1:]):
            if table[tier][better] < table[tier][worse]:
                errors.append(f"{tier}: {better} must pay at least as much as {worse}.")
    for medal in MEDALS:
        for higher, lower in zip(TIERS, TIERS[1:]):
            if table[higher][medal] < table[lower][medal]:
                errors.append(f"{medal}: {higher} must pay at least as much as {lower}.")
    return errors


def region_day_start_hour(hours_by_league: dict[str, list[int]]) -> int:
    """The first hour (UTC) of a region's racing day: the first GT2/GT3 slot."""
    return hours_by_league.get("GT3", hours_by_league.get("GT2", [0]))[0]


def slot_start(round_date: dt.date, hour: int, day_start_hour: int) -> dt.datetime:
    """UTC start of a slot: hours before the region's day start fall on the next UTC date."""
    day = round_date + dt.timedelta(days=1) if hour < day_start_hour else round_date
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


class Ineligibility(enum.Enum):
    """Why a driver may not race a live event. A code, not wording: the sentences shown to
    people (in their language) are in ``leagues/selectors/eligibility.py``."""

    NOT_REGISTERED = "not_registered"
    NOT_GT1 = "not_gt1"
    UNDER_AGE = "under_age"
    BANNED = "banned"
    SUSPENDED = "suspended"
    NO_BIRTH_DATE = "no_birth_date"
    EXCLUDED = "excluded"
    EXHIBITION = "exhibition"


@dataclass(frozen=True)
class IneligibilityReason:
    """One reason with what its wording needs: ``league`` for NOT_GT1; ``age``, ``country``
    and ``age_of_majority`` (the minimum age; ``series_minimum`` when the series sets more
    than the law) for UNDER_AGE; ``until`` (the last day) for SUSPENDED; ``country`` (the
    excluded country or area) for EXCLUDED."""

    code: Ineligibility
    league: str = ""
    age: int = 0
    country: str = ""
    age_of_majority: int = 0
    until: dt.date | None = None
    series_minimum: bool = False


def live_event_ineligibility(
    *,
    age: int | None,
    age_of_majority: int,
    country: str,
    league: str | None,
    banned: bool,
    suspended_until: dt.date | None = None,
    minimum_age: int | None = None,
    excluded: str = "",
    exhibition: bool = False,
) -> list[IneligibilityReason]:
    """Every reason a driver may not race a live event (empty when they may).

    ``age`` is None when no birth date is on file (a deleted account): no age, no live event.
    ``minimum_age`` is the country's live-event age when the series sets more than
    ``age_of_majority``; ``excluded`` names the driver's country or area when the season
    excludes it; an exhibition season selects nobody.
    """
    reasons = []
    if exhibition:
        reasons.append(IneligibilityReason(Ineligibility.EXHIBITION))
    limit = max(age_of_majority, minimum_age or 0)
    if league is None:
        reasons.append(IneligibilityReason(Ineligibility.NOT_REGISTERED))
    elif league != "GT1":
        reasons.append(IneligibilityReason(Ineligibility.NOT_GT1, league=league))
    if age is None:
        reasons.append(IneligibilityReason(Ineligibility.NO_BIRTH_DATE))
    elif age < limit:
        reasons.append(
            IneligibilityReason(
                Ineligibility.UNDER_AGE,
                age=age,
                country=country,
                age_of_majority=limit,
                series_minimum=limit > age_of_majority,
            )
        )
    if excluded:
        reasons.append(IneligibilityReason(Ineligibility.EXCLUDED, country=excluded))
    if banned:
        reasons.append(IneligibilityReason(Ineligibility.BANNED))
    if suspended_until is not None:
        reasons.append(IneligibilityReason(Ineligibility.SUSPENDED, until=suspended_until))
    return reasons
