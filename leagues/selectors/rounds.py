"""Reads of the online rounds: the calendar, a round's lobbies, a driver's season."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from leagues import rules
from leagues.models import EntrySlot, Lobby, RaceResult, RaceServer, Registration, Round, Season
from leagues.selectors import only_row
from leagues.selectors.paging import KeysetPage, keyset_page
from leagues.selectors.seasons import label_lookup


def season_calendar(*, season: Season, region: str, league: str) -> QuerySet[Round]:
    """The season's rounds, each with the slots of one region and league."""
    return season.rounds.order_by("number").prefetch_related(
        Prefetch(
            "slots",
            queryset=EntrySlot.objects.filter(region=region, league=league).order_by("starts_at"),
            to_attr="shown_slots",
        )
    )


def round_slots(*, round: Round, region: str, league: str) -> QuerySet[EntrySlot]:
    return (
        round.slots.filter(region=region, league=league)
        .annotate(lobby_count=Count("lobbies", distinct=True), driver_count=Count("results"))
        .order_by("starts_at")
    )


def slot_lobbies(*, slot: EntrySlot) -> QuerySet[Lobby]:
    """A slot's lobbies with their results and drivers, strongest lobby first.

    ``reclassified`` says a steward's decision moved someone in the lobby, so its page
    shows the finishing order beside the classification.
    """
    results = RaceResult.objects.select_related("registration__driver").order_by("position")
    moved = RaceResult.objects.filter(lobby=OuterRef("pk"), finish_position__isnull=False)
    return (
        slot.lobbies.order_by("-sof", "label")
        .annotate(reclassified=Exists(moved))
        .prefetch_related(Prefetch("results", queryset=results))
    )


@dataclass
class RoundLine:
    """One round of a driver's season: every race entered, the one that counts."""

    round: Round
    races: list[RaceResult] = field(default_factory=list)
    in_best: bool = False

    @property
    def counted(self) -> RaceResult | None:
        """The last race entered counts, whatever its result."""
        return self.races[-1] if self.races else None

    @property
    def score(self) -> int | None:
        counted = self.counted
        return counted.points if counted is not None else None


@dataclass(frozen=True)
class DriverSeason:
    registration: Registration
    rounds: list[RoundLine]
    season_total: int
    all_points: int


def season_registration(*, label: str, online_id: str) -> Registration | None:
    """The registration a driver's season page names by the season's label and the driver's
    online id, with its season, driver and country: one query."""
    lookup = label_lookup(label, through="season__")
    if lookup is None:
        return None
    found = Registration.objects.select_related("season", "driver", "country").filter(
        **lookup, driver__online_id=online_id
    )
    return only_row(found)  # one registration per driver and season


def driver_season(*, registration: Registration) -> DriverSeason:
    """Every race a registration entered, the race that counts per round, and the best N."""
    season = registration.season
    lines = {r.pk: RoundLine(round=r) for r in season.rounds.order_by("number")}
    races = (
        RaceResult.objects.filter(registration=registration)
        .select_related("slot", "lobby")
        .order_by("slot__starts_at")
    )
    for race in races:
        lines[race.slot.round_id].races.append(race)
    scores = {
        line.round.number: counted.points
        for line in lines.values()
        if (counted := line.counted) is not None
    }
    best = rules.best_rounds(scores, season.best_rounds)
    for line in lines.values():
        line.in_best = line.round.number in best
    return DriverSeason(
        registration=registration,
        rounds=list(lines.values()),
        season_total=rules.season_total(scores, season.best_rounds),
        all_points=sum(scores.values()),
    )


def round_page(*, season: Season, after: int | None, limit: int) -> KeysetPage[Round]:
    """A season's rounds by number, one keyset page."""
    return keyset_page(season.rounds.all(), key="number", after=after, limit=limit)


def season_round(*, season: Season, number: int) -> Round | None:
    return season.rounds.filter(number=number).first()


def entry_slots(
    *, round: Round, region: str | None = None, league: str | None = None
) -> list[EntrySlot]:
    """A round's entry slots in start order, of one region and/or league if given."""
    slots = round.slots.order_by("starts_at", "region", "league")
    if region:
        slots = slots.filter(region=region)
    if league:
        slots = slots.filter(league=league)
    return list(slots)


def round_results_page(
    *,
    round: Round,
    region: str | None = None,
    league: str | None = None,
    after: int | None,
    limit: int,
) -> KeysetPage[RaceResult]:
    """Every race result of a round (with slot, lobby and driver), one keyset page by id."""
    results = RaceResult.objects.filter(slot__round=round).select_related(
        "slot", "lobby", "registration__driver"
    )
    if region:
        results = results.filter(slot__region=region)
    if league:
        results = results.filter(slot__league=league)
    return keyset_page(results, key="pk", after=after, limit=limit)


def race_server_for_token(token: str) -> RaceServer | None:
    """The active race server whose token this is (only the token's hash is stored)."""
    if not token:
        return None
    return RaceServer.objects.filter(
        token_hash=RaceServer.hash_token(token), is_active=True
    ).first()
