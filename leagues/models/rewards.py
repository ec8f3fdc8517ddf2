from django.conf import settings
from django.db import models

from .choices import League, Medal, Tier
from .seasons import Registration, Season
from .standings import Publication


class PayoutRun(models.Model):
    """The one payout run of a season: who started it, what was confirmed, progress and totals.

    ``publication`` and ``rates`` pin the run to the final standings and the
    credit cells (league, tier, medal, credits) the user confirmed: the run
    pays from them and nothing else, whatever happens to the season later.
    """

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"
        STOPPED = "stopped", "Stopped: paid differs from confirmed"

    season = models.OneToOneField(Season, on_delete=models.PROTECT, related_name="payout_run")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="+")
    rates = models.JSONField(help_text="The confirmed credit cells: [league, tier, medal, credits]")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    expected_awards = models.PositiveIntegerField(default=0)
    expected_credits = models.PositiveBigIntegerField(default=0)
    paid_awards = models.PositiveIntegerField(default=0)
    paid_credits = models.PositiveBigIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        # The Payout staff role carries it (``leagues.roles``); the payout pages check it.
        permissions = [("run_payouts", "Can preview, start, resume and export season payouts")]

    def __str__(self) -> str:
        return f"Payout run of {self.season}"


class RewardPayout(models.Model):
    """The ledger: one row per registration, tier and season, written once."""

    # The unique (season, registration, tier) index serves lookups by season.
    season = models.ForeignKey(
        Season, on_delete=models.PROTECT, related_name="payouts", db_index=False
    )
    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="payouts")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="payouts")
    league = models.CharField(max_length=3, choices=League.choices)
    tier = models.CharField(max_length=16, choices=Tier.choices)
    scope = models.CharField(max_length=24)
    medal = models.CharField(max_length=6, choices=Medal.choices)
    credits = models.PositiveBigIntegerField()
    paid_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["season", "registration", "tier"], name="payout_once_per_tier"
            ),
        ]
