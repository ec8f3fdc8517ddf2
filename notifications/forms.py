from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from leagues.exceptions import RuleViolation
from notifications.models import NotificationPreference, Webhook
from notifications.webhooks import services as webhooks


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["round_published", "payout_made", "case_decided", "language"]


def https_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A URL typed without its scheme is taken as https (Django 6's default, said now)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class WebhookForm(forms.ModelForm):
    """An organiser's webhook: the URL is checked (https, a public address) before saving."""

    kinds = forms.MultipleChoiceField(
        choices=Webhook.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The kinds of event this URL is told of."),
    )

    class Meta:
        model = Webhook
        fields = ["name", "url", "kinds", "active"]
        formfield_callback = https_formfield

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            webhooks.check_url(url)
        except RuleViolation as refusal:
            raise forms.ValidationError(refusal.messages) from refusal
        return url
