"""Reads of published standings: one ranking's page, the find-a-driver jump, exports.

A page is a range of ``position`` (1..N in display order) on the
``standing_page_idx`` index, so page 20,000 costs what page 1 costs.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from leagues import names, rules
from leagues.models import (
    MainArea,
    Publication,
    RankingSummary,
    Registration,
    Season,
    SecondaryArea,
    SharedPagesVersion,
    Standing,
    Tier,
)
from leagues.selectors import only_row
from leagues.services.standings import published_cache_key

PER_PAGE = 50
SHOWN_FIELDS = (
    "rank",
    "position",
    "season_points",
    "all_points",
    "best_round",
    "rounds_counted",
    "medal",
    "registration__display_name",
    "registration__country_id",
    "registration__driver__online_id",
    "registration__driver__user_id",
)


def published_publication(season: Season) -> Publication | None:
    """The season's published publication; its id is cached until the next switch."""
    key = published_cache_key(season.pk)
    publication_id = cache.get(key)
    if publication_id is not None:
        found = Publication.objects.filter(
            pk=publication_id, status=Publication.Status.PUBLISHED
        ).first()
        if found is not None or publication_id == 0:
            return found
    found = season.publications.filter(status=Publication.Status.PUBLISHED).first()
    cache.set(key, found.pk if found else 0, 300)
    return found


def shared_pages_version() -> int:
    """The generation the shared pages' keys name (``SharedPagesVersion``; 0 if never moved).

    Read from the database on every call, never cached: a change that commits while Redis is
    away still shows at once. Raw SQL on one row because it runs on every page view.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT generation FROM {SharedPagesVersion._meta.db_table} WHERE id = 1")
        found = cursor.fetchone()
    return found[0] if found else 0


@dataclass(frozen=True)
class Ranking:
    """Which ranking: a league, a tier and its scope code, in one publication."""

    publication: Publication
    league: str
    tier: str
    scope: str

    def rows(self):
        return Standing.objects.filter(
            publication=self.publication, league=self.league, tier=self.tier, scope=self.scope
        )


@dataclass(frozen=True)
class StandingsPage:
    ranking: Ranking
    summary: RankingSummary | None
    rows: list[Standing]
    page: int
    pages: int
    descending: bool
    mine: Standing | None

    @property
    def ranked(self) -> int:
        return self.summary.ranked if self.summary else 0


LOOK_UP = object()


def standings_page(
    *, ranking: Ranking, page: int, descending: bool = False, user=None, summary=LOOK_UP
) -> StandingsPage:
    """One page of a ranking by position range, with its summary and the visitor's own row.

    ``summary`` is the ranking's ``RankingSummary`` when the caller has read it already.
    """
    if summary is LOOK_UP:
        summary = RankingSummary.objects.filter(
            publication=ranking.publication,
            league=ranking.league,
            tier=ranking.tier,
            scope=ranking.scope,
        ).first()
    ranked = summary.ranked if summary else 0
    pages = max(1, -(-ranked // PER_PAGE))
    page = min(max(page, 1), pages)
    if descending:
        high = ranked - (page - 1) * PER_PAGE
        window, order = {"position__gt": high - PER_PAGE, "position__lte": high}, "-position"
    else:
        low = (page - 1) * PER_PAGE
        window, order = {"position__gt": low, "position__lte": low + PER_PAGE}, "position"
    rows = list(_shown(ranking.rows().filter(**window).order_by(order)))
    mine = None
    if user is not None and user.is_authenticated:
        mine = _shown(ranking.rows().filter(registration__driver__user=user)).first()
    return StandingsPage(ranking, summary, rows, page, pages, descending, mine)


def _shown(rows):
    return rows.select_related("registration__driver").only(*SHOWN_FIELDS)


@dataclass(frozen=True)
class RankingRange:
    """Positions ``(page - 1) * size + 1`` to ``page * size`` of one published ranking."""

    publication: Publication
    summary: RankingSummary
    rows: list[Standing]
    page: int
    pages: int
    size: int


def ranking_range(*, ranking: Ranking, page: int, size: int) -> RankingRange | None:
    """One range of positions of a ranking, or None when nobody is ranked in it."""
    summary = RankingSummary.objects.filter(
        publication=ranking.publication,
        league=ranking.league,
        tier=ranking.tier,
        scope=ranking.scope,
    ).first()
    if summary is None:
        return None
    low = (page - 1) * size
    rows = _shown(
        ranking.rows().filter(position__gt=low, position__lte=low + size).order_by("position")
    )
    pages = max(1, -(-summary.ranked // size))
    return RankingRange(ranking.publication, summary, list(rows), page, pages, size)


def page_of_driver(*, ranking: Ranking, registration: Registration | None) -> int | None:
    """The page (ascending order) where a registration stands in a ranking, or None."""
    if registration is None:
        return None
    rows = ranking.rows().filter(registration_id=registration.pk)
    position = only_row(rows.values_list("position", flat=True))
    return None if position is None else (position - 1) // PER_PAGE + 1


def driver_standings(*, publication: Publication | None, registration_id: int) -> list[Standing]:
    """A registration's four rows (one per tier) in its season's ``publication``."""
    if publication is None:
        return []
    return _in_tier_order(
        Standing.objects.filter(publication=publication, registration_id=registration_id)
    )


def published_standings(registration: Registration) -> list[Standing]:
    """A registration's four rows in its season's published publication, each with that
    publication (``row.publication``): one query."""
    rows = Standing.objects.filter(
        registration_id=registration.pk,
        publication__season_id=registration.season_id,
        publication__status=Publication.Status.PUBLISHED,
    ).select_related("publication")
    return _in_tier_order(rows)


def _in_tier_order(rows) -> list[Standing]:
    order = {tier: index for index, tier in enumerate(rules.TIERS)}
    return sorted(rows, key=lambda row: order[row.tier])


@dataclass(frozen=True)
class ScopeChoice:
    """A ranking the standings page offers: its scope code, name, group and size."""

    code: str
    name: str
    group: str
    summary: RankingSummary
    flag: str = ""

    @property
    def ranked(self) -> int:
        return self.summary.ranked


def ranked_scopes(
    *, publication: Publication, league: str, tier: str, region: str
) -> list[ScopeChoice]:
    """The rankings of one tier, league and region that have ranked drivers, named in the
    visitor's language and in alphabetical order (areas grouped by country).

    One query on the publication's summaries, one more for area names. A scope
    nobody is ranked in is not offered, so the page never opens on an empty one.
    """
    summaries = list(
        RankingSummary.objects.filter(
            publication=publication, league=league, tier=tier, region=region
        )
    )
    codes = [summary.scope for summary in summaries]
    groups: dict[str, str] = {}
    area_names: dict[str, str] = {}
    if tier == Tier.MAIN_AREA:
        for code, name, country in MainArea.objects.filter(code__in=codes).values_list(
            "code", "name", "country_id"
        ):
            area_names[code], groups[code] = name, names.country_name(country)
    elif tier == Tier.SECONDARY_AREA:
        rows = SecondaryArea.objects.filter(code__in=codes).values_list(
            "code", "name", "main_area__name", "main_area__country_id"
        )
        for code, name, main_name, country in rows:
            area_names[code] = name
            groups[code] = f"{names.country_name(country)} · {main_name}"
    choices = [
        ScopeChoice(
            code=summary.scope,
            name=names.scope_name(tier, summary.scope, area_names),
            group=groups.get(summary.scope, ""),
            summary=summary,
            flag=names.flag(summary.scope) if tier == Tier.DOMESTIC else "",
        )
        for summary in summaries
    ]
    return sorted(choices, key=lambda c: (names.sort_key(c.group), names.sort_key(c.name)))


def largest_scope(choices: list[ScopeChoice]) -> ScopeChoice | None:
    """The ranking with the most drivers (the first by name among equals)."""
    return max(choices, key=lambda choice: choice.ranked, default=None)


def registration_in(season: Season, online_id: str) -> Registration | None:
    """A driver's registration in a season by online id, with the areas its rankings use."""
    return only_row(
        Registration.objects.filter(season=season, driver__online_id=online_id.strip())
        .select_related("main_area", "secondary_area")
        .only("region", "league", "country_id", "main_area__code", "secondary_area__code")
    )


def scope_of(registration: Registration, tier: str) -> str:
    """The scope code of a registration's ranking in ``tier``."""
    scopes: dict[str, str] = {
        Tier.REGIONAL: registration.region,
        Tier.DOMESTIC: registration.country_id,
        Tier.MAIN_AREA: registration.main_area.code,
        Tier.SECONDARY_AREA: registration.secondary_area.code,
    }
    return scopes[tier]


def scope_names(rows) -> dict[tuple[str, str], str]:
    """Names of the scopes of some standing or payout rows, by (tier, scope): one query for
    the areas among them, none for regions and countries."""
    mains = {row.scope for row in rows if row.tier == Tier.MAIN_AREA}
    secondaries = {row.scope for row in rows if row.tier == Tier.SECONDARY_AREA}
    area_names = {}
    if mains or secondaries:
        main = MainArea.objects.filter(code__in=mains).order_by()
        secondary = SecondaryArea.objects.filter(code__in=secondaries).order_by()
        both = main.values_list("code", "name").union(
            secondary.values_list("code", "name"), all=True
        )
        area_names = dict(both)
    return {
        (row.tier, row.scope): names.scope_name(row.tier, row.scope, area_names) for row in rows
    }


def standing_rows(*, ranking: Ranking) -> Iterator[tuple]:
    """``standings.csv`` rows of one ranking, in position order."""
    rows = ranking.rows().order_by("position")
    return _csv_rows(ranking.publication, rows)


def season_standing_rows(*, publication: Publication) -> Iterator[tuple]:
    """``standings.csv`` rows of every ranking of a publication."""
    rows = Standing.objects.filter(publication=publication).order_by(
        "region", "league", "tier", "scope", "position"
    )
    return _csv_rows(publication, rows)


def _csv_rows(publication: Publication, rows) -> Iterator[tuple]:
    label = publication.season.label
    fields = (
        "region",
        "league",
        "tier",
        "scope",
        "rank",
        "registration__driver__online_id",
        "season_points",
        "rounds_counted",
        "medal",
    )
    for row in rows.values_list(*fields).iterator(chunk_size=5000):
        yield (label, *row)
