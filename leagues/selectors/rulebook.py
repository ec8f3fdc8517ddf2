"""What the rules page explains, with the season's own numbers and the visitor's own lobby."""

from dataclasses import dataclass

from leagues import rules
from leagues.models import Driver, RaceResult, Season
from leagues.selectors.payouts import reward_table

EXAMPLE_SOF = 35_000
EXAMPLE_RANKED = 200
POSITIONS = (1, 2, 3, 5, 10, 15, 20)


@dataclass(frozen=True)
class PointsRow:
    position: int
    points: int


@dataclass(frozen=True)
class RewardRow:
    tier: str
    gold: int
    silver: int
    bronze: int
    gold_gt1: int
    silver_gt1: int
    bronze_gt1: int


@dataclass(frozen=True)
class BestRoundsExample:
    """A made-up season of round scores and which of them count."""

    scores: list[tuple[int, int | None, bool]]  # round number, score, counts
    total: int


@dataclass(frozen=True)
class Rulebook:
    season: Season | None
    sof: int
    sof_is_own: bool
    points: list[PointsRow]
    winner_share: int
    step_share: int
    best_rounds: int
    rounds: int
    best_example: BestRoundsExample
    ranked: int
    cutoffs: dict[str, int]
    rewards: list[RewardRow]
    multiplier: int
    maximum: int


def own_lobby_sof(driver: Driver | None) -> int | None:
    """The SOF of the last lobby the driver raced in, if any."""
    if driver is None:
        return None
    return (
        RaceResult.objects.filter(registration__driver=driver)
        .order_by("-slot__starts_at")
        .values_list("lobby__sof", flat=True)
        .first()
    )


def best_rounds_example(rounds: int, best: int) -> BestRoundsExample:
    """Round scores that fall, with one round not raced, to show which ``best`` count."""
    pattern = [212, 0, 268, None, 190, 241, 175, 230, 205, 260]
    scores = {n: pattern[(n - 1) % len(pattern)] for n in range(1, rounds + 1)}
    raced = {n: s for n, s in scores.items() if s is not None}
    counting = rules.best_rounds(raced, best)
    return BestRoundsExample(
        scores=[(n, s, n in counting) for n, s in scores.items()],
        total=rules.season_total(raced, best),
    )


def rulebook(*, season: Season | None, sof: int | None, sof_is_own: bool) -> Rulebook:
    """The rules with the season's numbers and a worked example at ``sof``."""
    sof = EXAMPLE_SOF if sof is None else sof
    scheme = rules.POINTS_SCHEMES.get(season.points_scheme if season else "default", rules.points)
    best = season.best_rounds if season else 3
    rounds = (season.rounds.count() or season.rounds_planned) if season else 6
    table = reward_table(season) if season else rules.DEFAULT_REWARDS
    multiplier = season.gt1_multiplier if season else rules.DEFAULT_GT1_MULTIPLIER
    rewards = [
        RewardRow(
            tier=tier,
            gold=table[tier]["GOLD"],
            silver=table[tier]["SILVER"],
            bronze=table[tier]["BRONZE"],
            gold_gt1=rules.reward_credits(table, multiplier, "GT1", tier, "GOLD"),
            silver_gt1=rules.reward_credits(table, multiplier, "GT1", tier, "SILVER"),
            bronze_gt1=rules.reward_credits(table, multiplier, "GT1", tier, "BRONZE"),
        )
        for tier in rules.TIERS
    ]
    return Rulebook(
        season=season,
        sof=sof,
        sof_is_own=sof_is_own,
        points=[PointsRow(p, scheme(p, rules.LOBBY_MAX_DRIVERS, sof)) for p in POSITIONS],
        winner_share=scheme(1, rules.LOBBY_MAX_DRIVERS, sof),
        step_share=4,
        best_rounds=best,
        rounds=rounds,
        best_example=best_rounds_example(rounds, best),
        ranked=EXAMPLE_RANKED,
        cutoffs=rules.medal_cutoffs(EXAMPLE_RANKED),
        rewards=rewards,
        multiplier=multiplier,
        maximum=sum(r.gold_gt1 for r in rewards),
    )
