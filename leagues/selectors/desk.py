"""Reads for the organisers' desk: each round's state and what is missing before a close.

The guard rails of the admin actions and the season dashboard read the same
gaps from here, so a warning and the dashboard never disagree.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Max

from leagues.models import (
    EntrySlot,
    PayoutRun,
    Publication,
    RaceResult,
    Round,
    Season,
    SeasonStatus,
)
from leagues.selectors.payouts import payout_refusal


@dataclass
class RoundState:
    """One round as the desk shows it: slots, lobbies posted, results and when it closes."""

    round: Round
    slots: int = 0
    slots_with_lobbies: int = 0
    results: int = 0
    last_start: dt.datetime | None = None
    gaps: list[str] = field(default_factory=list)

    @property
    def slots_without_lobbies(self) -> int:
        return self.slots - self.slots_with_lobbies

    @property
    def closes_at(self) -> dt.datetime | None:
        """When the close job takes the round: its last slot's start plus the grace period."""
        if self.last_start is None:
            return None
        return self.last_start + dt.timedelta(minutes=self.round.season.close_grace_minutes)


def _by_round(queryset, key: str, **annotations) -> dict[int, dict]:
    return {row[key]: row for row in queryset.values(key).annotate(**annotations)}


def round_states(*, rounds) -> list[RoundState]:
    """The state of each of ``rounds`` (a queryset), counted in three grouped queries."""
    rounds = list(rounds.select_related("season").order_by("season", "number"))
    ids = [r.pk for r in rounds]
    slots = _by_round(
        EntrySlot.objects.filter(round__in=ids),
        "round",
        n=Count("id"),
        last=Max("starts_at"),
    )
    posted = _by_round(
        EntrySlot.objects.filter(round__in=ids, lobbies__isnull=False),
        "round",
        n=Count("id", distinct=True),
    )
    results = _by_round(
        RaceResult.objects.filter(slot__round__in=ids), "slot__round", n=Count("id")
    )
    states = []
    for round_ in rounds:
        state = RoundState(
            round=round_,
            slots=slots.get(round_.pk, {}).get("n", 0),
            last_start=slots.get(round_.pk, {}).get("last"),
            slots_with_lobbies=posted.get(round_.pk, {}).get("n", 0),
            results=results.get(round_.pk, {}).get("n", 0),
        )
        state.gaps = _round_gaps(state)
        states.append(state)
    return states


def _round_gaps(state: RoundState) -> list[str]:
    """What closing this round now would freeze as missing (empty slots are normal at night)."""
    if state.round.is_closed:
        return []
    if not state.results:
        return [f"{state.round} has no results: every driver would score 0 for it."]
    return []


def season_close_gaps(
    *, season: Season, states: list[RoundState] | None = None, now: dt.datetime
) -> list[str]:
    """What closing ``season`` now would leave out (refusals are the service's, not listed)."""
    if states is None:
        states = round_states(rounds=season.rounds.all())
    gaps = []
    numbers = {state.round.number for state in states}
    missing = [str(n) for n in range(1, season.rounds_planned + 1) if n not in numbers]
    if missing:
        gaps.append(
            f"The {season} plans {season.rounds_planned} rounds; round(s) "
            f"{', '.join(missing)} are not in the calendar."
        )
    later = [s.round for s in states if s.round.date > now.date()]
    if later:
        gaps.append(
            f"Round(s) {', '.join(str(r.number) for r in later)} are dated after today "
            f"(the last on {max(r.date for r in later):%Y-%m-%d})."
        )
    empty = [s.round for s in states if s.results == 0]
    if empty:
        gaps.append(f"Round(s) {', '.join(str(r.number) for r in empty)} have no results.")
    return gaps


@dataclass
class Readiness:
    """One step's readiness: ready when nothing blocks it; notes are worth a look, not blocks."""

    blocks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.blocks


@dataclass
class SeasonDesk:
    """Everything the season dashboard shows, read in a handful of queries."""

    season: Season
    rounds: list[RoundState]
    due: list[RoundState]
    building: Publication | None
    last_published: Publication | None
    to_close: Readiness
    to_pay: Readiness
    payout_run: PayoutRun | None

    @property
    def last_duration(self) -> dt.timedelta | None:
        """How long the last publication took to build (created → published)."""
        last = self.last_published
        if last is None or last.published_at is None:
            return None
        return last.published_at - last.created_at


def season_desk(*, season: Season, now: dt.datetime) -> SeasonDesk:
    """The season dashboard: rounds, what is due to close, publications, readiness."""
    states = round_states(rounds=season.rounds.all())
    publications = season.publications.order_by("-version")
    open_rounds = [str(s.round.number) for s in states if not s.round.is_closed]
    to_close = Readiness(notes=season_close_gaps(season=season, states=states, now=now))
    if season.status == SeasonStatus.CLOSED:
        to_close.notes = [f"The {season} is closed."]
    elif not states:
        to_close.blocks.append("The season has no rounds.")
    elif open_rounds:
        to_close.blocks.append(f"Round(s) {', '.join(open_rounds)} are not closed.")
    to_pay = Readiness()
    refusal = payout_refusal(season)
    if refusal:
        to_pay.blocks.append(refusal)
    if not season.reward_rates.exists():
        to_pay.blocks.append(
            "The season has no reward table: open the season's page to set it "
            "(an exhibition pays nothing without one)."
        )
    run = PayoutRun.objects.filter(season=season).first()
    if run is not None:
        to_pay.notes.append(f"A payout run exists: {run.get_status_display()}.")
    return SeasonDesk(
        season=season,
        rounds=states,
        due=[
            s
            for s in states
            if not s.round.is_closed and s.closes_at is not None and s.closes_at <= now
        ],
        building=publications.filter(status=Publication.Status.BUILDING).first(),
        last_published=publications.filter(published_at__isnull=False).first(),
        to_close=to_close,
        to_pay=to_pay,
        payout_run=run,
    )
