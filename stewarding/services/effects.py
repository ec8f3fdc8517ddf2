"""What follows a committed decision: a new publication of the standings."""

import logging

from leagues.models import SeasonStatus
from leagues.services.standings import publish_standings
from stewarding.models import Decision

log = logging.getLogger(__name__)


def publish_after_decision(*, decision_id: int) -> int | None:
    """Publish the season's standings again with the decision's scores (the new version).

    Nothing to publish while the round is open (its scores are not in the standings
    yet) or once the season is closed (its final standings were published after
    the decision, since a season cannot close with an undecided case).
    """
    decision = Decision.objects.select_related("case__round__season").get(pk=decision_id)
    round_ = decision.case.round
    if not round_.is_closed or round_.season.status == SeasonStatus.CLOSED:
        return None
    publication = publish_standings(season=round_.season)
    log.info("Published %s after decision %s", publication, decision_id)
    return publication.pk
