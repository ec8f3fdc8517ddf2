"""The driver's season chart: points per round and the regional rank after each round.

Superseded publications are not kept, so the rank history is recomputed from
the frozen round scores: one SQL statement ranks the driver's regional
ranking as it stood after each closed round (same order as the standings:
season total, all rounds, best round). It is cached per published version.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from leagues.models import Registration
from leagues.selectors.rounds import DriverSeason
from leagues.selectors.standings import published_publication

RANK_HISTORY_SQL = """
WITH steps AS (
    SELECT number FROM leagues_round WHERE season_id = %(season)s AND status = 'closed'
),
scores AS (
    SELECT st.number AS step, rs.registration_id, rs.points,
           ROW_NUMBER() OVER (
               PARTITION BY st.number, rs.registration_id ORDER BY rs.points DESC, rd.number
           ) AS nth
    FROM steps st
    JOIN leagues_round rd
      ON rd.season_id = %(season)s AND rd.status = 'closed' AND rd.number <= st.number
    JOIN leagues_roundscore rs ON rs.round_id = rd.id
    JOIN leagues_registration g ON g.id = rs.registration_id
    WHERE g.region = %(region)s AND g.league = %(league)s
),
totals AS (
    SELECT step, registration_id,
           SUM(CASE WHEN nth <= %(best)s THEN points ELSE 0 END) AS season_points,
           SUM(points) AS all_points,
           MAX(points) AS best_round
    FROM scores GROUP BY step, registration_id
)
SELECT me.step,
       1 + (SELECT COUNT(*) FROM totals o WHERE o.step = me.step AND (
                o.season_points > me.season_points
                OR (o.season_points = me.season_points AND o.all_points > me.all_points)
                OR (o.season_points = me.season_points AND o.all_points = me.all_points
                    AND o.best_round > me.best_round))),
       (SELECT COUNT(*) FROM totals o WHERE o.step = me.step)
FROM totals me
WHERE me.registration_id = %(registration)s
ORDER BY me.step
"""

WIDTH = 640
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36
CACHE_SECONDS = 24 * 3600


def rank_history(*, registration: Registration) -> dict[int, tuple[int, int]]:
    """Round number -> (regional rank, drivers ranked) after that round, rounds raced only."""
    season = registration.season
    publication = published_publication(season)
    version = publication.version if publication else 0
    key = f"chart:rank:{season.pk}:{version}:{registration.pk}"
    history = cache.get(key)
    if history is None:
        params = {
            "season": season.pk,
            "region": registration.region,
            "league": registration.league,
            "best": season.best_rounds,
            "registration": registration.pk,
        }
        with connection.cursor() as cursor:
            cursor.execute(RANK_HISTORY_SQL, params)
            history = {step: (rank, ranked) for step, rank, ranked in cursor.fetchall()}
        cache.set(key, history, CACHE_SECONDS)
    return history


@dataclass(frozen=True)
class Bar:
    number: int
    points: int | None
    counted: bool
    x: float
    y: float
    width: float
    height: float
    label_x: float


@dataclass(frozen=True)
class RankPoint:
    number: int
    rank: int
    ranked: int
    x: float
    y: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class SeasonChart:
    """Coordinates of the two SVG charts of ``partials/season_chart.html``."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    bars: list[Bar]
    point_ticks: list[Tick]
    ranks: list[RankPoint]
    rank_ticks: list[Tick]

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def label_y(self) -> int:
        return self.height - self.bottom + 22

    @property
    def rank_line(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.ranks)

    @property
    def has_points(self) -> bool:
        return any(bar.points is not None for bar in self.bars)


def _ticks(low: int, high: int, *, inverted: bool) -> list[Tick]:
    """Three or so round values from ``low`` to ``high`` on the plot's vertical axis."""
    span = max(high - low, 1)
    values = sorted({low, low + span // 2, high}) if high > low else [low]
    plot = HEIGHT - TOP - BOTTOM

    def y(value: int) -> float:
        share = (value - low) / span
        return TOP + (share if inverted else 1 - share) * plot

    return [Tick(value, y(value)) for value in values]


def season_chart(*, page: DriverSeason) -> SeasonChart:
    """Bars of each round's score (the best rounds marked) and the rank after each round."""
    rounds = page.rounds
    slots = max(len(rounds), 1)
    step = (WIDTH - LEFT - RIGHT) / slots
    plot = HEIGHT - TOP - BOTTOM
    top_score = max([line.score or 0 for line in rounds] + [1])
    bars = []
    for index, line in enumerate(rounds):
        height = (line.score or 0) / top_score * plot
        x = LEFT + index * step + step * 0.2
        bars.append(
            Bar(
                number=line.round.number,
                points=line.score,
                counted=line.in_best,
                x=x,
                y=TOP + plot - height,
                width=step * 0.6,
                height=height,
                label_x=x + step * 0.3,
            )
        )
    history = rank_history(registration=page.registration)
    worst = max([rank for rank, _ in history.values()] + [1])
    span = max(worst - 1, 1)
    ranks = [
        RankPoint(
            number=line.round.number,
            rank=history[line.round.number][0],
            ranked=history[line.round.number][1],
            x=LEFT + index * step + step / 2,
            y=TOP + (history[line.round.number][0] - 1) / span * plot,
        )
        for index, line in enumerate(rounds)
        if line.round.number in history
    ]
    return SeasonChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=RIGHT,
        top=TOP,
        bottom=BOTTOM,
        bars=bars,
        point_ticks=_ticks(0, top_score, inverted=False),
        ranks=ranks,
        rank_ticks=_ticks(1, worst, inverted=True),
    )
