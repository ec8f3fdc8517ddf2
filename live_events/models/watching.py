from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .events import Language, LiveEvent
from .sessions import Session


class WatchReward(models.Model):
    """The credits ledger of watching: one row per viewer and event, written once.

    Like ``PredictionReward``, a credit is a row that the database lets exist
    only once (here per user and event), so a second click, a double submit
    or two tabs at once never pay twice.
    """

    event = models.ForeignKey(LiveEvent, on_delete=models.PROTECT, related_name="watch_rewards")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=2, choices=Language.choices)
    credits = models.PositiveBigIntegerField()
    paid_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("watch reward")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="watch_reward_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.credits} credits to {self.user} for watching {self.event}"
