import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leagues.models import Driver
from notifications.webhooks import rules as webhook_rules


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


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """An organiser's URL told of the kinds of event it subscribed to, signed with its secret."""

    class Kind(models.TextChoices):
        ROUND_PUBLISHED = webhook_rules.ROUND_PUBLISHED, _("Round published")
        STANDINGS_PUBLISHED = webhook_rules.STANDINGS_PUBLISHED, _("Standings published")
        SESSION_RESULTS_CONFIRMED = (
            webhook_rules.SESSION_RESULTS_CONFIRMED,
            _("Live-session results confirmed"),
        )
        DECISION_PUBLISHED = webhook_rules.DECISION_PUBLISHED, _("Stewards' decision published")

    name = models.CharField(max_length=80, help_text=_("e.g. Discord #results"))
    url = models.URLField(
        max_length=500, help_text=_("https only; a Discord channel's webhook URL works as is.")
    )
    kinds = models.JSONField(default=list, help_text=_("The kinds of event this URL is told of."))
    secret = models.CharField(
        max_length=64,
        default=new_webhook_secret,
        editable=False,
        help_text=_("Signs every delivery (X-Nationscup-Signature); give it to the receiver."),
    )
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def wants(self, kind: str) -> bool:
        return kind in self.kinds


class WebhookEvent(models.Model):
    """One fact announced once: the unique key makes a signal sent twice announce it once."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=80, unique=True, help_text=_("What the event is about"))
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class WebhookDelivery(models.Model):
    """An event posted to one webhook: tried until it succeeds or runs out of attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["event", "webhook"], name="webhook_delivery_once"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook}"


class WebhookAttempt(models.Model):
    """One try of a delivery: when, what came back, how long it took."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_once"),
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of {self.delivery}"
