"""Template helpers of the site's design system: names for codes, flags, medals, movement,
moments.

``{% load nations %}`` then ``{{ code|country_name }}``, ``{% country code %}``,
``{% medal row.medal %}``, ``{% movement row.rank previous %}``, ``{% utc_time moment %}``.
The markup lives in ``templates/partials/`` (a moment's is here: it is drawn many times
a page); see docs/design.md.
"""

import datetime as dt

from django import template
from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from leagues import names

register = template.Library()


@register.filter
def country_name(code: str, fallback: str = "") -> str:
    return names.country_name(code, fallback)


@register.filter
def flag(code: str) -> str:
    return names.flag(code)


@register.filter
def region_name(code: str) -> str:
    return names.region_name(code)


@register.filter
def tier_name(code: str) -> str:
    return names.tier_name(code)


@register.filter
def scheme_name(code: str) -> str:
    return names.scheme_name(code)


@register.inclusion_tag("partials/country.html")
def country(code: str, fallback: str = "", short: bool = False) -> dict:
    """A flag and the country's name in the visitor's language (the flag is decorative)."""
    return {
        "code": code,
        "flag": names.flag(code),
        "name": names.country_name(code, fallback),
        "short": short,
    }


@register.inclusion_tag("partials/medal.html")
def medal(code: str) -> dict:
    """A medal as a coloured badge that also says its word (a letter on narrow screens)."""
    return {"medal": code}


@register.inclusion_tag("partials/movement.html")
def movement(rank: int | None, previous: int | None) -> dict:
    """Places gained or lost since the previous publication, as an arrow and a number."""
    if rank is None or previous is None:
        return {"kind": "new" if rank is not None else "", "places": 0}
    change = previous - rank
    return {"kind": "up" if change > 0 else "down" if change < 0 else "same", "places": abs(change)}


@register.simple_tag
def page_numbers(page: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: the first, the last and ``around`` either side of the
    current one; None where numbers are left out."""
    shown = {1, pages, *range(max(1, page - around), min(pages, page + around) + 1)}
    numbers: list[int | None] = []
    for number in sorted(shown):
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@register.filter
def laps(round_, league: str) -> int:
    """A round's laps in one league (they may differ per league)."""
    return round_.laps_for(league)


@register.filter
def reason_text(reason) -> str:
    """One reason a driver may not race the live events, in the visitor's language."""
    from leagues.selectors.eligibility import reason_text as wording

    return wording(reason)


@register.simple_tag
def utc_time(moment: dt.datetime | None, short: bool = False) -> SafeString | str:
    """A moment in the visitor's time zone (the time alone if ``short``), its UTC form in the
    title; ``site.js`` shows it in the browser's zone when the visitor chose none."""
    if moment is None:
        return ""
    utc = moment.astimezone(dt.UTC)
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{} UTC" data-tz{}>{} {}</time>',
        dateformat.format(utc, "c"),
        dateformat.format(utc, "Y-m-d H:i"),
        mark_safe(" data-short") if short else "",
        date_format(local, "H:i" if short else gettext("D j M H:i")),
        dateformat.format(local, "T"),
    )
