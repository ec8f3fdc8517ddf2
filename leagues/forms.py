from typing import cast

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from leagues import names
from leagues.models import Country, Driver, MainArea, SecondaryArea
from privacy.registry import PSEUDONYM_PREFIX


def refuse_pseudonym(value: str) -> str:
    """Names starting ``deleted-`` belong to deleted accounts (their stable pseudonyms)."""
    if value.lower().startswith(PSEUDONYM_PREFIX):
        raise forms.ValidationError(
            _("Names starting with “%(prefix)s” are kept for deleted accounts.")
            % {"prefix": PSEUDONYM_PREFIX}
        )
    return value


class SignUpForm(UserCreationForm):
    email = forms.EmailField(label=_("Email"))

    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]  # the stubs lack its Meta
        fields = ("username", "email")

    def clean_username(self):
        return refuse_pseudonym(super().clean_username())


class DriverProfileForm(forms.ModelForm):
    """A driver's own profile; area lists are narrowed to the chosen country.

    Ratings and titles are not the driver's to type: they come from the game and
    from results (``leagues.services.ratings``, ``leagues.selectors.honours``).
    """

    class Meta:
        model = Driver
        fields = [
            "online_id",
            "display_name",
            "birth_date",
            "country",
            "main_area",
            "secondary_area",
            "bio_team",
            "bio_notes",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}),
            "bio_notes": forms.Textarea(attrs={"rows": 3}),
            "country": forms.Select(attrs={"data-areas-country": ""}),
            "main_area": forms.Select(attrs={"data-areas-main": ""}),
            "secondary_area": forms.Select(attrs={"data-areas-secondary": ""}),
        }
        error_messages = {
            "online_id": {"unique": _("Driver with this Online id already exists.")},
        }

    def clean_online_id(self):
        online_id = self.cleaned_data["online_id"]
        if self.fields["online_id"].disabled:
            return online_id
        taken = Driver.objects.filter(online_id__iexact=online_id).exclude(pk=self.instance.pk)
        if taken.filter(registrations__isnull=False).exists():
            # Results hang off registrations: this covers "has results" too.
            raise forms.ValidationError(
                _(
                    "This online id already has a profile with race history. If it is yours, "
                    "claim it with a code from the game instead."
                )
            )
        if taken.exists():
            raise forms.ValidationError(_("Driver with this Online id already exists."))
        return refuse_pseudonym(online_id)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Countries by their name in the visitor's language, in that language's order.
        countries = [
            (code, f"{names.country_name(code, name)}")
            for code, name in Country.objects.values_list("code", "name")
        ]
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "---------")] + sorted(
            countries, key=lambda choice: names.sort_key(choice[1])
        )
        country = self.data.get("country") or self.instance.country_id or None
        main_area = cast(forms.ModelChoiceField, self.fields["main_area"])
        main_area.queryset = MainArea.objects.filter(country_id=country)
        secondary_area = cast(forms.ModelChoiceField, self.fields["secondary_area"])
        secondary_area.queryset = SecondaryArea.objects.filter(main_area__country_id=country)
        for name in ("main_area", "secondary_area"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose an area of the chosen country."
            )
        if self.instance.pk and self.instance.registrations.exists():
            self.fields["online_id"].disabled = True
            self.fields["online_id"].help_text = _(
                "Your online id is fixed once you have registered for a season."
            )


class ClaimForm(forms.Form):
    """An online id and the one-time code the game showed for it."""

    online_id = forms.CharField(label=_("Online id"), max_length=32)
    code = forms.CharField(
        label=_("Claim code"),
        max_length=16,
        help_text=_("The game shows it when you ask to link your online id to the site."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class ConfirmRegistrationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that these details are correct and mine."), required=True
    )
