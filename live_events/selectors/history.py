"""The live half of the hall of fame: world champions, nations' team titles, event wins.

Only events whose races are all confirmed count. Each World Finals is read
through its season's championship (as the championship page computes it),
so the page costs a few queries per season with a World Finals.
"""

from collections import Counter
from dataclasses import dataclass

from leagues.models import Driver, Season
from live_events.models import EventKind, LiveEvent, NationalTeam
from live_events.selectors.careers import event_outcomes
from live_events.selectors.pages import championship


@dataclass(frozen=True)
class WorldChampion:
    season: Season
    event: LiveEvent
    driver: Driver
    total: int


@dataclass(frozen=True)
class TeamTitle:
    season: Season
    team: NationalTeam
    total: int
    drivers: list[Driver]


@dataclass(frozen=True)
class EventWins:
    driver: Driver
    wins: int


@dataclass(frozen=True)
class LiveHallOfFame:
    champions: list[WorldChampion]  # newest season first
    team_titles: list[TeamTitle]
    event_wins: list[EventWins]


MOST_WINS = 10


def live_hall_of_fame() -> LiveHallOfFame:
    finals = [
        outcome
        for outcome in event_outcomes(LiveEvent.objects.filter(kind=EventKind.WORLD_FINAL))
        if outcome.complete
    ]
    champions, team_titles = [], []
    for outcome in reversed(finals):
        table = championship(outcome.event.season)
        champions += [
            WorldChampion(outcome.event.season, outcome.event, row.driver, row.total)
            for row in table.final_rows
            if row.rank == 1
        ]
        team_titles += [
            TeamTitle(outcome.event.season, row.team, row.total, row.drivers)
            for row in table.final_team_rows
            if row.rank == 1
        ]
    wins: Counter = Counter()
    for outcome in event_outcomes(LiveEvent.objects.filter(kind=EventKind.ROUND)):
        if outcome.complete:
            wins.update(driver for driver, position in outcome.positions.items() if position == 1)
    drivers = Driver.objects.select_related("country").in_bulk(list(wins))
    most = sorted(wins.items(), key=lambda item: (-item[1], drivers[item[0]].online_id))
    return LiveHallOfFame(
        champions=champions,
        team_titles=team_titles,
        event_wins=[EventWins(drivers[key], count) for key, count in most[:MOST_WINS]],
    )
