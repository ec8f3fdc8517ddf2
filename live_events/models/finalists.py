from django.db import models
from django.utils.translation import gettext_lazy as _

from leagues.models import Country, Driver, Region, Registration, Season


class FinalistSource(models.TextChoices):
    STANDINGS = "standings", _("Regional standings")
    INVITED = "invited", _("Invited")
    CHAMPION = "champion", _("Returning champion")


class FinalistStatus(models.TextChoices):
    SELECTED = "SELECTED", _("Finalist")
    ALTERNATE = "ALTERNATE", _("Alternate")
    SKIPPED = "SKIPPED", _("Skipped")
    DECLINED = "DECLINED", _("Declined")


class Finalist(models.Model):
    """A driver considered for a season's live events, and the outcome of the selection.

    ``status``, ``reason`` and ``seed`` are written by the selection service
    only; the organiser's inputs are ``declined``, the hand-added rows and
    their notes.
    """

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="finalists")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="finalist_entries")
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    region = models.CharField(max_length=4, choices=Region.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(
        max_length=10, choices=FinalistSource.choices, default=FinalistSource.STANDINGS
    )
    regional_rank = models.PositiveIntegerField(null=True, blank=True)
    season_points = models.PositiveIntegerField(null=True, blank=True)
    order = models.PositiveIntegerField(help_text=_("Order of consideration (hand-added first)."))
    status = models.CharField(max_length=10, choices=FinalistStatus.choices)
    seed = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text=_("Why the driver was skipped."))
    declined = models.BooleanField(default=False)
    note = models.TextField(blank=True, help_text=_("The organiser's note (hand-added, declined)."))
    eligibility_override = models.TextField(
        blank=True, help_text=_("Why an ineligible driver is invited anyway.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["season", "region", "order"]
        constraints = [
            models.UniqueConstraint(fields=["season", "driver"], name="finalist_once_per_season"),
        ]

    def __str__(self) -> str:
        return f"{self.driver} ({self.get_status_display()})"

    @property
    def by_hand(self) -> bool:
        return self.source != FinalistSource.STANDINGS

    @property
    def can_decline(self) -> bool:
        return self.status in {FinalistStatus.SELECTED, FinalistStatus.ALTERNATE}
