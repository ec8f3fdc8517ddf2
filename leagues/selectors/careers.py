"""A driver's career and two drivers head to head, read from published standings.

Every season's published publication keeps its ``Standing`` rows (a closed
season's is its final one), so a career is the driver's rows of those
publications: a fixed number of queries whatever the number of seasons.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from leagues import rules
from leagues.models import (
    Driver,
    Publication,
    RankingSummary,
    Rating,
    Registration,
    RoundScore,
    Season,
    Standing,
)


@dataclass(frozen=True)
class Place:
    """A registration's place in one ranking: rank of ranked, points, medal."""

    tier: str
    scope: str
    rank: int
    ranked: int
    season_points: int
    medal: str


@dataclass
class CareerSeason:
    registration: Registration
    final: bool = False
    places: dict[str, Place] = field(default_factory=dict)

    @property
    def season(self):
        return self.registration.season

    @property
    def in_tier_order(self) -> list[Place | None]:
        return [self.places.get(tier) for tier in rules.TIERS]

    @property
    def regional(self) -> Place | None:
        return self.places.get("REGIONAL")


@dataclass(frozen=True)
class Career:
    driver: Driver
    seasons: list[CareerSeason]

    @property
    def medals(self) -> Counter:
        """How many medals of each kind the driver won, over every season and tier."""
        places = [place for season in self.seasons for place in season.places.values()]
        return Counter(place.medal for place in places if place.medal)


def careers(
    *, drivers: list[Driver], registrations: list[Registration] | None = None
) -> dict[int, Career]:
    """Each driver's seasons, newest first, with their places in the published standings.

    Two queries for any number of drivers and seasons, one when the caller passes the
    drivers' ``registrations`` (with their seasons, newest first) it has read already.
    """
    if registrations is None:
        registrations = _registrations_of(drivers)
    seasons = {registration.pk: CareerSeason(registration) for registration in registrations}
    # Each row's ranking size from the summary's unique index, in the same query.
    ranked = RankingSummary.objects.filter(
        publication=OuterRef("publication"),
        league=OuterRef("league"),
        tier=OuterRef("tier"),
        scope=OuterRef("scope"),
    ).values("ranked")[:1]
    rows = (
        Standing.objects.filter(
            registration_id__in=list(seasons),
            publication__status=Publication.Status.PUBLISHED,
        )
        .annotate(ranked=Subquery(ranked))
        .values_list(
            "registration_id",
            "publication__is_final",
            "tier",
            "scope",
            "rank",
            "ranked",
            "season_points",
            "medal",
        )
    )
    for registration_id, final, tier, scope, rank, size, points, medal in rows:
        season = seasons[registration_id]
        season.final = final
        season.places[tier] = Place(tier, scope, rank, size or 0, points, medal)
    by_driver: dict[int, list[CareerSeason]] = {driver.pk: [] for driver in drivers}
    for registration in registrations:
        by_driver[registration.driver_id].append(seasons[registration.pk])
    return {driver.pk: Career(driver, by_driver[driver.pk]) for driver in drivers}


def _registrations_of(drivers: list[Driver]) -> list[Registration]:
    return list(
        Registration.objects.filter(driver__in=drivers)
        .select_related("season")
        .only(
            "driver_id",
            "league",
            "region",
            "country_id",
            "display_name",
            "season__year",
            "season__kind",
            "season__name",
            "season__status",
        )
        .order_by("-season__year", "season__kind")
    )


def career(*, driver: Driver, registrations: list[Registration] | None = None) -> Career:
    return careers(drivers=[driver], registrations=registrations)[driver.pk]


@dataclass(frozen=True)
class RoundDuel:
    """Two drivers' scores in the same round; ``ahead`` when their last races shared a lobby."""

    season: Season
    round_number: int
    points: tuple[int, int]
    same_lobby: bool
    ahead: int | None  # 0: the first driver finished ahead, 1: the second, None: not in one lobby


@dataclass(frozen=True)
class CommonSeason:
    first: CareerSeason
    second: CareerSeason

    @property
    def tiers(self) -> list[tuple[str, Place | None, Place | None]]:
        """Each tier with both drivers' places (a driver of another league has none in yours)."""
        return [
            (tier, self.first.places.get(tier), self.second.places.get(tier))
            for tier in rules.TIERS
        ]


@dataclass(frozen=True)
class HeadToHead:
    first: Career
    second: Career
    seasons: list[CommonSeason]
    rounds: list[RoundDuel]

    @property
    def ahead_counts(self) -> tuple[int, int]:
        """How many times each finished ahead of the other in the same lobby."""
        ahead = [duel.ahead for duel in self.rounds]
        return ahead.count(0), ahead.count(1)


def head_to_head(*, first: Driver, second: Driver) -> HeadToHead:
    """Seasons both raced, and round by round the scores of the rounds both raced.

    A round's score is its last race (the rulebook's rule), so "finished ahead"
    compares those two races when they were in the same lobby.
    """
    both = careers(drivers=[first, second])
    mine = {s.season.pk: s for s in both[first.pk].seasons}
    common = [
        CommonSeason(mine[s.season.pk], s) for s in both[second.pk].seasons if s.season.pk in mine
    ]
    pairs = {c.first.registration.pk: c for c in common}
    theirs = {c.second.registration.pk for c in common}
    scores = (
        RoundScore.objects.filter(registration_id__in=[*pairs, *theirs])
        .select_related("round__season", "result")
        .only(
            "registration_id",
            "points",
            "round__number",
            "round__season__year",
            "round__season__kind",
            "result__lobby_id",
            "result__position",
        )
    )
    by_round: dict[int, dict[str, RoundScore]] = {}
    for score in scores:
        side = "first" if score.registration_id in pairs else "second"
        by_round.setdefault(score.round_id, {})[side] = score
    duels = []
    for pair in by_round.values():
        if len(pair) < 2:
            continue
        a, b = pair["first"], pair["second"]
        same = a.result.lobby_id == b.result.lobby_id
        ahead = (0 if a.result.position < b.result.position else 1) if same else None
        duels.append(RoundDuel(a.round.season, a.round.number, (a.points, b.points), same, ahead))
    duels.sort(key=lambda duel: (-duel.season.year, duel.season.kind, duel.round_number))
    return HeadToHead(both[first.pk], both[second.pk], common, duels)


RATING_HISTORY = 10


def rating_history(*, driver: Driver, limit: int = RATING_HISTORY) -> list[Rating]:
    """The driver's newest ratings from the game, newest first (one query on its index)."""
    return list(
        Rating.objects.filter(driver=driver)
        .order_by("-rated_at", "-pk")
        .only("dr_points", "sr_grade", "rated_races", "rated_at", "source")[:limit]
    )
