"""The driver's season chart: points per round and the regional rank after each round.

Superseded publications are not kept, so each publication records every
driver's regional rank after its latest round (``RoundRank``, written by
``publish_standings``); the chart reads those few rows.
"""

import math
from dataclasses import dataclass

from leagues.models import Registration
from leagues.selectors.rounds import DriverSeason

# Drawn for a phone: at 360 px wide the SVG's 13-unit text is about 13 px; on a desktop
# the CSS caps the chart's width, so the text never grows past about 17 px.
WIDTH = 360
HEIGHT = 210
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 22, 30
FONT_SIZE = 13
# Above this many rounds the bars are too narrow for their values written on top.
MAX_LABELLED_BARS = 8


def rank_history(*, registration: Registration) -> dict[int, tuple[int, int]]:
    """Round number -> (regional rank, drivers ranked) as published after that round."""
    rows = registration.round_ranks.order_by("round_number")
    return {
        number: (rank, ranked)
        for number, rank, ranked in rows.values_list("round_number", "rank", "ranked")
    }


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

    @property
    def value_y(self) -> float:
        return self.y - 5


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


def polyline(points) -> str:
    """An SVG polyline's ``points`` through things with ``x`` and ``y``."""
    return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)


@dataclass(frozen=True)
class ChartFrame:
    """An SVG chart's box and the margins around its plot."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def label_y(self) -> int:
        return self.height - self.bottom + 19


@dataclass(frozen=True)
class SeasonChart(ChartFrame):
    """Coordinates of the two SVG charts of ``partials/season_chart.html``."""

    bars: list[Bar]
    point_ticks: list[Tick]
    ranks: list[RankPoint]
    rank_ticks: list[Tick]

    font_size: int = FONT_SIZE

    @property
    def shows_values(self) -> bool:
        return len(self.bars) <= MAX_LABELLED_BARS

    @property
    def rank_line(self) -> str:
        return polyline(self.ranks)

    @property
    def has_points(self) -> bool:
        return any(bar.points is not None for bar in self.bars)


def nice_step(span: float, ticks: int = 5) -> int:
    """A round step (1, 2, 2.5 or 5 times a power of ten, at least 1) for about ``ticks`` ticks."""
    raw = max(span / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return max(int(factor * power), 1)
    return int(10 * power)


def _axis(low: int, high: int) -> tuple[int, list[int]]:
    """The axis end (``high`` rounded up to a step) and its tick values from ``low``."""
    step = nice_step(high - low)
    end = max(low + step, -(-high // step) * step)
    values = [low] + list(range(step if low < step else low + step, end + 1, step))
    return end, values


def _y(value: int, low: int, end: int, *, inverted: bool) -> float:
    share = (value - low) / max(end - low, 1)
    return TOP + (share if inverted else 1 - share) * (HEIGHT - TOP - BOTTOM)


def season_chart(*, page: DriverSeason) -> SeasonChart:
    """Bars of each round's score (the best rounds marked) and the rank after each round."""
    rounds = page.rounds
    slots = max(len(rounds), 1)
    step = (WIDTH - LEFT - RIGHT) / slots
    plot = HEIGHT - TOP - BOTTOM
    top_score, point_values = _axis(0, max([line.score or 0 for line in rounds] + [1]))
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
    worst, rank_values = _axis(1, max([rank for rank, _ in history.values()] + [2]))
    ranks = [
        RankPoint(
            number=line.round.number,
            rank=history[line.round.number][0],
            ranked=history[line.round.number][1],
            x=LEFT + index * step + step / 2,
            y=_y(history[line.round.number][0], 1, worst, inverted=True),
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
        point_ticks=[Tick(v, _y(v, 0, top_score, inverted=False)) for v in point_values],
        ranks=ranks,
        rank_ticks=[Tick(v, _y(v, 1, worst, inverted=True)) for v in rank_values],
    )


@dataclass(frozen=True)
class SeasonPoint:
    label: str
    league: str
    rank: int
    ranked: int
    x: float
    y: float


@dataclass(frozen=True)
class CareerChart(ChartFrame):
    """Coordinates of ``partials/career_chart.html``: the regional rank of each season."""

    points: list[SeasonPoint]
    ticks: list[Tick]
    font_size: int = FONT_SIZE

    @property
    def line(self) -> str:
        return polyline(self.points)


def career_chart(*, seasons) -> CareerChart | None:
    """The final (or latest published) regional rank of each ranked season, oldest first;
    None with fewer than one ranked season. ``seasons`` are ``careers.CareerSeason`` rows."""
    ranked = [s for s in reversed(seasons) if s.regional is not None]
    if not ranked:
        return None
    step = (WIDTH - LEFT - RIGHT) / len(ranked)
    worst, values = _axis(1, max([s.regional.rank for s in ranked] + [2]))
    points = [
        SeasonPoint(
            label=str(s.season.year) + ("*" if s.season.kind != "official" else ""),
            league=s.registration.league,
            rank=s.regional.rank,
            ranked=s.regional.ranked,
            x=LEFT + index * step + step / 2,
            y=_y(s.regional.rank, 1, worst, inverted=True),
        )
        for index, s in enumerate(ranked)
    ]
    ticks = [Tick(v, _y(v, 1, worst, inverted=True)) for v in values]
    return CareerChart(WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM, points, ticks)
