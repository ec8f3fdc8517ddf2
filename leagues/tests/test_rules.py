import ast
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from leagues import rules


@pytest.mark.parametrize(
    ("dr_points", "league"),
    [
        (0, "GT3"),
        (9_999, "GT3"),
        (10_000, "GT2"),
        (29_999, "GT2"),
        (30_000, "GT1"),
        (100_000, "GT1"),
    ],
)
def test_the_league_follows_dr_points_at_the_boundaries(dr_points, league):
    assert rules.league_for_dr(dr_points) == league


@pytest.mark.parametrize(
    ("dr_points", "grade"),
    [(3_999, "D"), (4_000, "C"), (9_999, "C"), (10_000, "B"), (30_000, "A"), (50_000, "A+")],
)
def test_the_grade_follows_the_default_thresholds(dr_points, grade):
    assert rules.dr_grade(dr_points, rated_races=5) == grade


def test_a_driver_with_fewer_than_five_rated_races_is_shown_as_e():
    assert rules.dr_grade(60_000, rated_races=4) == "E"


@pytest.mark.parametrize(
    ("sof", "position", "expected"),
    [
        (60_000, 1, 480),
        (60_000, 2, 460),
        (60_000, 10, 307),
        (60_000, 20, 115),
        (35_000, 1, 280),
        (35_000, 2, 268),
        (35_000, 10, 179),
        (35_000, 20, 67),
        (5_000, 1, 40),
        (5_000, 2, 38),
        (5_000, 10, 25),
        (5_000, 20, 9),
    ],
)
def test_points_match_the_table_of_points_md(sof, position, expected):
    assert rules.points(position, 20, sof) == expected


def test_dnf_and_dsq_score_nothing():
    assert rules.points(1, 20, 60_000, "DNF") == 0
    assert rules.points(1, 20, 60_000, "DSQ") == 0


positions = st.integers(min_value=1, max_value=40)
sofs = st.integers(min_value=0, max_value=100_000)


@given(position=positions, sof=sofs)
def test_a_better_place_never_scores_less(position, sof):
    assert rules.points(position, 20, sof) >= rules.points(position + 1, 20, sof)


@given(position=positions, sof=sofs, extra=st.integers(min_value=0, max_value=10_000))
def test_a_stronger_lobby_never_scores_less_at_the_same_place(position, sof, extra):
    assert rules.points(position, 20, min(sof + extra, 100_000)) >= rules.points(position, 20, sof)


@given(position=positions, sof=sofs, status=st.sampled_from(rules.RESULT_STATUSES))
def test_points_are_never_negative(position, sof, status):
    assert rules.points(position, 20, sof, status) >= 0


def test_strength_of_field_is_the_mean_rounded_down():
    assert rules.strength_of_field([10_000, 10_001]) == 10_000
    assert rules.strength_of_field([]) == 0


def test_only_the_best_n_rounds_count():
    scores = {1: 100, 2: 50, 3: 300, 4: 0, 5: 200, 6: 10}
    assert rules.best_rounds(scores, 3) == {1, 3, 5}
    assert rules.season_total(scores, 3) == 600


def test_a_driver_with_fewer_rounds_than_n_counts_them_all():
    assert rules.season_total({2: 40, 5: 10}, 3) == 50


def test_ties_share_a_rank_and_the_next_rank_skips():
    keys = [rules.RankingKey(10, 10, 5), rules.RankingKey(10, 10, 5), rules.RankingKey(9, 20, 9)]
    assert rules.ranks(keys) == [1, 1, 3]


@pytest.mark.parametrize(
    ("ranked", "cutoffs"),
    [
        (1, {"GOLD": 1, "SILVER": 1, "BRONZE": 1}),
        (2, {"GOLD": 1, "SILVER": 1, "BRONZE": 2}),
        (3, {"GOLD": 1, "SILVER": 1, "BRONZE": 3}),
        (19, {"GOLD": 1, "SILVER": 5, "BRONZE": 15}),
        (20, {"GOLD": 1, "SILVER": 5, "BRONZE": 15}),
        (21, {"GOLD": 2, "SILVER": 6, "BRONZE": 16}),
        (233, {"GOLD": 12, "SILVER": 59, "BRONZE": 175}),
    ],
)
def test_medal_cutoffs_round_up(ranked, cutoffs):
    assert rules.medal_cutoffs(ranked) == cutoffs


def test_a_gt1_driver_with_four_golds_gets_nine_million():
    total = sum(
        rules.reward_credits(rules.DEFAULT_REWARDS, 2, "GT1", tier, "GOLD") for tier in rules.TIERS
    )
    assert total == 9_000_000


def test_the_default_reward_table_is_valid():
    assert rules.reward_table_errors(rules.DEFAULT_REWARDS, 2) == []


def test_age_counts_completed_years():
    assert rules.age_on(dt.date(2006, 5, 2), dt.date(2024, 5, 1)) == 17
    assert rules.age_on(dt.date(2006, 5, 2), dt.date(2024, 5, 2)) == 18


def test_an_early_hour_falls_on_the_next_utc_date_of_the_regions_day():
    start = rules.region_day_start_hour(rules.DEFAULT_SLOT_HOURS["NA"])
    assert rules.slot_start(dt.date(2024, 4, 17), 0, start) == dt.datetime(
        2024, 4, 18, 0, tzinfo=dt.UTC
    )
    assert rules.slot_start(dt.date(2024, 4, 17), 14, start) == dt.datetime(
        2024, 4, 17, 14, tzinfo=dt.UTC
    )


def test_live_event_ineligibility_gives_codes_with_what_their_wording_needs():
    reasons = rules.live_event_ineligibility(
        age=17, age_of_majority=18, country="France", league="GT2", banned=True
    )
    assert reasons == [
        rules.IneligibilityReason(rules.Ineligibility.NOT_GT1, league="GT2"),
        rules.IneligibilityReason(
            rules.Ineligibility.UNDER_AGE, age=17, country="France", age_of_majority=18
        ),
        rules.IneligibilityReason(rules.Ineligibility.BANNED),
    ]
    unregistered = rules.live_event_ineligibility(
        age=30, age_of_majority=18, country="France", league=None, banned=False
    )
    assert [reason.code for reason in unregistered] == [rules.Ineligibility.NOT_REGISTERED]


@given(age=st.integers(min_value=0, max_value=99), majority=st.integers(min_value=16, max_value=21))
def test_a_gt1_driver_is_eligible_exactly_from_the_age_of_majority(age, majority):
    reasons = rules.live_event_ineligibility(
        age=age, age_of_majority=majority, country="X", league="GT1", banned=False
    )
    assert (reasons == []) == (age >= majority)


def test_the_rulebook_imports_no_django():
    tree = ast.parse(Path(rules.__file__).read_text())
    imported = [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    imported += [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name.split(".")[0] == "django"]


@given(st.sampled_from(rules.SEASON_STATUSES), st.sampled_from(rules.SEASON_STATUSES))
def test_a_season_status_only_moves_to_a_later_one(current, new):
    forward = rules.season_status_moves_forward(current, new)
    assert forward == (rules.SEASON_STATUSES.index(new) > rules.SEASON_STATUSES.index(current))
    assert not (forward and rules.season_status_moves_forward(new, current))
    assert not rules.season_status_moves_forward("closed", new)


def test_the_ranking_order_has_one_source():
    """The publication's SQL and the benchmark's reference both order by ``RANKING_ORDER``."""
    from leagues.bench.reference import REFERENCE_SQL
    from leagues.services.standings import POSITION_ORDER_SQL, RANK_ORDER_SQL, STANDINGS_SQL

    assert RANK_ORDER_SQL == "season_points DESC, all_points DESC, best_round DESC"
    for sql in (STANDINGS_SQL, REFERENCE_SQL):
        assert POSITION_ORDER_SQL in sql
        assert sql.count("season_points DESC") == sql.count(RANK_ORDER_SQL)
    key = rules.RankingKey(season_points=10, all_points=30, best_round=12)
    assert key.sort_key() == (-10, -30, -12)
