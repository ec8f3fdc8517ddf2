"""Predictions: make one before a race starts, score them once results are confirmed."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leagues.exceptions import RuleViolation
from leagues.models import Driver
from live_events import rules
from live_events.models import Prediction, PredictionReward, Session, SessionResult
from live_events.selectors.common import classification, live_settings


def make_prediction(
    *,
    user,
    session: Session,
    winner: Driver,
    second: Driver | None = None,
    third: Driver | None = None,
    now: dt.datetime | None = None,
) -> Prediction:
    """Pick a race's winner (optionally the podium); a new pick replaces the previous one
    until the race starts."""
    now = now or timezone.now()
    if not session.is_race:
        raise RuleViolation(_("Predictions are made on races only."))
    if session.is_confirmed or now >= session.starts_at:
        raise RuleViolation(
            _("Predictions for %(race)s closed when it started (%(start)s UTC).")
            % {"race": session.name, "start": f"{session.starts_at:%Y-%m-%d %H:%M}"}
        )
    on_grid = set(session.grid.values_list("driver_id", flat=True))
    if not on_grid:
        raise RuleViolation(
            _("The grid of %(race)s is not set yet; predictions open once it is.")
            % {"race": session.name}
        )
    picks = [d for d in (winner, second, third) if d is not None]
    for driver in picks:
        if driver.pk not in on_grid:
            raise RuleViolation(
                _("%(driver)s is not on the grid of %(race)s.")
                % {"driver": driver.display_name, "race": session.name}
            )
    if len({d.pk for d in picks}) != len(picks):
        raise RuleViolation(_("Pick a different driver for each podium place."))
    if third is not None and second is None:
        raise RuleViolation(_("Pick second place before third."))
    with transaction.atomic():
        prediction, _created = Prediction.objects.update_or_create(
            user=user,
            session=session,
            defaults={"winner": winner, "second": second, "third": third},
        )
        return prediction


def score_predictions(*, session: Session) -> int:
    """Score every prediction of a confirmed race and credit the correct ones exactly once.

    Safe to run again (after a stewards' decision): scores follow the
    classification; a credit already paid stays paid (the ledger's one row
    per prediction is unique in the database).
    """
    if not session.is_race or not session.is_confirmed:
        return 0
    podium = [
        row.driver.pk for row in classification(session) if row.status == SessionResult.Status.FIN
    ][:3]
    credits = live_settings(session.event.season).prediction_credits
    now = timezone.now()
    predictions = list(session.predictions.all())
    rewards = []
    for prediction in predictions:
        score = rules.score_prediction(
            winner=prediction.winner_id,
            second=prediction.second_id,
            third=prediction.third_id,
            podium=podium,
        )
        prediction.winner_correct, prediction.points = score.winner_correct, score.points
        prediction.scored_at = now
        if score.winner_correct and credits:
            rewards.append(
                PredictionReward(prediction=prediction, user_id=prediction.user_id, credits=credits)
            )
    with transaction.atomic():
        Prediction.objects.bulk_update(
            predictions, ["winner_correct", "points", "scored_at"], batch_size=500
        )
        PredictionReward.objects.bulk_create(rewards, batch_size=500, ignore_conflicts=True)
    return len(rewards)
