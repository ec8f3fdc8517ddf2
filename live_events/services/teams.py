"""Writes of a team-format season's national teams.

A formed team is always whole: its drivers are finalists of its nation. The finalist
services refuse a change that would take a team's driver out of the finalists (a
decline, a driver pushed to alternate), naming the team; the organiser changes the
team here first. Only the drivers of complete teams are entered in the season's events.
"""

from django.db import IntegrityError, transaction

from leagues.exceptions import RuleViolation
from leagues.models import Country, Driver, Season
from leagues.services.pages import changes_shared_pages
from live_events import rules
from live_events.models import (
    Finalist,
    FinalistStatus,
    LiveSeasonSettings,
    NationalTeam,
    TeamMember,
)


@changes_shared_pages
def form_team(
    *, season: Season, country: Country, name: str, drivers: list[Driver]
) -> NationalTeam:
    """Form ``country``'s national team of the season from its eligible finalists."""
    return _save(NationalTeam(season=season, country=country), name=name, drivers=drivers)


@changes_shared_pages
def change_team(
    *, team: NationalTeam, country: Country, name: str, drivers: list[Driver]
) -> NationalTeam:
    """Rename a team, move it to another nation or replace its drivers; the same rules."""
    team.country = country
    return _save(team, name=name, drivers=drivers)


def check_team(*, team: NationalTeam, name: str, drivers: list[Driver]) -> None:
    """Refuse (with every reason) a team the services would refuse; writes nothing.

    For forms, before they save; the services check again under the season's lock.
    """
    settings = LiveSeasonSettings.objects.filter(season=team.season).first()
    errors = _errors(team, settings or LiveSeasonSettings(season=team.season), name, drivers)
    if errors:
        raise RuleViolation(errors)


def _errors(
    team: NationalTeam, settings: LiveSeasonSettings, name: str, drivers: list[Driver]
) -> list[str]:
    season, keys = team.season, [driver.pk for driver in drivers]
    others = NationalTeam.objects.filter(season=season).exclude(pk=team.pk)
    nations = dict(
        Finalist.objects.filter(
            season=season, status=FinalistStatus.SELECTED, driver__in=keys
        ).values_list("driver_id", "country_id")
    )
    taken = dict(
        TeamMember.objects.filter(season=season, driver__in=keys)
        .exclude(team_id=team.pk)
        .values_list("driver_id", "team__name")
    )
    return rules.team_formation_errors(
        team_season=settings.is_team,
        size=settings.team_size,
        name=name,
        nation=team.country_id,
        nation_label=team.country.name,
        members=[
            rules.TeamCandidate(
                key=driver.pk,
                label=driver.display_name,
                nation=nations.get(driver.pk),
                other_team=taken.get(driver.pk, ""),
            )
            for driver in drivers
        ],
        names_taken=others.values_list("name", flat=True),
        nations_taken=others.values_list("country_id", flat=True),
    )


def _save(team: NationalTeam, *, name: str, drivers: list[Driver]) -> NationalTeam:
    """Check every rule under the season's lock, then write the team and its drivers whole.

    The lock on the season's live settings puts concurrent changes to a season's teams in
    line: the second one sees the drivers the first one took and is refused.
    """
    with transaction.atomic():
        settings = LiveSeasonSettings.objects.select_for_update().filter(
            season=team.season
        ).first() or LiveSeasonSettings(season=team.season)
        errors = _errors(team, settings, name, drivers)
        if errors:
            raise RuleViolation(errors)
        team.name = name.strip()
        try:
            with transaction.atomic():
                team.save()
                team.members.all().delete()
                TeamMember.objects.bulk_create(
                    TeamMember(team=team, season=team.season, driver=driver) for driver in drivers
                )
        except IntegrityError:
            # Only a write that went around the lock gets here: the checks above hold it.
            raise RuleViolation(
                "Another change to the season's teams was saved meanwhile; try again."
            ) from None
    return team
