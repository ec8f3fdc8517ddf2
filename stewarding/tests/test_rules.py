import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from stewarding import rules
from stewarding.rules import DISQUALIFICATION, NO_ACTION, POSITION_PENALTY, WARNING, Place, Ruling


def lobby(*statuses: str) -> list[Place]:
    return [Place(entrant=i, position=i, status=s) for i, s in enumerate(statuses, start=1)]


def order(places: list[Place]) -> list[tuple[int, str]]:
    return [(p.entrant, p.status) for p in places]


def test_no_action_and_a_warning_leave_the_finishing_order():
    finish = lobby("FIN", "FIN", "FIN")
    assert rules.classification_after(finish, [Ruling(1, NO_ACTION), Ruling(2, WARNING)]) == finish


def test_a_position_penalty_drops_the_driver_and_those_behind_move_up_one():
    finish = lobby("FIN", "FIN", "FIN", "FIN", "FIN")
    after = rules.classification_after(finish, [Ruling(1, POSITION_PENALTY, 2)])
    assert [p.entrant for p in after] == [2, 3, 1, 4, 5]
    assert [p.position for p in after] == [1, 2, 3, 4, 5]


def test_a_penalty_near_the_back_stops_at_the_last_classified_place():
    finish = lobby("FIN", "FIN", "FIN", "FIN", "DNF")
    after = rules.classification_after(finish, [Ruling(3, POSITION_PENALTY, 5)])
    assert order(after) == [(1, "FIN"), (2, "FIN"), (4, "FIN"), (3, "FIN"), (5, "DNF")]


def test_a_penalty_on_the_last_classified_driver_or_a_non_finisher_moves_nobody():
    finish = lobby("FIN", "FIN", "DNF")
    assert rules.classification_after(finish, [Ruling(2, POSITION_PENALTY, 3)]) == finish
    assert rules.classification_after(finish, [Ruling(3, POSITION_PENALTY, 3)]) == finish


def test_a_disqualified_winner_goes_behind_everyone_and_the_rest_move_up():
    finish = lobby("FIN", "FIN", "FIN", "DNF")
    after = rules.classification_after(finish, [Ruling(1, DISQUALIFICATION)])
    assert order(after) == [(2, "FIN"), (3, "FIN"), (4, "DNF"), (1, "DSQ")]


def test_two_decisions_in_one_lobby_apply_in_the_order_they_were_made():
    finish = lobby("FIN", "FIN", "FIN", "FIN")
    rulings = [Ruling(1, POSITION_PENALTY, 1), Ruling(3, DISQUALIFICATION)]
    after = rules.classification_after(finish, rulings)
    assert order(after) == [(2, "FIN"), (1, "FIN"), (4, "FIN"), (3, "DSQ")]


def test_a_ruling_on_someone_outside_the_lobby_is_ignored():
    finish = lobby("FIN", "FIN")
    assert rules.classification_after(finish, [Ruling(99, DISQUALIFICATION)]) == finish


rulings = st.lists(
    st.builds(
        Ruling,
        entrant=st.integers(1, 20),
        kind=st.sampled_from(rules.DECISION_KINDS),
        places=st.integers(1, 25),
    ),
    max_size=6,
)


@given(
    st.lists(st.sampled_from(["FIN", "FIN", "FIN", "DNF", "DSQ"]), min_size=1, max_size=20), rulings
)
def test_the_classification_is_always_every_starter_once_on_places_one_to_n(
    statuses, given_rulings
):
    finish = lobby(*statuses)
    after = rules.classification_after(finish, given_rulings)
    assert sorted(p.entrant for p in after) == [p.entrant for p in finish]
    assert [p.position for p in after] == list(range(1, len(finish) + 1))
    disqualified = {r.entrant for r in given_rulings if r.kind == DISQUALIFICATION}
    assert all(p.status == "DSQ" for p in after if p.entrant in disqualified)


@given(st.lists(st.just("FIN"), min_size=2, max_size=20), st.integers(0, 19), st.integers(1, 25))
def test_a_penalised_driver_drops_exactly_n_places_or_to_the_back(statuses, index, places):
    finish = lobby(*statuses)
    who = finish[index % len(finish)]
    after = rules.classification_after(finish, [Ruling(who.entrant, POSITION_PENALTY, places)])
    new = next(p.position for p in after if p.entrant == who.entrant)
    assert new == min(who.position + places, len(finish))
    others = [p.entrant for p in after if p.entrant != who.entrant]
    assert others == [p.entrant for p in finish if p.entrant != who.entrant]


def test_the_protest_window_closes_24_hours_after_the_round():
    closed = dt.datetime(2024, 4, 20, 18, tzinfo=dt.UTC)
    assert rules.protest_window_open(now=closed - dt.timedelta(days=2), round_closed_at=None)
    assert rules.protest_window_open(now=closed + dt.timedelta(hours=24), round_closed_at=closed)
    assert not rules.protest_window_open(
        now=closed + dt.timedelta(hours=24, seconds=1), round_closed_at=closed
    )


def test_licence_points_count_for_twelve_months_from_their_decision():
    now = dt.datetime(2025, 3, 31, 12, tzinfo=dt.UTC)
    awards = [
        (dt.datetime(2024, 3, 31, 12, tzinfo=dt.UTC), 5),  # exactly 12 months ago: expired
        (dt.datetime(2024, 4, 1, tzinfo=dt.UTC), 3),
        (dt.datetime(2025, 3, 31, 11, tzinfo=dt.UTC), 4),
    ]
    assert rules.licence_points(awards, now=now) == 7
    assert rules.months_before(dt.datetime(2025, 2, 28, tzinfo=dt.UTC), 12).year == 2024
    assert rules.months_before(dt.datetime(2024, 2, 29, tzinfo=dt.UTC), 12).day == 28


def test_reaching_the_limit_with_new_points_suspends_for_thirty_days():
    assert rules.suspension_due(points_in_force=12, added=2)
    assert not rules.suspension_due(points_in_force=11, added=2)
    assert not rules.suspension_due(points_in_force=14, added=0)
    assert rules.suspension_days(dt.date(2024, 5, 1)) == (dt.date(2024, 5, 1), dt.date(2024, 5, 30))
