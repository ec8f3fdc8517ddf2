import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .drivers import Driver


class SuspensionSource(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    LICENCE_POINTS = "licence", _("Licence penalty points")


class SuspensionQuerySet(models.QuerySet["Suspension"]):
    def in_force_on(self, day: dt.date) -> "SuspensionQuerySet":
        """Suspensions covering ``day`` (from ``starts_on`` to ``ends_on``, both included)
        that were not lifted."""
        return self.filter(starts_on__lte=day, ends_on__gte=day, lifted_at__isnull=True)


class Suspension(models.Model):
    """A driver barred from registering and from live events from ``starts_on`` to
    ``ends_on`` (both days included). Written by ``leagues.services.discipline`` only."""

    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField(help_text=_("The last day of the suspension."))
    source = models.CharField(
        max_length=10, choices=SuspensionSource.choices, default=SuspensionSource.ORGANISER
    )
    source_key = models.CharField(
        max_length=80,
        blank=True,
        help_text=_(
            "What caused it (e.g. a stewarding decision): suspending twice for the "
            "same key changes nothing."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="suspension_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["source_key"], condition=~Q(source_key=""), name="suspension_one_per_key"
            ),
        ]
        indexes = [
            models.Index(fields=["driver", "ends_on"], name="suspension_driver_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.driver_id} suspended {self.starts_on} to {self.ends_on}"
