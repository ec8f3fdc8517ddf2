"""Reads of published standings: one ranking's page, the find-a-driver jump, exports.

A page is a range of ``position`` (1..N in display order) on the
``standing_page_idx`` index, so page 20,000 costs what page 1 costs.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from leagues import rules
from leagues.models import MainArea, Publication, RankingSummary, Season, SecondaryArea, Standing
from leagues.models.choices import Region
from leagues.models.geography import Country
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
        found = Publication.objects.filter(pk=publication_id, status="published").first()
        if found is not None or publication_id == 0:
            return found
    found = season.publications.filter(status=Publication.Status.PUBLISHED).first()
    cache.set(key, found.pk if found else 0, 300)
    return found


def newest_publication_id() -> int:
    """The newest published publication of any season (0: none).

    Read from the database on every call, never cached: the shared pages are
    keyed on it, so a switch that commits while Redis is away still shows at
    once. Raw SQL because it runs on every page view (the table holds a few rows).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX(id) FROM {Publication._meta.db_table} WHERE status = %s",
            [Publication.Status.PUBLISHED],
        )
        return cursor.fetchone()[0] or 0


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


def standings_page(
    *, ranking: Ranking, page: int, descending: bool = False, user=None
) -> StandingsPage:
    """One page of a ranking by position range, with its summary and the visitor's own row."""
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


def page_of_driver(*, ranking: Ranking, online_id: str) -> int | None:
    """The page (ascending order) where a driver stands in a ranking, or None."""
    position = (
        ranking.rows()
        .filter(registration__driver__online_id=online_id.strip())
        .values_list("position", flat=True)
        .first()
    )
    return None if position is None else (position - 1) // PER_PAGE + 1


def driver_standings(*, season: Season, registration_id: int) -> list[Standing]:
    """A registration's four rows (one per tier) in the published standings."""
    publication = published_publication(season)
    if publication is None:
        return []
    order = {tier: index for index, tier in enumerate(rules.TIERS)}
    rows = list(Standing.objects.filter(publication=publication, registration_id=registration_id))
    return sorted(rows, key=lambda row: order[row.tier])


def scope_choices(*, tier: str, region: str) -> list[tuple[str, str]]:
    """The rankings of a tier inside a region, as (code, name) pairs."""
    if tier == "REGIONAL":
        return [(region, Region(region).label)]
    if tier == "DOMESTIC":
        return list(Country.objects.filter(region=region).values_list("code", "name"))
    if tier == "MAIN_AREA":
        areas = MainArea.objects.filter(country__region=region)
        return [
            (code, f"{country} · {name}")
            for code, name, country in areas.values_list("code", "name", "country_id")
        ]
    areas = SecondaryArea.objects.filter(main_area__country__region=region)
    return [
        (code, f"{country} · {name}")
        for code, name, country in areas.values_list("code", "name", "main_area__country_id")
    ]


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
