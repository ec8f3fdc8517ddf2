import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from live_events import rules
from live_events.rules import Candidate, Classified, Timing

QUOTAS = {"EMEA": 2, "NA": 1}


def statuses(picks):
    return {p.key: p.status for p in picks}


def test_each_region_fills_its_spots_in_order_and_the_rest_are_alternates():
    candidates = [
        Candidate("a", "EMEA", "FR"),
        Candidate("b", "EMEA", "DE"),
        Candidate("c", "EMEA", "IT"),
        Candidate("x", "NA", "US"),
        Candidate("y", "NA", "CA"),
    ]
    picks = rules.select_finalists(candidates, QUOTAS, max_per_country=2)
    assert statuses(picks) == {
        "a": "SELECTED",
        "b": "SELECTED",
        "c": "ALTERNATE",
        "x": "SELECTED",
        "y": "ALTERNATE",
    }
    assert [p.seed for p in picks] == [1, 2, 1, 1, 1]


def test_an_ineligible_driver_is_skipped_with_the_reason_and_the_next_takes_the_spot():
    candidates = [
        Candidate("a", "NA", "US", reasons=("Aged 17 on the event's first day.",)),
        Candidate("b", "NA", "US"),
    ]
    picks = rules.select_finalists(candidates, QUOTAS, max_per_country=2)
    assert picks[0].status == "SKIPPED"
    assert "Aged 17" in picks[0].reason
    assert picks[1].status == "SELECTED"


def test_a_declining_driver_lets_the_first_alternate_move_up():
    candidates = [Candidate("a", "NA", "US", declined=True), Candidate("b", "NA", "CA")]
    assert statuses(rules.select_finalists(candidates, QUOTAS, 2)) == {
        "a": "DECLINED",
        "b": "SELECTED",
    }


def test_the_maximum_per_country_skips_a_third_driver_of_one_nation():
    quotas = {"EMEA": 4}
    candidates = [Candidate(k, "EMEA", "FR") for k in "abc"] + [Candidate("d", "EMEA", "DE")]
    picks = rules.select_finalists(candidates, quotas, max_per_country=2)
    assert statuses(picks) == {"a": "SELECTED", "b": "SELECTED", "c": "SKIPPED", "d": "SELECTED"}
    assert "maximum per country" in picks[2].reason


def test_an_override_lets_an_ineligible_hand_added_driver_in():
    candidates = [Candidate("champ", "NA", "US", reasons=("Banned.",), by_hand=True, override=True)]
    assert rules.select_finalists(candidates, QUOTAS, 2)[0].status == "SELECTED"


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["EMEA", "NA", "OCE"]),
            st.sampled_from(["FR", "US", "AU", "DE"]),
            st.booleans(),
            st.booleans(),
        ),
        max_size=30,
    ),
    st.integers(min_value=1, max_value=3),
)
def test_no_selection_ever_exceeds_a_quota_or_the_country_maximum(rows, max_per_country):
    quotas = {"EMEA": 4, "NA": 2, "OCE": 1}
    candidates = [
        Candidate(i, region, country, reasons=("x",) if bad else (), declined=declined)
        for i, (region, country, bad, declined) in enumerate(rows)
    ]
    picks = rules.select_finalists(candidates, quotas, max_per_country)
    selected = [c for c, p in zip(candidates, picks) if p.status == "SELECTED"]
    for region, spots in quotas.items():
        assert sum(1 for c in selected if c.region == region) <= spots
    for country in {"FR", "US", "AU", "DE"}:
        assert sum(1 for c in selected if c.country == country) <= max_per_country
    assert not any(c.reasons or c.declined for c in selected)


def test_quotas_that_do_not_add_up_to_the_finalists_are_refused():
    errors = rules.quota_errors({"EMEA": 5, "NA": 2}, 6, ["EMEA", "NA"])
    assert errors == ["The regions' spots add up to 7, but the season has 6 finalists."]


def test_a_time_penalty_reorders_the_classification():
    timings = [
        Timing("a", 1, laps=10, time_ms=600_000, penalty_ms=5_000),
        Timing("b", 2, laps=10, time_ms=602_000),
        Timing("c", 3, laps=10, time_ms=606_000),
    ]
    classification = rules.classify(timings)
    assert [c.key for c in classification] == ["b", "a", "c"]
    assert [c.gap_ms for c in classification] == [0, 3_000, 4_000]


def test_finishers_come_before_retirements_and_the_disqualified_come_last():
    timings = [
        Timing("dsq", 1, laps=10, time_ms=600_000, disqualified=True),
        Timing("lapped", 3, laps=9, time_ms=590_000),
        Timing("win", 2, laps=10, time_ms=601_000),
        Timing("dnf_late", 4, status="DNF", laps=7),
        Timing("dnf_early", 5, status="DNF", laps=2),
    ]
    classification = rules.classify(timings)
    assert [c.key for c in classification] == ["win", "lapped", "dnf_late", "dnf_early", "dsq"]
    assert [c.status for c in classification] == ["FIN", "FIN", "DNF", "DNF", "DSQ"]
    assert rules.format_gap(classification[1]) == "+1 lap"


def test_a_timing_sheet_with_two_drivers_in_one_position_is_refused():
    timings = [Timing("a", 1, time_ms=1, label="Ann"), Timing("b", 1, time_ms=2, label="Bob")]
    errors = rules.timing_sheet_errors(timings, entrants={"a", "b"})
    assert "Two drivers are in position 1: Ann and Bob." in errors


def test_a_timing_sheet_naming_a_driver_not_in_the_event_is_refused():
    errors = rules.timing_sheet_errors([Timing("z", 1, time_ms=1, label="Zed")], entrants={"a"})
    assert errors == ["Zed is not an entrant of this event."]


def test_a_timing_sheet_with_times_out_of_order_is_refused():
    timings = [
        Timing("a", 1, laps=10, time_ms=605_000, label="Ann"),
        Timing("b", 2, laps=10, time_ms=600_000, label="Bob"),
    ]
    errors = rules.timing_sheet_errors(timings, entrants={"a", "b"})
    assert errors == ["Times out of order: Bob (P2) is faster than Ann (P1) over as many laps."]


def test_a_lapped_finisher_may_have_a_shorter_total_time():
    timings = [
        Timing("a", 1, laps=10, time_ms=605_000),
        Timing("b", 2, laps=9, time_ms=600_000),
        Timing("c", 3, status="DNF", laps=3),
    ]
    assert rules.timing_sheet_errors(timings, entrants={"a", "b", "c"}) == []


def test_the_grid_follows_the_previous_classification_with_missing_entrants_at_the_back():
    assert rules.derive_grid(["c", "a", "gone"], ["a", "b", "c"]) == ["c", "a", "b"]


def test_a_grid_penalty_drops_a_driver_and_the_others_close_up():
    assert rules.grid_penalty(["a", "b", "c", "d"], "a", 2) == ["b", "c", "a", "d"]
    assert rules.grid_penalty(["a", "b", "c"], "b", 5) == ["a", "c", "b"]


def classified(*keys, statuses=None):
    statuses = statuses or {}
    return [
        Classified(key, position, statuses.get(key, "FIN"), 10, 1)
        for position, key in enumerate(keys, start=1)
    ]


def test_only_the_top_six_finishers_of_an_event_score():
    race = classified("a", "b", "c", "d", "e", "f", "g", statuses={"c": "DNF"})
    assert rules.race_points(race, rules.DEFAULT_ROUND_POINTS) == {
        "a": 6,
        "b": 5,
        "d": 3,
        "e": 2,
        "f": 1,
        "g": 0,
    }


def test_the_championship_adds_up_events_and_equal_totals_share_a_rank():
    table = rules.championship_table([{"a": 6, "b": 5}, {"b": 6, "a": 5, "c": 4}], keys=["d"])
    assert [(row.key, row.rank, row.total) for row in table] == [
        ("a", 1, 11),
        ("b", 1, 11),
        ("c", 3, 4),
        ("d", 4, 0),
    ]


def test_the_world_final_carries_points_in_and_the_grand_final_counts_double():
    table = rules.world_final_table(
        carried={"a": 12, "b": 6, "c": 0},
        races=[classified("c", "b", "a"), classified("b", "c", "a")],
    )
    # c: 0 + 12 + 2*10 = 32; b: 6 + 10 + 2*12 = 40; a: 12 + 8 + 2*8 = 36
    assert [(row.key, row.total) for row in table] == [("b", 40), ("a", 36), ("c", 32)]
    assert table[0].per_event == (10, 24)


def test_equal_world_final_totals_are_split_by_the_grand_final_finish():
    table = rules.world_final_table(
        carried={"a": 2, "b": 0}, races=[classified("a", "b"), classified("b", "a")]
    )
    # a: 2 + 12 + 2*10 = 34; b: 0 + 10 + 2*12 = 34; b won the Grand Final.
    assert [(row.key, row.total, row.rank) for row in table] == [("b", 34, 1), ("a", 34, 2)]


def test_team_points_add_up_the_nations_drivers():
    totals = rules.team_points({"a": 6, "b": 1, "c": 3, "d": 5}, {"a": "FR", "b": "FR", "c": "JP"})
    assert totals == {"FR": 7, "JP": 3}


def test_a_prediction_scores_three_for_the_winner_and_one_per_exact_podium_place():
    score = rules.score_prediction(winner="a", second="b", third="d", podium=["a", "b", "c"])
    assert score.winner_correct
    assert score.points == 4
    wrong = rules.score_prediction(winner="b", second=None, third=None, podium=["a", "b", "c"])
    assert (wrong.winner_correct, wrong.points) == (False, 0)


@given(
    start=st.datetimes(
        min_value=dt.datetime(2000, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.just(dt.UTC),
    ),
    length=st.one_of(
        st.none(), st.timedeltas(min_value=dt.timedelta(minutes=1), max_value=dt.timedelta(days=3))
    ),
    offset=st.timedeltas(min_value=dt.timedelta(days=-4), max_value=dt.timedelta(days=4)),
)
def test_a_session_is_live_from_its_start_until_its_end_and_never_once_confirmed(
    start, length, offset
):
    ends_at = None if length is None else start + length
    end = rules.session_end(start, ends_at)
    now = start + offset

    def live(at, confirmed=False):
        return rules.is_live(starts_at=start, ends_at=ends_at, confirmed=confirmed, now=at)

    assert live(start) and not live(end) and not live(start - dt.timedelta(microseconds=1))
    assert end == (ends_at or start + dt.timedelta(hours=2))
    assert not live(now, confirmed=True)
    if live(now):
        assert start <= now < end


@given(st.permutations(["a", "b", "c", "d"]))
def test_any_permutation_of_the_entrants_is_a_valid_running_order(keys):
    order = [rules.RunningPosition(key=k, position=p) for p, k in enumerate(keys, start=1)]
    assert rules.running_order_errors(order, {"a", "b", "c", "d", "e"}) == []
    assert [c.key for c in rules.provisional_classification(order[::-1])] == list(keys)


def test_a_running_order_names_every_problem():
    order = [
        rules.RunningPosition(key="a", position=1),
        rules.RunningPosition(key="a", position=3),
        rules.RunningPosition(key="x", position=3),
    ]
    errors = rules.running_order_errors(order, {"a", "b"})
    assert errors == [
        "Not entered in this event: x.",
        "Listed more than once: a.",
        "Positions must run from 1 to 3, once each; got 1, 3, 3.",
    ]


def test_running_gaps_say_seconds_or_laps_behind_the_leader():
    def gap(position, laps, gap_ms):
        row = rules.RunningPosition(key="k", position=position, laps=laps, gap_ms=gap_ms)
        return rules.format_running_gap(row, leader_laps=10)

    assert (gap(1, 10, None), gap(2, 10, 1234), gap(3, 9, 95_000), gap(4, 8, 1)) == (
        "",
        "+1.234",
        "+1 lap",
        "+2 laps",
    )
