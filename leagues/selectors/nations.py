"""The nations table: a country's best domestic drivers of a league, added up.

Read from the published domestic rankings, two queries whatever the number
of drivers: one aggregate with a RANK window over the counted ``Standing``
rows (a domestic ranking's first N positions are its best N drivers), one for
the names of the drivers counted.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, Max, Sum, Window
from django.db.models.functions import Rank

from leagues import rules
from leagues.models import Publication, Standing, Tier


@dataclass(frozen=True)
class CountedDriver:
    online_id: str
    display_name: str
    domestic_rank: int
    season_points: int


@dataclass(frozen=True)
class NationRow:
    rank: int
    country: str
    score: int
    best: int
    drivers: list[CountedDriver]


def _counted(publication: Publication, league: str, counted: int):
    """The Standing rows a country's score adds up: its first ``counted`` domestic positions."""
    return Standing.objects.filter(
        publication=publication, league=league, tier=Tier.DOMESTIC, position__lte=counted
    )


def nations_table(*, publication: Publication, league: str) -> list[NationRow]:
    """Every country with a ranked driver in ``league``, ranked across all regions.

    Score: the season totals of the country's best N drivers (the season's
    ``nation_drivers``); equal scores are split by the best driver's total,
    and countries equal on both share a rank (listed by country code).
    """
    counted = publication.season.nation_drivers
    nations = (
        _counted(publication, league, counted)
        .values("scope")
        .annotate(score=Sum("season_points"), best=Max("season_points"))
        .annotate(
            rank=Window(Rank(), order_by=[F("score").desc(), F("best").desc()]),
        )
        .order_by("rank", "scope")
    )
    drivers: dict[str, list[CountedDriver]] = {}
    rows = (
        _counted(publication, league, counted)
        .order_by("scope", "position")
        .values_list(
            "scope",
            "registration__driver__online_id",
            "registration__display_name",
            "rank",
            "season_points",
        )
    )
    for scope, online_id, display_name, rank, points in rows:
        drivers.setdefault(scope, []).append(CountedDriver(online_id, display_name, rank, points))
    return [
        NationRow(
            rank=nation["rank"],
            country=nation["scope"],
            score=nation["score"],
            best=nation["best"],
            drivers=drivers.get(nation["scope"], []),
        )
        for nation in nations
    ]


# The nations table as a file (not one of domain.md's interchange formats): one row per
# country and league, its counted drivers' online ids separated by spaces.
NATIONS_HEADER = ["season", "league", "rank", "country", "points", "best_driver_points", "drivers"]


def nations_rows(*, publication: Publication) -> Iterator[tuple]:
    """``nations.csv`` rows of every league of a publication, in table order."""
    label = publication.season.label
    for league in rules.LEAGUES:
        for row in nations_table(publication=publication, league=league):
            online_ids = " ".join(driver.online_id for driver in row.drivers)
            yield (label, league, row.rank, row.country, row.score, row.best, online_ids)
