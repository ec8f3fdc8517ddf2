import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leagues.models import Driver, Region, Season
from live_events import rules


def validate_time_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("%(name)s is not a time zone: use an IANA name such as Asia/Tokyo."),
            params={"name": name},
        ) from None


class EventKind(models.TextChoices):
    ROUND = "round", _("Round")
    WORLD_FINAL = "world_final", _("World Finals")


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")
    IT = "it", _("Italian")
    ES = "es", _("Spanish")
    PT = "pt", _("Portuguese")
    JA = "ja", _("Japanese")


class LiveEvent(models.Model):
    """A live event on stage: a round of the championship or the World Finals."""

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="live_events")
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    city = models.CharField(max_length=80)
    venue = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    kind = models.CharField(max_length=12, choices=EventKind.choices, default=EventKind.ROUND)
    region = models.CharField(
        max_length=4,
        choices=Region.choices,
        blank=True,
        help_text=_(
            "The region whose race servers may post its live timing; empty: only servers of "
            "no region."
        ),
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("The venue's time zone (IANA name, e.g. Asia/Tokyo)."),
    )
    equipment = models.TextField(
        blank=True, help_text=_("What the drivers race on, e.g. the rig, wheel base and pedals.")
    )
    travel = models.TextField(
        blank=True, help_text=_("Travel and accommodation of the drivers (what is covered).")
    )
    audience = models.TextField(
        blank=True, help_text=_("For the audience: tickets, doors, how to get there.")
    )
    watch_credits = models.PositiveBigIntegerField(
        default=rules.DEFAULT_WATCH_CREDITS,
        help_text=_(
            "Credits of the watch campaign: paid once per viewer who opens a broadcast from "
            "the site while a session is live (0: no campaign)."
        ),
    )

    class Meta:
        ordering = ["season", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="live_event_dates"
            ),
            models.UniqueConstraint(
                fields=["season"],
                condition=models.Q(kind="world_final"),
                name="live_event_one_world_final",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("live_events:event_detail", args=[self.slug])

    @property
    def is_world_final(self) -> bool:
        return self.kind == EventKind.WORLD_FINAL

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Broadcast(models.Model):
    """One language of an event's broadcast, with its commentators and stream."""

    event = models.ForeignKey(LiveEvent, on_delete=models.CASCADE, related_name="broadcasts")
    language = models.CharField(max_length=2, choices=Language.choices)
    commentators = models.CharField(max_length=200, help_text=_("Names, comma separated."))
    stream_url = models.URLField(blank=True)

    class Meta:
        ordering = ["event", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="broadcast_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.get_language_display()})"


class EventEntry(models.Model):
    """A driver entered in an event (in a team season, their team is their ``TeamMember``)."""

    event = models.ForeignKey(LiveEvent, on_delete=models.CASCADE, related_name="entries")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="live_entries")
    number = models.PositiveSmallIntegerField(help_text=_("Car number"))

    class Meta:
        ordering = ["event", "number"]
        verbose_name_plural = _("event entries")
        constraints = [
            models.UniqueConstraint(fields=["event", "driver"], name="entry_once_per_event"),
            models.UniqueConstraint(fields=["event", "number"], name="entry_number_unique"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.driver}"
