from django import forms

from notifications.models import NotificationPreference


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["round_published", "payout_made", "case_decided", "language"]
