import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leagues import rules

from .geography import Country, MainArea, SecondaryArea


class SportsmanshipRating(models.TextChoices):
    E = "E", "E"
    D = "D", "D"
    C = "C", "C"
    B = "B", "B"
    A = "A", "A"
    S = "S", "S"


online_id_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$",
    _("An online id is 3 to 32 letters, digits, '-' or '_', starting with a letter or digit."),
)


def area_errors(
    *, country_id: str | None, main_area: MainArea | None, secondary_area: SecondaryArea | None
) -> dict[str, str]:
    """Why a (country, main area, secondary area) choice is inconsistent, by field."""
    errors = {}
    if main_area is not None and country_id and main_area.country_id != country_id:
        errors["main_area"] = gettext("%(area)s is not an area of the chosen country.") % {
            "area": main_area
        }
    if (
        secondary_area is not None
        and main_area is not None
        and secondary_area.main_area_id != main_area.pk
    ):
        errors["secondary_area"] = gettext("%(area)s is not inside %(main_area)s.") % {
            "area": secondary_area,
            "main_area": main_area,
        }
    return errors


class Driver(models.Model):
    """A person who races. ``user`` is empty for drivers imported before they sign in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="driver",
    )
    online_id = models.CharField(max_length=32, unique=True, validators=[online_id_validator])
    display_name = models.CharField(max_length=64)
    # Personal data: emptied when the account is deleted (privacy/registry.py).
    birth_date = models.DateField(null=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="drivers")
    main_area = models.ForeignKey(MainArea, on_delete=models.PROTECT, related_name="drivers")
    secondary_area = models.ForeignKey(
        SecondaryArea, on_delete=models.PROTECT, related_name="drivers"
    )
    rating = models.ForeignKey(
        "leagues.Rating",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The newest of the driver's ratings (kept by leagues.services.ratings).",
    )
    is_star_player = models.BooleanField(default=False)
    is_banned = models.BooleanField(default=False)
    ban_reason = models.CharField(max_length=200, blank=True)
    bio_team = models.CharField("team", max_length=80, blank=True)
    bio_notes = models.TextField("notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["online_id"]

    def __str__(self) -> str:
        return self.online_id

    def clean(self):
        super().clean()
        errors = area_errors(
            country_id=self.country_id,
            main_area=self.main_area if self.main_area_id else None,
            secondary_area=self.secondary_area if self.secondary_area_id else None,
        )
        if self.birth_date and self.birth_date > dt.date.today():
            errors["birth_date"] = gettext("The birth date is in the future.")
        if errors:
            raise ValidationError(errors)

    # The current rating's numbers; a driver the site has no rating for counts as DR 0,
    # shown as grade E, until rated (domain.md: ratings come from the game).
    @property
    def dr_points(self) -> int:
        return self.rating.dr_points if self.rating else rules.DR_MIN

    @property
    def sr_grade(self) -> str:
        return self.rating.sr_grade if self.rating else SportsmanshipRating.E

    @property
    def rated_races(self) -> int:
        return self.rating.rated_races if self.rating else 0

    @property
    def dr_grade(self) -> str:
        return rules.dr_grade(self.dr_points, self.rated_races)

    @property
    def region(self) -> str:
        return self.country.region


class PendingEmail(models.Model):
    """An account whose email address is not confirmed yet: it may not register for a season.

    Sign-up makes one and mails a signed link to the address; following the link
    deletes it. Accounts made by staff, or before confirmation existed, have none.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_email"
    )
    email = models.EmailField()
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user} ({self.email}, unconfirmed)"
