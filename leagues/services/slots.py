"""Writes of a round's schedule: entry slots generated from the season's slot hours."""

from leagues import rules
from leagues.models import EntrySlot, Round


def generate_slots(*, round: Round) -> int:
    """Create every slot the season's template gives this round; keep existing ones.

    Safe to run again: slots already there (also ones an organiser moved) are
    left alone. Returns how many slots were added.
    """
    wanted = []
    for region, hours_by_league in round.season.slot_hours.items():
        day_start = rules.region_day_start_hour(hours_by_league)
        for league, hours in hours_by_league.items():
            wanted += [
                EntrySlot(
                    round=round,
                    region=region,
                    league=league,
                    starts_at=rules.slot_start(round.date, hour, day_start),
                )
                for hour in hours
            ]
    before = round.slots.count()
    EntrySlot.objects.bulk_create(wanted, ignore_conflicts=True)
    return round.slots.count() - before
