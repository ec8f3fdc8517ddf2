"""The visitor's time zone: shown in the footer, changed on its own small page."""

import zoneinfo
from functools import cache

from django import forms
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from nationscup.middleware import TIMEZONE_COOKIE

ONE_YEAR = 365 * 24 * 3600


@cache
def zone_choices() -> list[tuple[str, str]]:
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [("UTC", "UTC")] + [(name, name.replace("_", " ")) for name in names if name != "UTC"]


class TimeZoneForm(forms.Form):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def time_zone(request):
    """Show or change the zone every time on the site is shown in (kept in a cookie)."""
    current = getattr(request, "timezone", None)
    initial = {"timezone": str(current) if current else "UTC", "next": request.GET.get("next")}
    form = TimeZoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "/"
        response = redirect(target)
        response.set_cookie(
            TIMEZONE_COOKIE,
            form.cleaned_data["timezone"],
            max_age=ONE_YEAR,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    status = 400 if form.errors else 200
    return render(request, "time_zone.html", {"form": form, "current": current}, status=status)
