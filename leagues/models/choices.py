"""Closed sets of the rulebook, as model choices (values match ``rules``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    NA = "NA", _("North America")
    CSA = "CSA", _("Central & South America")
    EMEA = "EMEA", _("Europe / Middle East / Africa")
    ASIA = "ASIA", _("Asia")
    OCE = "OCE", _("Oceania")


class League(models.TextChoices):
    GT1 = "GT1", "GT1"
    GT2 = "GT2", "GT2"
    GT3 = "GT3", "GT3"


class Tier(models.TextChoices):
    REGIONAL = "REGIONAL", _("Regional")
    DOMESTIC = "DOMESTIC", _("Domestic")
    MAIN_AREA = "MAIN_AREA", _("Main area")
    SECONDARY_AREA = "SECONDARY_AREA", _("Secondary area")


class Medal(models.TextChoices):
    GOLD = "GOLD", _("Gold")
    SILVER = "SILVER", _("Silver")
    BRONZE = "BRONZE", _("Bronze")


class ResultStatus(models.TextChoices):
    FIN = "FIN", _("Finished")
    DNF = "DNF", _("Did not finish")
    DSQ = "DSQ", _("Disqualified")
