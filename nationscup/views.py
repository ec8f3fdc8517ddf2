"""The visitor's time zone: shown in the footer, changed on its own small page."""

import zoneinfo
from dataclasses import dataclass
from functools import cache

from django import forms
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from nationscup.middleware import TIMEZONE_COOKIE

ONE_YEAR = 365 * 24 * 3600


@cache
def zone_choices() -> list[tuple[str, str]]:
    """Every zone the picker accepts (aliases such as US/Eastern included, for typing)."""
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [("UTC", "UTC")] + [(name, name.replace("_", " ")) for name in names if name != "UTC"]


# The picker's groups: canonical "Area/City" zones only, so aliases do not repeat cities.
ZONE_AREAS = {
    "Africa": _("Africa"),
    "America": _("Americas"),
    "Antarctica": _("Antarctica"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}


@dataclass(frozen=True)
class Zone:
    name: str
    city: str


@cache
def _zones_by_area() -> dict[str, list[Zone]]:
    groups: dict[str, list[Zone]] = {area: [] for area in ZONE_AREAS}
    for name, _label in zone_choices():
        area, _, rest = name.partition("/")
        if area in groups and rest:
            city = rest.replace("_", " ").replace("/", " · ")
            groups[area].append(Zone(name=name, city=city))
    return groups


def zone_groups() -> list[tuple[str, list[Zone]]]:
    """(translated area name, zones by city) for the picker, areas in a fixed order."""
    return [(str(ZONE_AREAS[area]), zones) for area, zones in _zones_by_area().items()]


class TimeZoneForm(forms.Form):
    timezone = forms.ChoiceField(
        label=_("Search for your city or zone"),
        choices=zone_choices,
        widget=forms.TextInput(
            attrs={
                "list": "zone-names",
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "data-zone-search": "",
            }
        ),
    )
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
    context = {
        "form": form,
        "current": current,
        "groups": zone_groups(),
        "names": [name for name, _label in zone_choices()],
    }
    return render(request, "time_zone.html", context, status=status)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon."""
    return redirect(static("img/favicon-32.png"), permanent=True)
