"""Reads of the stewarding cases: what is still to decide, what was decided."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from leagues.models import Driver, Lobby, RaceResult, Registration, Round, Season, SeasonStatus
from stewarding import rules
from stewarding.models import Case, Decision


def undecided_cases(*, season: Season) -> QuerySet[Case]:
    """The season's protests and reviews awaiting a decision, oldest first."""
    return (
        Case.objects.filter(round__season=season, status=Case.Status.OPEN)
        .select_related("round", "lobby", "accused")
        .order_by("round__number", "opened_at", "pk")
    )


def round_decisions(
    *, round: Round, region: str | None = None, league: str | None = None
) -> QuerySet[Decision]:
    """The published decisions of a round (of one region and league if given), in order made."""
    decisions = Decision.objects.filter(case__round=round)
    if region:
        decisions = decisions.filter(case__lobby__slot__region=region)
    if league:
        decisions = decisions.filter(case__lobby__slot__league=league)
    return decisions.select_related(
        "case__round__season", "case__lobby__slot", "case__accused__driver", "case__protester"
    ).order_by("decided_at", "pk")


def desk_queue() -> QuerySet[Case]:
    """Every case awaiting a decision, by season, round and age (oldest first)."""
    return (
        Case.objects.filter(status=Case.Status.OPEN)
        .select_related("round__season", "lobby__slot", "accused", "protester")
        .order_by("round__season__year", "round__season_id", "round__number", "opened_at", "pk")
    )


def recent_decisions(*, limit: int = 20) -> QuerySet[Decision]:
    return Decision.objects.select_related(
        "case__round__season", "case__lobby", "case__accused", "steward"
    ).order_by("-decided_at", "-pk")[:limit]


def case_for_desk(pk: int) -> Case | None:
    """A case with what the desk shows: the lobby, both drivers, statements, the decision."""
    return (
        Case.objects.select_related(
            "round__season",
            "lobby__slot",
            "accused__driver",
            "protester__driver",
            "decision__steward",
        )
        .prefetch_related("statements__author")
        .filter(pk=pk)
        .first()
    )


def lobby_classification(*, lobby: Lobby) -> QuerySet[RaceResult]:
    """The lobby's results as the desk shows them: classification with the finishing order."""
    return (
        RaceResult.objects.filter(lobby=lobby)
        .select_related("registration__driver")
        .order_by("position")
    )


def driver_cases(*, driver: Driver) -> QuerySet[Case]:
    """The cases a driver protested or is accused in, newest first, with their decisions."""
    return (
        Case.objects.filter(Q(accused__driver=driver) | Q(protester__driver=driver))
        .select_related("round__season", "lobby", "accused", "protester", "decision")
        .order_by("-opened_at", "-pk")
    )


def case_of_driver(*, driver: Driver, pk: int) -> Case | None:
    return (
        driver_cases(driver=driver)
        .select_related("accused__driver", "lobby__slot")
        .prefetch_related("statements")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ProtestableLobby:
    """A lobby the driver started in, with the other starters they may protest against."""

    lobby: Lobby
    rivals: list[Registration]


def protestable_lobbies(*, registration: Registration, round: Round) -> list[ProtestableLobby]:
    """The lobbies of ``round`` the registration started in, each with its other starters."""
    lobbies = list(
        Lobby.objects.filter(slot__round=round, results__registration=registration)
        .select_related("slot")
        .order_by("slot__starts_at", "label")
    )
    rivals: dict[int, list[Registration]] = {lobby.pk: [] for lobby in lobbies}
    results = (
        RaceResult.objects.filter(lobby__in=lobbies)
        .exclude(registration=registration)
        .select_related("registration")
        .order_by("lobby_id", "position")
    )
    for result in results:
        rivals[result.lobby_id].append(result.registration)
    return [ProtestableLobby(lobby, rivals[lobby.pk]) for lobby in lobbies]


def protest_rounds(*, registration: Registration | None, now: dt.datetime) -> list[Round]:
    """The rounds ``registration`` raced whose protest window is still open."""
    if registration is None or registration.season.status == SeasonStatus.CLOSED:
        return []
    raced = Round.objects.filter(
        season_id=registration.season_id, slots__results__registration=registration
    ).distinct()
    hours = registration.season.protest_window_hours
    return [
        round_
        for round_ in raced.order_by("number")
        if rules.protest_window_open(now=now, round_closed_at=round_.closed_at, hours=hours)
    ]


@dataclass(frozen=True)
class Licence:
    """A driver's licence penalty points in force and the limit that suspends."""

    points: int
    limit: int = rules.LICENCE_POINT_LIMIT
    months: int = rules.LICENCE_POINTS_MONTHS

    @property
    def at_limit(self) -> bool:
        return self.points >= self.limit


def licence_of(*, driver: Driver, now: dt.datetime) -> Licence:
    awards = Decision.objects.filter(
        case__accused__driver=driver,
        licence_points__gt=0,
        decided_at__gt=rules.months_before(now, rules.LICENCE_POINTS_MONTHS),
    ).values_list("decided_at", "licence_points")
    return Licence(points=rules.licence_points(awards, now=now))
