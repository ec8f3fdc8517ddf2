from django.conf import settings
from django.db import models

from leagues.models import Driver

from .sessions import Session


class Prediction(models.Model):
    """A visitor's pick for a race: the winner, optionally the podium.

    One per user and race; a new pick replaces the old one until the race
    starts. ``points`` and ``winner_correct`` are written when results are
    confirmed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="live_predictions"
    )
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="predictions")
    winner = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(
        Driver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    third = models.ForeignKey(
        Driver, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    winner_correct = models.BooleanField(default=False)
    points = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="prediction_one_per_race"),
        ]
        indexes = [models.Index(fields=["session", "winner"], name="prediction_session_idx")]

    def __str__(self) -> str:
        return f"{self.user} picks {self.winner} in {self.session}"


class PredictionReward(models.Model):
    """The credits ledger of predictions: one row per correct prediction, written once."""

    prediction = models.OneToOneField(Prediction, on_delete=models.PROTECT, related_name="reward")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    credits = models.PositiveBigIntegerField()
    paid_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.credits} credits to {self.user}"
