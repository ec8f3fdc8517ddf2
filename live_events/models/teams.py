from django.db import models
from django.utils.translation import gettext_lazy as _

from leagues.models import Country, Driver, Season


class NationalTeam(models.Model):
    """A nation's team in a team-format season: ``team_size`` of its eligible finalists.

    Formed and changed through ``live_events.services.teams`` only, which checks
    the rules of ``live_events.rules.team_formation_errors``.
    """

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="national_teams")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["season", "name"]
        verbose_name = _("national team")
        verbose_name_plural = _("national teams")
        constraints = [
            models.UniqueConstraint(
                fields=["season", "country"], name="national_team_one_per_nation"
            ),
            models.UniqueConstraint(fields=["season", "name"], name="national_team_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.season})"


class TeamMember(models.Model):
    """A driver of a national team; ``season`` repeats the team's so that the database
    holds a driver to one team per season."""

    team = models.ForeignKey(NationalTeam, on_delete=models.CASCADE, related_name="members")
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="+")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="team_memberships")

    class Meta:
        ordering = ["team", "driver__display_name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["season", "driver"], name="team_member_one_team_per_season"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.driver} ({self.team.name})"
