"""Forms of the protest, the statement, the review and the decision.

They only shape the input; every rule is checked by the service, whose refusal
becomes the form's error.
"""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from stewarding import rules
from stewarding.models import Decision

TEXT = forms.Textarea(attrs={"rows": 5, "maxlength": rules.DESCRIPTION_MAX})


class _Incident(forms.Form):
    lap = forms.IntegerField(label=_("Lap"), min_value=1)
    description = forms.CharField(
        label=_("What happened"),
        widget=TEXT,
        help_text=_("At most %(max)s characters.") % {"max": rules.DESCRIPTION_MAX},
    )
    video_url = forms.CharField(
        label=_("Video link (optional)"),
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("An https link to the replay or onboard video."),
    )


class ProtestForm(_Incident):
    """``against`` is "<lobby id>:<registration id>": a driver may race the same rival twice."""

    against = forms.ChoiceField(label=_("Against"))
    field_order = ["against", "lap", "description", "video_url"]

    def __init__(self, *args, lobbies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["against"]).choices = [
            (
                f"{item.lobby.slot.starts_at:%H:%M} UTC · "
                + str(_("Lobby"))
                + f" {item.lobby.label}",
                [(f"{item.lobby.pk}:{rival.pk}", rival.display_name) for rival in item.rivals],
            )
            for item in lobbies
        ]

    def target(self) -> tuple[int, int]:
        lobby_id, registration_id = self.cleaned_data["against"].split(":")
        return int(lobby_id), int(registration_id)


class ReviewForm(_Incident):
    accused = forms.TypedChoiceField(label=_("Driver"), coerce=int)
    field_order = ["accused", "lap", "description", "video_url"]

    def __init__(self, *args, starters, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["accused"]).choices = [
            (r.pk, r.display_name) for r in starters
        ]


class StatementForm(forms.Form):
    text = forms.CharField(label=_("Your statement"), widget=TEXT)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Kind.choices, widget=forms.RadioSelect
    )
    places = forms.IntegerField(
        label=_("Places dropped"),
        min_value=0,
        required=False,
        help_text=_("Position penalties only."),
    )
    licence_points = forms.IntegerField(
        label=_("Licence penalty points"),
        min_value=0,
        max_value=rules.LICENCE_POINTS_MAX,
        initial=0,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=TEXT, help_text=_("Published on the round's page.")
    )
