"""The season archive and the hall of fame, read from published standings and live results.

The online part is set-wise: one query over the regional ``Standing`` rows of
every season's published publication (a closed season's is its final one).
The live part reads each season's championship as its pages compute it.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from leagues import rules
from leagues.models import Publication, Season, Standing, Tier


@dataclass(frozen=True)
class Podium:
    league: str
    region: str
    rows: list[Standing]


@dataclass
class ArchivedSeason:
    season: Season
    publication: Publication | None
    podiums: dict[str, list[Podium]] = field(default_factory=dict)  # by league

    @property
    def leagues(self) -> list[tuple[str, list[Podium]]]:
        return [
            (league, self.podiums[league]) for league in rules.LEAGUES if league in self.podiums
        ]


PODIUM_FIELDS = (
    "publication_id",
    "league",
    "region",
    "rank",
    "position",
    "season_points",
    "registration__display_name",
    "registration__country_id",
    "registration__driver__online_id",
)


def _regional_top(rank: int, **filters):
    return (
        Standing.objects.filter(
            publication__status=Publication.Status.PUBLISHED,
            tier=Tier.REGIONAL,
            rank__lte=rank,
            **filters,
        )
        .select_related("registration__driver")
        .only(*PODIUM_FIELDS)
    )


def season_archive() -> list[ArchivedSeason]:
    """Every season, newest first, with the regional podium of each league and region of
    its published (final, once closed) standings: three queries."""
    seasons = list(Season.objects.annotate(round_count=Count("rounds")).order_by("-year", "kind"))
    publications = {
        p.season_id: p for p in Publication.objects.filter(status=Publication.Status.PUBLISHED)
    }
    archive = {s.pk: ArchivedSeason(s, publications.get(s.pk)) for s in seasons}
    by_publication = {p.pk: archive[season_id] for season_id, p in publications.items()}
    region_order = {region: index for index, region in enumerate(rules.REGIONS)}
    grouped: dict[tuple[int, str, str], list[Standing]] = defaultdict(list)
    for row in _regional_top(3).order_by("position"):
        grouped[(row.publication_id, row.league, row.region)].append(row)
    for (publication_id, league, region), rows in sorted(
        grouped.items(), key=lambda item: region_order.get(item[0][2], 99)
    ):
        entry = by_publication[publication_id]
        entry.podiums.setdefault(league, []).append(Podium(league, region, rows))
    return [archive[s.pk] for s in seasons]


@dataclass(frozen=True)
class Title:
    season: Season
    league: str
    region: str
    standing: Standing


@dataclass(frozen=True)
class TitleCount:
    online_id: str
    display_name: str
    country: str
    titles: int


@dataclass(frozen=True)
class HallOfFame:
    regional_champions: dict[str, list[Title]]  # by league, newest season first
    most_titles: list[TitleCount]


MOST_TITLES = 10


def online_hall_of_fame() -> HallOfFame:
    """Regional champions per league of every closed season's final standings, and the
    drivers with the most of those titles (official seasons; exhibitions are listed, not
    counted): one query."""
    winners = (
        _regional_top(1, publication__is_final=True)
        .select_related("publication__season")
        .order_by("-publication__season__year", "publication__season__kind", "position")
    )
    region_order = {region: index for index, region in enumerate(rules.REGIONS)}
    champions: dict[str, list[Title]] = {league: [] for league in rules.LEAGUES}
    counts: Counter = Counter()
    named: dict[str, tuple[str, str]] = {}
    for row in winners:
        season = row.publication.season
        champions[row.league].append(Title(season, row.league, row.region, row))
        if season.kind == "official":
            online_id = row.registration.driver.online_id
            counts[online_id] += 1
            named[online_id] = (row.registration.display_name, row.registration.country_id)
    for titles in champions.values():
        titles.sort(key=lambda t: (-t.season.year, t.season.kind, region_order.get(t.region, 99)))
    most = [
        TitleCount(online_id, *named[online_id], titles)
        for online_id, titles in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ][:MOST_TITLES]
    return HallOfFame({k: v for k, v in champions.items() if v}, most)
