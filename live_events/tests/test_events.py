import pytest

from leagues.exceptions import RuleViolation
from leagues.tests.factories import DriverFactory, SeasonFactory
from live_events.models import EventEntry, GridSlot, SessionResult
from live_events.selectors.common import classification
from live_events.selectors.pages import championship, event_page
from live_events.services.events import (
    ResultLine,
    add_steward_decision,
    generate_grid,
    generate_next_grid,
    grid_penalty,
    record_results,
    set_grid,
)
from live_events.tests.factories import event_with_entrants, run_session

pytestmark = pytest.mark.django_db


def sessions(event):
    return list(event.sessions.order_by("order"))


def grid_of(session):
    return list(session.grid.order_by("position").values_list("driver_id", flat=True))


def test_race_one_starts_in_qualifying_order_and_race_two_in_race_one_order():
    event, (a, b, c, d) = event_with_entrants(4)
    qualifying, race1, race2 = sessions(event)
    run_session(qualifying, [c, a, d, b])

    generate_grid(session=race1)
    assert grid_of(race1) == [c.pk, a.pk, d.pk, b.pk]

    run_session(race1, [b, d, a, c])
    assert generate_next_grid(event=event) == race2
    assert grid_of(race2) == [b.pk, d.pk, a.pk, c.pk]


def test_a_grid_cannot_be_generated_before_the_previous_session_is_confirmed():
    event, drivers = event_with_entrants(3)
    qualifying, race1, _ = sessions(event)
    run_session(qualifying, drivers, confirm=False)

    with pytest.raises(RuleViolation, match="Confirm the results of Qualifying"):
        generate_grid(session=race1)


def test_a_grid_penalty_moves_the_driver_back_and_records_the_reason():
    event, (a, b, c, d) = event_with_entrants(4)
    qualifying, race1, _ = sessions(event)
    run_session(qualifying, [a, b, c, d])
    generate_grid(session=race1)

    grid_penalty(session=race1, driver=a, places=2, reason="Impeding in qualifying")

    assert grid_of(race1) == [b.pk, c.pk, a.pk, d.pk]
    slot = GridSlot.objects.get(session=race1, driver=a)
    assert (slot.generated_position, slot.position, slot.reason) == (1, 3, "Impeding in qualifying")


def test_a_grid_edit_without_a_reason_is_refused_and_changes_nothing():
    event, (a, b) = event_with_entrants(2)
    qualifying, race1, _ = sessions(event)
    run_session(qualifying, [a, b])
    generate_grid(session=race1)

    with pytest.raises(RuleViolation, match="give the reason"):
        set_grid(session=race1, positions={a.pk: (2, ""), b.pk: (1, "")})
    assert grid_of(race1) == [a.pk, b.pk]

    set_grid(session=race1, positions={a.pk: (2, "Pit-lane start"), b.pk: (1, "Moved up")})
    assert grid_of(race1) == [b.pk, a.pk]


def test_a_time_penalty_reorders_the_classification_and_the_points_follow():
    event, (a, b, c) = event_with_entrants(3, races=1)
    qualifying, race = sessions(event)
    run_session(qualifying, [a, b, c])
    run_session(race, [a, b, c], step_ms=2_000)

    add_steward_decision(
        session=race, driver=a, kind="time", seconds=5, note="Track limits, 5 seconds"
    )

    rows = classification(race)
    assert [row.driver for row in rows] == [b, c, a]
    assert rows[2].penalty_seconds == 5
    page = event_page(event)
    assert page.sessions[-1].points == {b.pk: 6, c.pk: 5, a.pk: 4}


def test_a_disqualified_driver_is_classified_last_and_scores_nothing():
    event, (a, b) = event_with_entrants(2, races=1)
    qualifying, race = sessions(event)
    run_session(qualifying, [a, b])
    run_session(race, [a, b])

    add_steward_decision(session=race, driver=a, kind="dsq", note="Technical infringement")

    assert [(row.driver, row.status) for row in classification(race)] == [(b, "FIN"), (a, "DSQ")]
    assert event_page(event).sessions[-1].points == {b.pk: 6}


def test_a_result_for_a_driver_not_in_the_event_is_refused_and_changes_nothing():
    event, (a, _) = event_with_entrants(2)
    qualifying = sessions(event)[0]
    stranger = DriverFactory()

    with pytest.raises(RuleViolation, match="not an entrant"):
        record_results(
            session=qualifying,
            lines=[
                ResultLine(driver=a, finish_position=1, best_lap_ms=90_000),
                ResultLine(driver=stranger, finish_position=2, best_lap_ms=91_000),
            ],
        )
    assert not SessionResult.objects.exists()


def test_two_drivers_in_one_position_are_refused():
    event, (a, b) = event_with_entrants(2)
    race = sessions(event)[1]

    with pytest.raises(RuleViolation, match="Two drivers are in position 1"):
        record_results(
            session=race,
            lines=[
                ResultLine(driver=a, finish_position=1, laps=10, total_time_ms=600_000),
                ResultLine(driver=b, finish_position=1, laps=10, total_time_ms=601_000),
            ],
        )


def test_the_championship_adds_up_the_rounds_final_races():
    season = SeasonFactory()
    first, (a, b) = event_with_entrants(2, races=2, season=season)
    run_all(first, [a, b])
    second, _ = event_with_entrants(0, races=2, season=season, slug="second")
    for driver, number in ((a, 1), (b, 2)):
        EventEntry.objects.create(event=second, driver=driver, number=number)
    run_all(second, [b, a])

    rows = championship(season).rows
    assert [(row.driver, row.per_event, row.total) for row in rows] == [
        (a, (6, 5), 11),
        (b, (5, 6), 11),
    ]
    assert [row.rank for row in rows] == [1, 1]


def run_all(event, order):
    """Qualifying and every race of an event finish in ``order``."""
    for session in sessions(event):
        if session.is_race and not session.grid.exists():
            generate_grid(session=session)
        run_session(session, order)


def test_the_world_final_carries_the_championship_points_in():
    season = SeasonFactory()
    rnd, (a, b, c) = event_with_entrants(3, races=2, season=season)
    run_all(rnd, [c, b, a])  # c 6, b 5, a 4 carried
    final, _ = event_with_entrants(0, kind="world_final", races=2, season=season, slug="wf")
    for number, driver in enumerate((a, b, c), start=1):
        EventEntry.objects.create(event=final, driver=driver, number=number)
    qualifying, race1, grand_final = sessions(final)
    run_session(qualifying, [a, b, c])
    run_session(race1, [a, b, c])  # 12, 10, 8
    run_session(grand_final, [a, c, b])  # doubled: 24, 16, 20

    rows = championship(season).final_rows
    assert [(row.driver, row.carried, row.per_event, row.total) for row in rows] == [
        (a, 4, (12, 24), 40),
        (c, 6, (8, 20), 34),
        (b, 5, (10, 16), 31),
    ]
