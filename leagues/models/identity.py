from django.conf import settings
from django.db import models

from .drivers import Driver
from .rounds import RaceServer


class ClaimCode(models.Model):
    """A one-time code a race server asked for, for the game to show the player; whoever
    enters it on the site (signed in) gets the online id's profile. Only its hash is kept.
    Written by ``leagues.services.identity`` only."""

    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="claim_codes")
    code_hash = models.CharField(max_length=64)
    server = models.ForeignKey(
        RaceServer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    wrong_tries = models.PositiveSmallIntegerField(default=0)
    voided_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["driver", "-created_at"], name="claim_code_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"claim code for {self.driver_id} (until {self.expires_at:%Y-%m-%d %H:%M})"

    @property
    def is_pending(self) -> bool:
        return self.voided_at is None and self.used_at is None
