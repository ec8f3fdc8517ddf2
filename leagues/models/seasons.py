import copy

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leagues import rules

from .choices import League, Medal, Region, Tier
from .drivers import Driver
from .geography import Country, MainArea, SecondaryArea


class SeasonKind(models.TextChoices):
    OFFICIAL = "official", _("Official")
    EXHIBITION = "exhibition", _("Exhibition")


class SeasonStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Registration open")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


WHEN = "%Y-%m-%d %H:%M"


def default_slot_hours() -> dict:
    return copy.deepcopy(rules.DEFAULT_SLOT_HOURS)


class Season(models.Model):
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=SeasonKind.choices, default=SeasonKind.OFFICIAL)
    name = models.CharField(max_length=80, blank=True)
    registration_opens = models.DateTimeField()
    registration_closes = models.DateTimeField()
    rounds_planned = models.PositiveSmallIntegerField(default=6)
    best_rounds = models.PositiveSmallIntegerField(
        default=3, help_text="How many of a driver's best round scores count."
    )
    points_scheme = models.CharField(
        max_length=20,
        default="default",
        choices=[(name, name) for name in rules.POINTS_SCHEMES],
    )
    slot_hours = models.JSONField(
        default=default_slot_hours, help_text="UTC hours per region and league, in day order."
    )
    close_grace_minutes = models.PositiveSmallIntegerField(
        default=90, help_text="How long after its last slot starts a round closes."
    )
    gt1_multiplier = models.PositiveSmallIntegerField(default=rules.DEFAULT_GT1_MULTIPLIER)
    protest_window_hours = models.PositiveSmallIntegerField(
        default=24, help_text="How long after a round closes its starters may file a protest."
    )
    # Moves forward only, through leagues.services.seasons: never a form field.
    status = models.CharField(
        max_length=10, choices=SeasonStatus.choices, default=SeasonStatus.UPCOMING, editable=False
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="season_year_kind_unique"),
            models.CheckConstraint(
                condition=models.Q(registration_closes__gt=models.F("registration_opens")),
                name="season_registration_window_order",
            ),
        ]

    def __str__(self) -> str:
        """The organiser's name for the season, else one in the visitor's language."""
        if self.name:
            return self.name
        if self.kind == SeasonKind.EXHIBITION:
            return gettext("%(year)s Exhibition season") % {"year": self.year}
        return gettext("%(year)s Official season") % {"year": self.year}

    def registration_refusal(self, now) -> str | None:
        """Why a driver cannot register at ``now``, or None when they can."""
        if self.status == SeasonStatus.CLOSED:
            return gettext("The %(season)s is closed.") % {"season": self}
        if now < self.registration_opens:
            return gettext("Registration for the %(season)s opens %(when)s UTC.") % {
                "season": self,
                "when": f"{self.registration_opens:{WHEN}}",
            }
        if now >= self.registration_closes:
            return gettext("Registration for the %(season)s closed %(when)s UTC.") % {
                "season": self,
                "when": f"{self.registration_closes:{WHEN}}",
            }
        return None

    @property
    def label(self) -> str:
        """The season's key in files and commands: the year, suffixed for exhibitions."""
        if self.kind == SeasonKind.OFFICIAL:
            return str(self.year)
        return f"{self.year}-{self.kind}"


class Registration(models.Model):
    """A driver's entry to one season, with a snapshot of who they were then."""

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="registrations")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="registrations")
    display_name = models.CharField(max_length=64)
    birth_date = models.DateField(null=True)
    dr_points = models.PositiveIntegerField()
    rating = models.ForeignKey(
        "leagues.Rating",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The rating the DR was taken from; empty when the driver had none (DR 0).",
    )
    league = models.CharField(max_length=3, choices=League.choices)
    region = models.CharField(max_length=4, choices=Region.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    main_area = models.ForeignKey(MainArea, on_delete=models.PROTECT, related_name="+")
    secondary_area = models.ForeignKey(SecondaryArea, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["season", "driver__online_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "driver"], name="registration_one_per_driver_and_season"
            ),
            models.CheckConstraint(
                condition=models.Q(dr_points__lte=rules.DR_MAX), name="registration_dr_range"
            ),
        ]
        indexes = [
            models.Index(fields=["season", "region", "league"], name="registration_scope_idx"),
        ]

    def __str__(self) -> str:
        """The name and league it was made with (no query: both are the snapshot's own)."""
        return f"{self.display_name} ({self.league} {self.region})"

    @classmethod
    def snapshot_of(cls, driver: Driver, season: Season) -> "Registration":
        """An unsaved registration copying who ``driver`` is now; it never follows later edits."""
        return cls(
            season=season,
            driver=driver,
            display_name=driver.display_name,
            birth_date=driver.birth_date,
            dr_points=driver.dr_points,
            rating=driver.rating,
            league=rules.league_for_dr(driver.dr_points),
            region=driver.country.region,
            country_id=driver.country_id,
            main_area_id=driver.main_area_id,
            secondary_area_id=driver.secondary_area_id,
        )


class RewardRate(models.Model):
    """One cell of a season's reward table (GT2/GT3 credits; GT1 is multiplied)."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="reward_rates")
    tier = models.CharField(max_length=16, choices=Tier.choices)
    medal = models.CharField(max_length=6, choices=Medal.choices)
    credits = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["season", "tier", "medal"], name="reward_rate_one_per_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} {self.get_medal_display()}: {self.credits:,} credits"


class StaffAction(models.Model):
    """Audit trail of organiser and payout actions: who did what, when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=80)
    detail = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
