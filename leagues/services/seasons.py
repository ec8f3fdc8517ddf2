"""A season's status moves forward only: upcoming, registration open, running, closed.

Closing publishes the final standings and freezes them, once. Nothing
reopens a season: the status is not a form field anywhere, and these
functions are the only writers of it.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leagues import rules
from leagues.exceptions import RuleViolation
from leagues.models import Round, Season, SeasonStatus
from leagues.services.audit import record_action
from leagues.services.pages import changes_shared_pages
from leagues.services.standings import publish_standings
from stewarding.selectors.cases import undecided_cases

log = logging.getLogger(__name__)


@changes_shared_pages
def close_season(*, season: Season, user=None, now: dt.datetime | None = None) -> bool:
    """Publish the final standings and close ``season`` (False if it was already closed).

    One transaction under the season's lock: either the final publication and
    the closed status are both written, or neither is. Refused while a protest or
    review of the season awaits a decision (filing one takes the same lock).
    """
    with transaction.atomic():
        season = Season.objects.select_for_update().get(pk=season.pk)
        if season.status == SeasonStatus.CLOSED:
            return False
        numbers = list(season.rounds.order_by("number").values_list("number", "status"))
        if not numbers:
            raise RuleViolation(f"The {season} has no rounds; there is nothing to close.")
        still_open = [str(number) for number, status in numbers if status != Round.Status.CLOSED]
        if still_open:
            raise RuleViolation(
                f"The {season} cannot close while round(s) {', '.join(still_open)} "
                "are not closed; close every round first."
            )
        undecided = [
            _("%(kind)s #%(case)s (round %(round)s, %(driver)s)")
            % {
                "kind": case.get_kind_display(),
                "case": case.pk,
                "round": case.round.number,
                "driver": case.accused.display_name,
            }
            for case in undecided_cases(season=season)
        ]
        if undecided:
            raise RuleViolation(
                _("The %(season)s cannot close while these cases await a decision: %(cases)s.")
                % {"season": season, "cases": "; ".join(undecided)}
            )
        publication = publish_standings(season=season, final=True)
        season.status = SeasonStatus.CLOSED
        season.closed_at = now or timezone.now()
        season.save(update_fields=["status", "closed_at"])
        record_action(
            user=user,
            action="close season",
            detail=f"{season.label}: final standings v{publication.version}",
        )
    log.info("Closed the %s with final standings %s", season, publication)
    return True


@changes_shared_pages
def advance_season(*, season: Season, to: str, user=None, now: dt.datetime | None = None) -> bool:
    """Move ``season`` forward to status ``to`` (False if it is already there).

    A move back (a closed season reopened, a running one set to open) is
    refused; closing goes through ``close_season``, which freezes the final
    standings the payouts are made from.
    """
    if to not in rules.SEASON_STATUSES:
        raise RuleViolation(f"{to!r} is not a season status.")
    if to == SeasonStatus.CLOSED:
        return close_season(season=season, user=user, now=now)
    with transaction.atomic():
        season = Season.objects.select_for_update().get(pk=season.pk)
        if season.status == to:
            return False
        if not rules.season_status_moves_forward(season.status, to):
            raise RuleViolation(
                f"The {season} is {season.get_status_display()}; a season's status only moves "
                f"forward, so it cannot become {SeasonStatus(to).label} again."
            )
        previous = season.status
        season.status = to
        season.save(update_fields=["status"])
        record_action(
            user=user, action="season status", detail=f"{season.label}: {previous} → {to}"
        )
    log.info("The %s is now %s", season, to)
    return True
