"""Suspensions in the admin: written through ``leagues.services.discipline`` only."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone

from leagues.exceptions import RuleViolation
from leagues.models import Suspension
from leagues.services.discipline import lift_suspension, suspend_driver

from .base import ReadOnlyAdmin


class SuspendForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    starts_on = forms.DateField(
        initial=timezone.localdate, help_text="First day of the suspension (YYYY-MM-DD)."
    )
    ends_on = forms.DateField(help_text="Last day of the suspension (YYYY-MM-DD), included.")


class LiftForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


def action_form_page(modeladmin, request, queryset, form, *, title: str, action: str):
    """The intermediate page of an admin action that needs a reason (and dates)."""
    return TemplateResponse(
        request,
        "admin/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "queryset": queryset,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "opts": modeladmin.model._meta,
        },
    )


@admin.action(
    description="Suspend the selected drivers (reason and end date)", permissions=["change"]
)
def suspend_drivers(modeladmin, request, queryset):
    """DriverAdmin's action: a form for the reason and dates, then one suspension each."""
    form = SuspendForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return action_form_page(
            modeladmin, request, queryset, form, title="Suspend drivers", action="suspend_drivers"
        )
    for driver in queryset:
        try:
            suspend_driver(
                driver=driver,
                reason=form.cleaned_data["reason"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
                by=request.user,
            )
        except RuleViolation as error:
            messages.error(request, f"{driver}: {' '.join(error.messages)}")
            return None
        messages.success(request, f"{driver} is suspended until {form.cleaned_data['ends_on']}.")
    return None


@admin.register(Suspension)
class SuspensionAdmin(ReadOnlyAdmin):
    """Suspensions are added from the drivers list (its action) and lifted with a reason."""

    list_display = ("driver", "starts_on", "ends_on", "source", "reason", "created_by", "lifted_at")
    list_filter = ("source", ("lifted_at", admin.EmptyFieldListFilter))
    search_fields = ("=driver__online_id",)
    list_select_related = ("driver", "created_by")
    raw_id_fields = ("driver",)
    date_hierarchy = "starts_on"
    actions = ["lift_action"]

    def has_change_permission(self, request, obj=None):
        # The lift action needs it; the change form itself shows every field read-only.
        return request.user.has_perm("leagues.change_suspension")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.action(
        description="Lift the selected suspensions (with a reason)", permissions=["change"]
    )
    def lift_action(self, request, queryset):
        form = LiftForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_page(
                self, request, queryset, form, title="Lift suspensions", action="lift_action"
            )
        for suspension in queryset.select_related("driver"):
            lift_suspension(
                suspension=suspension, reason=form.cleaned_data["reason"], by=request.user
            )
        messages.success(request, f"{queryset.count()} suspension(s) lifted.")
        return None
