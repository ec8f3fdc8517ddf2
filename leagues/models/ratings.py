from django.db import models
from django.utils.translation import gettext_lazy as _

from leagues import rules

from .drivers import Driver, SportsmanshipRating
from .rounds import EntrySlot, RaceServer


class RatingSource(models.TextChoices):
    """Where a rating came from: the game's numbers reach the site only through these."""

    RESULT = "result", _("race result")
    FEED = "feed", _("ratings file")
    SERVER = "server", _("race server")
    REGISTRATIONS = "registrations", _("organiser's registrations file")


class Rating(models.Model):
    """One reading of a driver's game rating at ``rated_at``; the newest one is current.

    Ratings are history: a newer reading never replaces an older row, it only
    becomes the driver's current rating (``Driver.rating``) when its
    ``rated_at`` is the newest, whatever order the readings arrived in.
    """

    # Indexed by the constraints below, which lead with the driver: a result import writes
    # a reading per result, and every index is written with it.
    driver = models.ForeignKey(
        Driver, on_delete=models.CASCADE, related_name="ratings", db_index=False
    )
    dr_points = models.PositiveIntegerField()
    sr_grade = models.CharField(
        max_length=1, choices=SportsmanshipRating.choices, default=SportsmanshipRating.E
    )
    rated_races = models.PositiveIntegerField(default=0)
    rated_at = models.DateTimeField(help_text="When the game gave this rating.")
    source = models.CharField(max_length=13, choices=RatingSource.choices)
    slot = models.ForeignKey(
        EntrySlot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a race result: the slot whose start the DR was read at.",
    )
    server = models.ForeignKey(
        RaceServer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # see rating_server_idx: only readings a server posted
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["driver", "-rated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dr_points__lte=rules.DR_MAX), name="rating_dr_range"
            ),
            models.UniqueConstraint(fields=["driver", "slot"], name="rating_one_per_driver_slot"),
            models.UniqueConstraint(
                fields=["driver", "source", "rated_at"],
                condition=models.Q(source__in=["feed", "server"]),
                name="rating_feed_one_per_driver_and_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["driver", "-rated_at", "-id"], name="rating_newest_per_driver_idx"
            ),
            models.Index(
                fields=["server"],
                condition=models.Q(server__isnull=False),
                name="rating_server_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.driver}: DR {self.dr_points:,} at {self.rated_at:%Y-%m-%d %H:%M}"

    @property
    def dr_grade(self) -> str:
        return rules.dr_grade(self.dr_points, self.rated_races)
