import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import translation

from leagues.exceptions import RuleViolation
from leagues.tests.factories import DriverFactory, UserFactory
from live_events.models import Prediction, PredictionReward
from live_events.selectors.pages import prediction_leaderboard
from live_events.services.events import add_steward_decision, confirm_results, generate_grid
from live_events.services.predictions import make_prediction, score_predictions
from live_events.tests.factories import event_with_entrants, run_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def race_ready():
    """A round whose race 1 grid is set, with its drivers in qualifying order."""
    event, drivers = event_with_entrants(3, races=1)
    qualifying, race = event.sessions.order_by("order")
    run_session(qualifying, drivers)
    generate_grid(session=race)
    return race, drivers


def before(session, minutes=5):
    return session.starts_at - dt.timedelta(minutes=minutes)


def test_a_second_prediction_replaces_the_first_until_the_race_starts(race_ready):
    race, (a, b, c) = race_ready
    user = UserFactory()

    make_prediction(user=user, session=race, winner=a, now=before(race, 60))
    make_prediction(user=user, session=race, winner=b, second=a, now=before(race, 1))

    prediction = Prediction.objects.get()
    assert (prediction.winner, prediction.second) == (b, a)


def test_a_prediction_at_or_after_the_start_is_refused(race_ready):
    race, (a, _, _) = race_ready
    user = UserFactory()
    make_prediction(user=user, session=race, winner=a, now=before(race))

    with pytest.raises(RuleViolation, match="closed when it started"):
        make_prediction(user=user, session=race, winner=a, now=race.starts_at)
    assert Prediction.objects.get().winner == a


def test_a_prediction_for_a_driver_not_on_the_grid_is_refused(race_ready):
    race, _ = race_ready
    with pytest.raises(RuleViolation, match="not on the grid"):
        make_prediction(user=UserFactory(), session=race, winner=DriverFactory(), now=before(race))
    assert not Prediction.objects.exists()


def test_correct_predictions_are_scored_and_credited_exactly_once(race_ready):
    race, (a, b, c) = race_ready
    right, wrong = UserFactory(), UserFactory()
    make_prediction(user=right, session=race, winner=a, second=b, third=c, now=before(race))
    make_prediction(user=wrong, session=race, winner=c, now=before(race))

    run_session(race, [a, b, c])  # records and confirms: scores the predictions
    score_predictions(session=race)
    confirm_results(session=race)

    reward = PredictionReward.objects.get()
    assert (reward.user, reward.credits) == (right, 1_000_000)
    board = list(prediction_leaderboard(race.event.season))
    assert [(row["user__username"], row["points"], row["credits"]) for row in board] == [
        (right.username, 5, 1_000_000),
        (wrong.username, 0, None),
    ]


def test_the_ledger_refuses_a_second_reward_for_one_prediction(race_ready):
    race, (a, _, _) = race_ready
    user = UserFactory()
    prediction = make_prediction(user=user, session=race, winner=a, now=before(race))
    PredictionReward.objects.create(prediction=prediction, user=user, credits=1)

    with pytest.raises(IntegrityError):
        PredictionReward.objects.create(prediction=prediction, user=user, credits=1)


def test_a_penalty_after_confirmation_rescores_but_never_pays_twice(race_ready):
    race, (a, b, _) = race_ready
    user = UserFactory()
    make_prediction(user=user, session=race, winner=a, now=before(race))
    run_session(race, [a, b, race_ready[1][2]])

    add_steward_decision(session=race, driver=a, kind="time", seconds=30, note="Unsafe rejoin")

    prediction = Prediction.objects.get()
    assert (prediction.winner_correct, prediction.points) == (False, 0)
    assert PredictionReward.objects.count() == 1


# Languages: viewers read the refusals in the language of the site ------------------------


@pytest.mark.parametrize(
    ("language", "closed"),
    [
        ("fr", "Les pronostics pour Race 1 ont fermé à son départ ({start} UTC)."),
        ("it", "I pronostici per Race 1 si sono chiusi alla partenza ({start} UTC)."),
        ("es", "Los pronósticos para Race 1 se cerraron al empezar ({start} UTC)."),
        ("pt", "Os palpites para Race 1 foram encerrados na largada ({start} UTC)."),
        ("ja", "Race 1の予想はスタート時（{start} UTC）に締め切られました。"),
    ],
)
def test_a_late_prediction_is_refused_in_the_active_language(race_ready, language, closed):
    race, (a, _, _) = race_ready
    with translation.override(language), pytest.raises(RuleViolation) as refused:
        make_prediction(user=UserFactory(), session=race, winner=a, now=race.starts_at)
    assert refused.value.messages == [closed.format(start=f"{race.starts_at:%Y-%m-%d %H:%M}")]


def test_the_english_prediction_refusals_are_word_for_word_as_before(race_ready):
    race, (a, b, _) = race_ready
    qualifying = race.event.sessions.get(order=1)
    outsider = DriverFactory()
    attempts = [
        ({"session": qualifying, "winner": a}, "Predictions are made on races only."),
        (
            {"session": race, "winner": a, "now": race.starts_at},
            f"Predictions for Race 1 closed when it started ({race.starts_at:%Y-%m-%d %H:%M} UTC).",
        ),
        (
            {"session": race, "winner": outsider},
            f"{outsider.display_name} is not on the grid of Race 1.",
        ),
        (
            {"session": race, "winner": a, "second": a},
            "Pick a different driver for each podium place.",
        ),
        ({"session": race, "winner": a, "third": b}, "Pick second place before third."),
    ]
    for kwargs, message in attempts:
        kwargs.setdefault("now", before(race))
        with pytest.raises(RuleViolation) as refused:
            make_prediction(user=UserFactory(), **kwargs)
        assert refused.value.messages == [message]
    race.grid.all().delete()
    with pytest.raises(RuleViolation) as no_grid:
        make_prediction(user=UserFactory(), session=race, winner=a, now=before(race))
    assert no_grid.value.messages == [
        "The grid of Race 1 is not set yet; predictions open once it is."
    ]
