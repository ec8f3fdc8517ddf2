from django.db import models

from .choices import Region


class Country(models.Model):
    code = models.CharField(max_length=2, primary_key=True, help_text="ISO 3166-1 alpha-2")
    name = models.CharField(max_length=80)
    region = models.CharField(max_length=4, choices=Region.choices)
    age_of_majority = models.PositiveSmallIntegerField(default=18)
    live_event_min_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Minimum age for live events when the series sets more than the age of "
        "majority (2024: 21 in Saudi Arabia, Kuwait and the UAE); empty: the age of majority.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    @property
    def live_event_age(self) -> int:
        """The age a driver of this country must have on a live event's first day."""
        return max(self.age_of_majority, self.live_event_min_age or 0)


class MainArea(models.Model):
    """A state, province or large region of a country."""

    code = models.CharField(max_length=16, unique=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="main_areas")
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class SecondaryArea(models.Model):
    """A smaller region inside a main area."""

    code = models.CharField(max_length=24, unique=True)
    main_area = models.ForeignKey(
        MainArea, on_delete=models.PROTECT, related_name="secondary_areas"
    )
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["main_area", "name"]

    def __str__(self) -> str:
        return self.name
