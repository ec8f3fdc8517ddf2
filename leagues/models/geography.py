from django.db import models

from .choices import Region


class Country(models.Model):
    code = models.CharField(max_length=2, primary_key=True, help_text="ISO 3166-1 alpha-2")
    name = models.CharField(max_length=80)
    region = models.CharField(max_length=4, choices=Region.choices)
    age_of_majority = models.PositiveSmallIntegerField(default=18)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name


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
