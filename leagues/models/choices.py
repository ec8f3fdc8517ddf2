"""Closed sets of the rulebook, as model choices (values match ``rules``)."""

from django.db import models


class Region(models.TextChoices):
    NA = "NA", "North America"
    CSA = "CSA", "Central & South America"
    EMEA = "EMEA", "Europe / Middle East / Africa"
    ASIA = "ASIA", "Asia"
    OCE = "OCE", "Oceania"


class League(models.TextChoices):
    GT1 = "GT1", "GT1"
    GT2 = "GT2", "GT2"
    GT3 = "GT3", "GT3"


class Tier(models.TextChoices):
    REGIONAL = "REGIONAL", "Regional"
    DOMESTIC = "DOMESTIC", "Domestic"
    MAIN_AREA = "MAIN_AREA", "Main area"
    SECONDARY_AREA = "SECONDARY_AREA", "Secondary area"


class Medal(models.TextChoices):
    GOLD = "GOLD", "Gold"
    SILVER = "SILVER", "Silver"
    BRONZE = "BRONZE", "Bronze"


class ResultStatus(models.TextChoices):
    FIN = "FIN", "Finished"
    DNF = "DNF", "Did not finish"
    DSQ = "DSQ", "Disqualified"
