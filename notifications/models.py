from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leagues.models import Driver


class NotificationPreference(models.Model):
    """Which emails a driver asked for; both are off until the driver opts in."""

    driver = models.OneToOneField(
        Driver, on_delete=models.CASCADE, related_name="notification_preference"
    )
    round_published = models.BooleanField(_("when a round I raced is published"), default=False)
    payout_made = models.BooleanField(_("when my season rewards are paid"), default=False)
    case_decided = models.BooleanField(
        _("when a protest or review about my race is opened, and when the stewards decide it"),
        default=False,
    )
    language = models.CharField(
        _("language of the emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Notifications of {self.driver_id}"


class SentNotification(models.Model):
    """One email sent: the unique key makes a redelivered job skip what it already sent."""

    class Kind(models.TextChoices):
        ROUND_PUBLISHED = "round", _("Round published")
        PAYOUT_MADE = "payout", _("Payout made")
        CASE_DECIDED = "case", _("Stewards' decision")
        CASE_OPENED = "accused", _("Protest or review about me")

    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=40, help_text="The round or season the email was about")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["driver", "kind", "key"], name="notification_sent_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} to {self.driver_id}"
