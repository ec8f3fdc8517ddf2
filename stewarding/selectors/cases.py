"""Reads of the stewarding cases: what is still to decide, what was decided."""

from django.db.models import QuerySet

from leagues.models import Round, Season
from stewarding.models import Case, Decision


def undecided_cases(*, season: Season) -> QuerySet[Case]:
    """The season's protests and reviews awaiting a decision, oldest first."""
    return (
        Case.objects.filter(round__season=season, status=Case.Status.OPEN)
        .select_related("round", "lobby", "accused")
        .order_by("round__number", "opened_at", "pk")
    )


def round_decisions(*, round: Round) -> QuerySet[Decision]:
    """The published decisions of a round, in the order they were made."""
    return (
        Decision.objects.filter(case__round=round)
        .select_related("case__lobby__slot", "case__accused__driver", "case__protester")
        .order_by("decided_at", "pk")
    )
