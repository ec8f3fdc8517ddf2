"""A driver's honours, computed from results: never typed by anyone.

Online (from each closed season's final standings): regional and domestic
winners per league, and the medal of every ranking. Live (from confirmed
classifications): live-event wins, World Finals podiums and the season
champion (the World Finals winner). The careers pages read the same facts.
"""

import enum
from dataclasses import dataclass

from django.utils.translation import gettext as _

from leagues import names
from leagues.models import Driver, MainArea, Publication, Season, SecondaryArea, Standing, Tier


class HonourKind(enum.IntEnum):
    """The kinds of honour, most prestigious first (the order they are listed in)."""

    SEASON_CHAMPION = 1
    WORLD_FINALS_PODIUM = 2
    LIVE_EVENT_WIN = 3
    REGIONAL_WINNER = 4
    DOMESTIC_WINNER = 5
    MEDAL = 6


@dataclass(frozen=True)
class Honour:
    kind: HonourKind
    season: Season
    text: str
    medal: str = ""
    place: int | None = None


def driver_honours(driver: Driver) -> list[Honour]:
    """Every honour of ``driver``, newest season first, then by prestige."""
    honours = online_honours(driver) + live_honours(driver)
    return sorted(honours, key=lambda h: (-h.season.year, h.season.kind, h.kind, h.text))


def online_honours(driver: Driver) -> list[Honour]:
    """Winners and medals of the final standings of the driver's closed seasons."""
    standings = list(
        Standing.objects.filter(
            registration__driver=driver,
            publication__is_final=True,
            publication__status=Publication.Status.PUBLISHED,
        )
        .exclude(medal="", rank__gt=1)
        .select_related("publication__season")
        .only("league", "tier", "scope", "rank", "medal", "publication__season", "registration_id")
    )
    scope_names = _scope_names(standings)
    honours = []
    for standing in standings:
        season = standing.publication.season
        ranking = _("%(league)s %(tier)s ranking, %(scope)s") % {
            "league": standing.league,
            "tier": names.tier_name(standing.tier).lower(),
            "scope": scope_names.get((standing.tier, standing.scope), standing.scope),
        }
        if standing.rank == 1 and standing.tier == Tier.REGIONAL:
            honours.append(
                Honour(HonourKind.REGIONAL_WINNER, season, _("Winner of the %s") % ranking)
            )
        elif standing.rank == 1 and standing.tier == Tier.DOMESTIC:
            honours.append(
                Honour(HonourKind.DOMESTIC_WINNER, season, _("Winner of the %s") % ranking)
            )
        if standing.medal:
            honours.append(Honour(HonourKind.MEDAL, season, ranking, medal=standing.medal))
    return honours


def _scope_names(standings: list[Standing]) -> dict[tuple[str, str], str]:
    """Each ranking's scope (a region, country or area code) by its name."""
    codes: dict[str, set[str]] = {tier: set() for tier in Tier.values}
    for standing in standings:
        codes[standing.tier].add(standing.scope)
    found = {(Tier.REGIONAL.value, code): names.region_name(code) for code in codes[Tier.REGIONAL]}
    found |= {
        (Tier.DOMESTIC.value, code): names.country_name(code) for code in codes[Tier.DOMESTIC]
    }
    for tier, model in ((Tier.MAIN_AREA, MainArea), (Tier.SECONDARY_AREA, SecondaryArea)):
        if codes[tier]:
            for code, name in model.objects.filter(code__in=codes[tier]).values_list(
                "code", "name"
            ):
                found[(tier.value, code)] = name
    return found


def live_honours(driver: Driver) -> list[Honour]:
    """Live-event wins (a round's final race), World Finals podiums and the season
    champion, from confirmed races only."""
    from live_events.models import EventKind, LiveEvent
    from live_events.selectors.common import classification
    from live_events.selectors.pages import championship

    events = list(
        LiveEvent.objects.filter(entries__driver=driver)
        .select_related("season")
        .prefetch_related("sessions")
        .order_by("starts_on")
        .distinct()
    )
    honours = []
    for event in events:
        races = sorted((s for s in event.sessions.all() if s.is_race), key=lambda s: s.order)
        if not races or not all(race.is_confirmed for race in races):
            continue
        if event.kind == EventKind.ROUND:
            winner = next(iter(classification(races[-1])), None)
            if winner is not None and winner.driver.pk == driver.pk and winner.position == 1:
                text = _("Won %(event)s") % {"event": event.name}
                honours.append(Honour(HonourKind.LIVE_EVENT_WIN, event.season, text, place=1))
            continue
        row = next(
            (r for r in championship(event.season).final_rows if r.driver.pk == driver.pk), None
        )
        if row is None or row.rank > 3:
            continue
        text = _("World Finals: place %(place)s at %(event)s") % {
            "place": row.rank,
            "event": event.name,
        }
        honours.append(Honour(HonourKind.WORLD_FINALS_PODIUM, event.season, text, place=row.rank))
        if row.rank == 1:
            text = _("Champion of the %(season)s") % {"season": event.season}
            honours.append(Honour(HonourKind.SEASON_CHAMPION, event.season, text, place=1))
    return honours
