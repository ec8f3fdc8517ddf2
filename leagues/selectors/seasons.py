from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404
from django.utils import timezone

from leagues.models import Publication, Round, Season, SeasonKind, SeasonStatus
from leagues.selectors.paging import KeysetPage, keyset_page
from leagues.selectors.standings import published_publication


@dataclass(frozen=True)
class HomePage:
    season: Season | None
    registrations_by_league: dict[str, int]
    registration_open: bool
    next_round: Round | None


def current_season() -> Season | None:
    """The official season drivers care about now: the newest one that is not upcoming."""
    return (
        Season.objects.filter(kind=SeasonKind.OFFICIAL)
        .exclude(status=SeasonStatus.UPCOMING)
        .order_by("-year")
        .first()
    ) or Season.objects.order_by("-year").first()


def pick_current_season(seasons: list[Season]) -> Season | None:
    """``current_season`` among seasons already read (a page that lists them all anyway)."""
    started = [
        s for s in seasons if s.kind == SeasonKind.OFFICIAL and s.status != SeasonStatus.UPCOMING
    ]
    newest = max(started or seasons, key=lambda s: s.year, default=None)
    return newest


def home_page() -> HomePage:
    season = current_season()
    if season is None:
        return HomePage(None, {}, False, None)
    rows = season.registrations.values("league").annotate(n=Count("id")).order_by("league")
    return HomePage(
        season=season,
        registrations_by_league={row["league"]: row["n"] for row in rows},
        registration_open=season.registration_refusal(timezone.now()) is None,
        next_round=season.rounds.filter(status=Round.Status.SCHEDULED).order_by("number").first(),
    )


def label_lookup(label: str, *, through: str = "") -> dict[str, object] | None:
    """The filter of the season a label names (``2024``, ``2024-exhibition``), ``through`` a
    relation (``"season__"``); None when the label cannot name one."""
    year, _, kind = str(label).partition("-")
    if not year.isascii() or not year.isdigit() or len(year) > 4:
        return None
    return {f"{through}year": int(year), f"{through}kind": kind or "official"}


def season_by_label(label: str) -> Season:
    """The season a file or command names: ``2024`` (official) or ``2024-exhibition``."""
    lookup = label_lookup(label)
    try:
        if lookup is None:
            raise Season.DoesNotExist
        return Season.objects.get(**lookup)
    except Season.DoesNotExist:
        raise Season.DoesNotExist(f"No season {label!r}.") from None


def season_or_404(label: str) -> Season:
    """The season a URL names, or a 404 that says which one is missing."""
    try:
        return season_by_label(label)
    except Season.DoesNotExist as missing:
        raise Http404(str(missing)) from None


def seasons_by_label() -> dict[str, Season]:
    return {season.label: season for season in Season.objects.all()}


def season_page(*, after: int | None, limit: int) -> KeysetPage[Season]:
    """Seasons in the order they were created, one keyset page."""
    return keyset_page(Season.objects.all(), key="pk", after=after, limit=limit)


@dataclass(frozen=True)
class SeasonOverview:
    season: Season
    rounds: list[Round]
    published: Publication | None


def season_overview(*, season: Season) -> SeasonOverview:
    """A season with its rounds in order and its published standings (if any)."""
    return SeasonOverview(
        season=season,
        rounds=list(season.rounds.order_by("number")),
        published=published_publication(season),
    )
