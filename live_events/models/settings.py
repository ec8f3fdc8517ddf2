from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leagues.models import Region, Season
from live_events import rules


def default_region_quotas() -> dict:
    return dict(rules.DEFAULT_REGION_QUOTAS)


def default_round_points() -> list:
    return list(rules.DEFAULT_ROUND_POINTS)


def default_final_points() -> list:
    return list(rules.DEFAULT_FINAL_POINTS)


class LiveSeasonSettings(models.Model):
    """A season's live-event settings: quotas, format, points tables, prediction credits."""

    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        TEAM = "team", _("Team (nations)")

    season = models.OneToOneField(Season, on_delete=models.CASCADE, related_name="live_settings")
    finalists = models.PositiveSmallIntegerField(default=12)
    region_quotas = models.JSONField(
        default=default_region_quotas, help_text=_('Spots per region, e.g. {"EMEA": 4}.')
    )
    max_per_country = models.PositiveSmallIntegerField(default=rules.DEFAULT_MAX_PER_COUNTRY)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.INDIVIDUAL)
    team_size = models.PositiveSmallIntegerField(default=rules.DEFAULT_TEAM_SIZE)
    round_points = models.JSONField(
        default=default_round_points, help_text=_("Points of each event's top finishers.")
    )
    final_points = models.JSONField(
        default=default_final_points, help_text=_("Points of each World Finals race.")
    )
    grand_final_multiplier = models.PositiveSmallIntegerField(
        default=rules.DEFAULT_GRAND_FINAL_MULTIPLIER
    )
    prediction_credits = models.PositiveBigIntegerField(default=rules.DEFAULT_PREDICTION_CREDITS)
    finalists_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("live season settings")
        verbose_name_plural = _("live season settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_per_country__gte=1), name="live_settings_country_max_min"
            ),
            models.CheckConstraint(
                condition=models.Q(team_size__gte=1), name="live_settings_team_size_min"
            ),
        ]

    def __str__(self) -> str:
        return f"Live settings of {self.season}"

    def clean(self):
        errors = rules.quota_errors(self.region_quotas or {}, self.finalists, Region.values)
        for name in ("round_points", "final_points"):
            table = getattr(self, name)
            if not isinstance(table, list) or any(not isinstance(p, int) or p < 0 for p in table):
                errors.append(f"{name.replace('_', ' ').capitalize()}: a list of whole numbers.")
            elif table != sorted(table, reverse=True):
                errors.append(f"{name.replace('_', ' ').capitalize()}: must not increase.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_team(self) -> bool:
        return self.format == self.Format.TEAM

    @property
    def finalists_confirmed(self) -> bool:
        return self.finalists_confirmed_at is not None

    def mark_confirmed(self) -> None:
        self.finalists_confirmed_at = timezone.now()
