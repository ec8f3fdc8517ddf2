"""Template helpers of the site's design system: names for codes, flags, medals, movement.

``{% load nations %}`` then ``{{ code|country_name }}``, ``{% country code %}``,
``{% medal row.medal %}``, ``{% movement row.rank previous %}``. The markup
lives in ``templates/partials/``; see docs/design.md.
"""

from django import template

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
