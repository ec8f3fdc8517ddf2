"""What a team-format season's pages read of its national teams."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from leagues.models import Driver, Season
from live_events import rules
from live_events.models import NationalTeam, TeamMember


@dataclass
class TeamRow:
    rank: int
    team: NationalTeam
    total: int
    drivers: list[Driver]


def season_teams(season: Season) -> list[NationalTeam]:
    """The season's national teams with their nation and drivers, by name."""
    return list(
        NationalTeam.objects.filter(season=season)
        .select_related("country")
        .prefetch_related(Prefetch("members", TeamMember.objects.select_related("driver__country")))
        .order_by("name")
    )


def complete_teams(*, season: Season, size: int) -> QuerySet[NationalTeam]:
    """The season's national teams that have their ``size`` drivers (the ones that race)."""
    return (
        NationalTeam.objects.filter(season=season)
        .annotate(drivers=Count("members"))
        .filter(drivers=size)
    )


NOT_CLASSIFIED = 10**6


def team_table(
    teams: list[NationalTeam],
    driver_points: Mapping[int, int],
    grand_final: Mapping[int, int | None] | None = None,
) -> list[TeamRow]:
    """The teams ranked by their drivers' points added up; with ``grand_final`` (each
    driver's Grand Final position), equal totals are split by the team's best finish
    there, as the drivers' are. Still equal: a shared rank."""
    members = {team.pk: [m.driver for m in team.members.all()] for team in teams}
    totals = rules.team_points(
        driver_points, {driver.pk: key for key, drivers in members.items() for driver in drivers}
    )
    finishes = grand_final or {}

    def sort_key(team: NationalTeam) -> tuple[int, int]:
        best = min(
            (finishes.get(d.pk) or NOT_CLASSIFIED for d in members[team.pk]),
            default=NOT_CLASSIFIED,
        )
        return (-totals.get(team.pk, 0), best)

    ordered = sorted(teams, key=lambda team: (*sort_key(team), team.name))
    ranks = rules.shared_ranks([sort_key(team) for team in ordered])
    return [
        TeamRow(rank, team, totals.get(team.pk, 0), members[team.pk])
        for team, rank in zip(ordered, ranks)
    ]
