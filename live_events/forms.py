from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from leagues.models import Driver
from live_events.models import FinalistSource


class PredictionForm(forms.Form):
    """Pick a race's winner and, if you like, the rest of the podium.

    The choices list the grid; the service decides what is accepted, so a
    forged choice gets the rulebook's message, not a generic one.
    """

    winner = forms.ModelChoiceField(queryset=Driver.objects.all(), label=_("Winner"))
    second = forms.ModelChoiceField(
        queryset=Driver.objects.all(), label=_("Second"), required=False
    )
    third = forms.ModelChoiceField(queryset=Driver.objects.all(), label=_("Third"), required=False)

    def __init__(self, *args, grid=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(slot.driver_id, slot.driver.display_name) for slot in grid]
        for name, empty in (
            ("winner", "---------"),
            ("second", _("(no pick)")),
            ("third", _("(no pick)")),
        ):
            cast(forms.ModelChoiceField, self.fields[name]).choices = [("", empty), *choices]


class AddFinalistForm(forms.Form):
    online_id = forms.CharField(label=_("Online id"), max_length=32)
    source = forms.ChoiceField(
        label=_("Why"),
        choices=[c for c in FinalistSource.choices if c[0] != FinalistSource.STANDINGS],
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}))
    eligibility_override = forms.CharField(
        label=_("Eligibility override"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only for a driver who is not eligible: why they are invited anyway."),
    )

    def clean_online_id(self):
        online_id = self.cleaned_data["online_id"].strip()
        driver = Driver.objects.select_related("country").filter(online_id=online_id).first()
        if driver is None:
            raise forms.ValidationError(_("No driver has this online id."))
        self.driver = driver
        return online_id


class DeclineForm(forms.Form):
    finalist = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
