import pytest

from leagues import csvfiles
from leagues.exceptions import RuleViolation
from leagues.models import Publication, RaceResult, RoundScore, StaffAction
from leagues.services.results import import_results
from leagues.services.standings import close_round, publish_standings
from stewarding.models import Case, Decision
from stewarding.services.cases import file_protest, open_review
from stewarding.services.decisions import decide
from stewarding.tests.lobbies import points, raced_lobby, steward

pytestmark = pytest.mark.django_db


@pytest.fixture
def raced():
    return raced_lobby(starters=5, statuses={5: "DNF"})


def review(raced, against: int) -> Case:
    return open_review(
        steward=steward(f"opener{against}"),
        lobby=raced.lobby,
        accused=raced.drivers[against],
        lap=4,
        description="Contact at the chicane.",
    )


def test_no_action_and_a_warning_keep_the_classification(raced):
    before = raced.order()
    decide(steward=steward(), case=review(raced, 0), kind="none", reason="Racing incident.")
    decide(steward=steward("s2"), case=review(raced, 1), kind="warning", reason="Mind the gap.")
    assert raced.order() == before


def test_a_position_penalty_drops_the_driver_and_rescores_the_lobby(raced):
    decide(steward=steward(), case=review(raced, 0), kind="penalty", places=2, reason="Divebomb.")

    assert raced.order() == [
        ("r1A_d2", 1, "FIN", points(1)),
        ("r1A_d3", 2, "FIN", points(2)),
        ("r1A_d1", 3, "FIN", points(3)),
        ("r1A_d4", 4, "FIN", points(4)),
        ("r1A_d5", 5, "DNF", 0),
    ]
    winner = RaceResult.objects.get(registration=raced.drivers[0])
    assert (winner.finish_position, winner.finish_status, winner.finished_at) == (1, "FIN", 1)
    raced.lobby.refresh_from_db()
    assert raced.lobby.sof == 35_000


def test_a_penalty_near_the_back_stops_at_the_last_classified_place(raced):
    decide(steward=steward(), case=review(raced, 2), kind="penalty", places=5, reason="Unsafe.")

    assert [row[0] for row in raced.order()] == ["r1A_d1", "r1A_d2", "r1A_d4", "r1A_d3", "r1A_d5"]


def test_a_disqualified_winner_scores_nothing_and_everyone_behind_moves_up(raced):
    decide(steward=steward(), case=review(raced, 0), kind="dsq", reason="Illegal car.")

    assert raced.order() == [
        ("r1A_d2", 1, "FIN", points(1)),
        ("r1A_d3", 2, "FIN", points(2)),
        ("r1A_d4", 3, "FIN", points(3)),
        ("r1A_d5", 4, "DNF", 0),
        ("r1A_d1", 5, "DSQ", 0),
    ]


def test_two_decisions_in_one_lobby_both_apply_from_the_finishing_order(raced):
    decide(
        steward=steward(), case=review(raced, 0), kind="penalty", places=1, reason="Track limits."
    )
    decide(steward=steward("s2"), case=review(raced, 2), kind="dsq", reason="Ramming.")

    assert raced.order() == [
        ("r1A_d2", 1, "FIN", points(1)),
        ("r1A_d1", 2, "FIN", points(2)),
        ("r1A_d4", 3, "FIN", points(3)),
        ("r1A_d5", 4, "DNF", 0),
        ("r1A_d3", 5, "DSQ", 0),
    ]
    assert list(
        RaceResult.objects.filter(lobby=raced.lobby)
        .order_by("finish_position")
        .values_list("registration__driver__online_id", flat=True)
    ) == [f"r1A_d{i}" for i in range(1, 6)]


def test_a_decision_on_a_closed_round_rescores_its_round_scores_and_republishes(
    raced, django_capture_on_commit_callbacks
):
    close_round(round=raced.round)
    first = publish_standings(season=raced.season)

    with django_capture_on_commit_callbacks(execute=True):
        decide(steward=steward(), case=review(raced, 0), kind="dsq", reason="Illegal car.")

    scores = dict(
        RoundScore.objects.filter(round=raced.round).values_list(
            "registration__driver__online_id", "points"
        )
    )
    assert scores["r1A_d1"] == 0 and scores["r1A_d2"] == points(1)
    published = Publication.objects.get(season=raced.season, status="published")
    assert published.version == first.version + 1
    top = published.standings.filter(tier="REGIONAL").order_by("position").first()
    assert top is not None
    assert top.registration == raced.drivers[1] and top.season_points == points(1)


def test_a_decision_on_a_decided_case_is_refused(raced):
    case = review(raced, 0)
    decide(steward=steward(), case=case, kind="warning", reason="Careful.")
    with pytest.raises(RuleViolation, match="already decided"):
        decide(steward=steward("s2"), case=case, kind="dsq", reason="Changed my mind.")
    assert Decision.objects.get().kind == "warning"


def test_a_steward_who_is_a_party_cannot_decide(raced):
    case = file_protest(
        user=raced.user(1), lobby=raced.lobby, accused=raced.drivers[0], lap=1, description="Hit"
    )
    for party in (raced.user(0), raced.user(1)):
        party.is_staff = True
        party.save()
        party.groups.add(steward().groups.get())
        with pytest.raises(RuleViolation, match="one of the drivers of case"):
            decide(steward=party, case=case, kind="dsq", reason="Mine.")
    assert not Decision.objects.exists()
    assert Case.objects.get().status == "open"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": " "}, "Write the reason"),
        ({"kind": "penalty", "places": 0}, "number of places"),
        ({"kind": "warning", "places": 2}, "Only a position penalty"),
        ({"licence_points": 11}, "between 0 and 10"),
        ({"kind": "ban"}, "Choose a decision"),
    ],
)
def test_a_decision_with_bad_details_is_refused(raced, changes, message):
    case = review(raced, 0)
    values = {"kind": "warning", "reason": "Careful."} | changes
    with pytest.raises(RuleViolation, match=message):
        decide(steward=steward(), case=case, **values)
    assert not Decision.objects.exists()


def test_a_driver_cannot_decide(raced):
    with pytest.raises(RuleViolation, match="Only a steward"):
        decide(steward=raced.user(3), case=review(raced, 0), kind="dsq", reason="x")


def test_a_decision_is_audited(raced):
    case = review(raced, 0)
    decide(steward=steward(), case=case, kind="penalty", places=3, licence_points=4, reason="Dive.")
    action = StaffAction.objects.get(action="steward decision")
    assert action.user is not None and action.user.username == "steward"
    assert "3 place(s), 4 licence point(s); Dive." in action.detail


def lobby_file(raced, order: list[int], statuses: dict[int, str] | None = None) -> str:
    """results.csv of the raced lobby with its drivers (indexes) finishing in ``order``."""
    slot = raced.lobby.slot
    start = slot.starts_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = [
        [
            raced.season.label,
            raced.round.number,
            start,
            slot.region,
            slot.league,
            raced.lobby.label,
            raced.drivers[index].driver.online_id,
            place,
            (statuses or {}).get(place, "FIN"),
            35_000,
        ]
        for place, index in enumerate(order, start=1)
    ]
    return "".join(csvfiles.csv_lines(csvfiles.RESULTS, rows))


def test_a_lobby_imported_again_keeps_its_decisions(raced):
    decide(steward=steward(), case=review(raced, 0), kind="dsq", reason="Illegal car.")
    decided = raced.order()

    same = import_results(lobby_file(raced, [0, 1, 2, 3, 4], {5: "DNF"}))
    assert same.ok, same.errors
    assert (same.unchanged, same.replaced) == (1, 0)
    assert raced.order() == decided

    # The server corrects the finish (d2 and d3 swapped): the DSQ applies to the new order.
    corrected = import_results(lobby_file(raced, [0, 2, 1, 3, 4], {5: "DNF"}))
    assert corrected.ok and corrected.replaced == 1
    assert raced.order() == [
        ("r1A_d3", 1, "FIN", points(1)),
        ("r1A_d2", 2, "FIN", points(2)),
        ("r1A_d4", 3, "FIN", points(3)),
        ("r1A_d5", 4, "DNF", 0),
        ("r1A_d1", 5, "DSQ", 0),
    ]
