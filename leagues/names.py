"""Names shown to people, in the visitor's language: countries, regions, tiers, schemes.

Codes (``FR``, ``EMEA``, ``REGIONAL``, ``FR-NAQ-47``) are what files, URLs and
the database hold; pages show names. Country names come from the Unicode
CLDR through Babel's territory names, so they follow the visitor's language
without a translation of our own; the stored English name is the fallback
for a code CLDR does not know. Flags are emoji built from the code's two
regional-indicator letters (no image, no network), always next to the name.
"""

import unicodedata
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils import translation
from django.utils.translation import gettext as _

from leagues.models.choices import League, Region, Tier

REGIONAL_INDICATOR_A = 0x1F1E6


@lru_cache(maxsize=16)
def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(language.replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError):
        return dict(Locale.parse("en").territories)


def country_name(code: str, fallback: str = "", language: str | None = None) -> str:
    """The country's name in ``language`` (default: the active one), from CLDR."""
    code = (code or "").upper()
    names = _territories(language or translation.get_language() or "en")
    return names.get(code) or fallback or code


def flag(code: str) -> str:
    """The flag emoji of an ISO 3166-1 alpha-2 code ('' for anything else)."""
    code = (code or "").upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        return ""
    return "".join(chr(REGIONAL_INDICATOR_A + ord(letter) - ord("A")) for letter in code)


def sort_key(name: str) -> str:
    """Alphabetical order that ignores accents and case (Åland with the A's)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def region_name(code: str) -> str:
    try:
        return str(Region(code).label)
    except ValueError:
        return code


def tier_name(code: str) -> str:
    try:
        return str(Tier(code).label)
    except ValueError:
        return code


def league_name(code: str) -> str:
    try:
        return str(League(code).label)
    except ValueError:
        return code


def scheme_name(code: str) -> str:
    """The points scheme's name as the rules page explains it."""
    names = {"default": _("Position × lobby strength (standard)")}
    return names.get(code, code)


def scope_name(tier: str, scope: str, area_names: dict[str, str] | None = None) -> str:
    """The name of a ranking's scope: a region, a country or an area (by its code)."""
    if tier == Tier.REGIONAL:
        return region_name(scope)
    if tier == Tier.DOMESTIC:
        return country_name(scope)
    return (area_names or {}).get(scope, scope)
