"""Deciding a case, and what follows: the lobby re-scored, the round's scores, a publication.

``decide`` runs in one transaction under the round's row lock, the lock
``close_round`` takes too: two decisions in a round, or a decision and the
round's close, queue up, and whichever runs second sees the other's result.
The new publication is queued after commit through the same job a round
close uses, which locks the season, so it always reads committed scores.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from leagues import rules as league_rules
from leagues.exceptions import RuleViolation
from leagues.models import Lobby, RaceResult, Round, RoundScore
from leagues.services.audit import record_action
from leagues.services.pages import changes_shared_pages
from operations.outbox import enqueue
from stewarding import rules, tasks
from stewarding.models import Case, Decision
from stewarding.services.licence import suspend_at_licence_limit
from stewarding.signals import case_decided

# Positions are moved out of 1..n first, so the (lobby, position) unique key never
# sees two drivers on one place while the new order is written.
POSITION_SHIFT = 1000


@changes_shared_pages
def decide(
    *,
    steward,
    case: Case,
    kind: str,
    reason: str,
    places: int = 0,
    licence_points: int = 0,
    now: dt.datetime | None = None,
) -> Decision:
    """Record ``steward``'s decision on ``case`` and re-score its lobby and round; points
    that bring the driver to the licence limit suspend them, in the same transaction.

    Refused on a decided case, by a steward who is one of its drivers, without a
    reason, with places other than for a position penalty, or with licence points
    outside 0-10.
    """
    if not steward.has_perm("stewarding.add_decision"):
        raise RuleViolation(_("Only a steward may decide a case."))
    if kind not in rules.DECISION_KINDS:
        raise RuleViolation(_("Choose a decision."))
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation(_("Write the reason for the decision; it is published."))
    if len(reason) > rules.DESCRIPTION_MAX:
        raise RuleViolation(
            _("The reason is %(length)s characters long; at most %(max)s are allowed.")
            % {"length": len(reason), "max": rules.DESCRIPTION_MAX}
        )
    if kind == rules.POSITION_PENALTY and not places or places < 0:
        raise RuleViolation(_("A position penalty needs the number of places (1 or more)."))
    if kind != rules.POSITION_PENALTY and places:
        raise RuleViolation(_("Only a position penalty moves a driver by places."))
    if not 0 <= licence_points <= rules.LICENCE_POINTS_MAX:
        raise RuleViolation(
            _("Licence points are between 0 and %(max)s.") % {"max": rules.LICENCE_POINTS_MAX}
        )
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=case.round_id)
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("lobby", "accused__driver", "protester__driver")
            .get(pk=case.pk)
        )
        if not case.is_open:
            raise RuleViolation(_("Case %(case)s is already decided.") % {"case": case.pk})
        if steward.pk in _party_users(case):
            raise RuleViolation(
                _("You are one of the drivers of case %(case)s; another steward decides it.")
                % {"case": case.pk}
            )
        decision = Decision.objects.create(
            case=case,
            kind=kind,
            places=places,
            licence_points=licence_points,
            reason=reason,
            steward=steward,
            decided_at=now or timezone.now(),
        )
        case.status = Case.Status.DECIDED
        case.save(update_fields=["status"])
        rescore_lobby(lobby=case.lobby, round=round_)
        if licence_points:
            suspend_at_licence_limit(decision=decision)
        record_action(
            user=steward,
            action="steward decision",
            detail=f"case {case.pk}: {decision.get_kind_display()}"
            + (f" {places} place(s)" if places else "")
            + f", {licence_points} licence point(s); {reason}",
        )
        # The new publication through the outbox (sent once this commits, swept if the
        # broker is down); the drivers are told by the signal's receivers.
        enqueue(tasks.decision_made, decision.pk)
        transaction.on_commit(lambda: case_decided.send(sender=Decision, decision=decision))
    return decision


def _party_users(case: Case) -> set[int]:
    return {r.driver.user_id for r in case.parties() if r.driver.user_id is not None}


def reapply_decisions(*, lobby_ids: list[int]) -> int:
    """Re-score those of the lobbies that have decisions, from their new finishing order
    (a lobby imported again); the number re-scored. Runs in the caller's transaction."""
    decided = (
        Lobby.objects.filter(pk__in=lobby_ids, cases__decision__isnull=False)
        .select_related("slot__round__season")
        .distinct()
    )
    for lobby in decided:
        rescore_lobby(lobby=lobby, round=lobby.slot.round)
    return len(decided)


def rescore_lobby(*, lobby: Lobby, round: Round) -> None:
    """Rewrite the lobby's classification from its finishing order and all its decisions.

    The SOF and starters stay; positions, statuses and points follow the rulebook.
    A closed round's frozen scores of the lobby's drivers take the new points.
    """
    results = list(RaceResult.objects.filter(lobby=lobby).order_by("position"))
    finishing = [
        rules.Place(entrant=r.registration_id, position=r.finished_at, status=r.finished_as)
        for r in results
    ]
    decisions = Decision.objects.filter(case__lobby=lobby).select_related("case")
    after = {
        place.entrant: place
        for place in rules.classification_after(finishing, [d.ruling() for d in decisions])
    }
    scheme = league_rules.POINTS_SCHEMES[round.season.points_scheme]
    for result in results:
        place = after[result.registration_id]
        result.finish_position, result.finish_status = result.finished_at, result.finished_as
        result.position, result.status = place.position, place.status
        result.points = scheme(
            place.position, lobby.starters or len(results), lobby.sof, place.status
        )
    RaceResult.objects.filter(lobby=lobby).update(position=F("position") + POSITION_SHIFT)
    RaceResult.objects.bulk_update(
        results, ["position", "status", "points", "finish_position", "finish_status"]
    )
    if round.is_closed:
        RoundScore.objects.filter(round=round, result__lobby=lobby).update(
            points=Subquery(RaceResult.objects.filter(pk=OuterRef("result_id")).values("points"))
        )
