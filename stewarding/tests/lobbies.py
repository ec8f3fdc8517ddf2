"""A raced lobby for the stewarding tests: signed-in drivers, results scored by the rulebook."""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from leagues import roles
from leagues import rules as league_rules
from leagues.models import Lobby, RaceResult, Registration, Round, Season
from leagues.tests.factories import (
    EntrySlotFactory,
    LobbyFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)

SOF = 35_000


@dataclass
class Raced:
    season: Season
    round: Round
    lobby: Lobby
    drivers: list[Registration]  # in finishing order

    def order(self) -> list[tuple[str, int, str, int]]:
        """(online id, position, status, points) of the classification, in order."""
        return list(
            RaceResult.objects.filter(lobby=self.lobby)
            .order_by("position")
            .values_list("registration__driver__online_id", "position", "status", "points")
        )

    def user(self, index: int):
        return self.drivers[index].driver.user


def raced_lobby(
    *, starters: int = 5, statuses: dict[int, str] | None = None, season=None, number=1, label="A"
) -> Raced:
    """A lobby of ``starters`` drivers (d1 won), SOF 35,000; ``statuses`` by finishing place."""
    season = season or SeasonFactory()
    round_ = Round.objects.filter(season=season, number=number).first() or RoundFactory(
        season=season, number=number
    )
    slot = round_.slots.first() or EntrySlotFactory(round=round_)
    lobby = LobbyFactory(slot=slot, label=label, sof=SOF, starters=starters)
    drivers = []
    for place in range(1, starters + 1):
        online_id = f"r{number}{label}_d{place}"
        registration = RegistrationFactory(
            season=season,
            driver__online_id=online_id,
            # An unusable password: hashing one per driver would dominate the tests' time.
            driver__user=UserFactory(username=online_id, password="!"),
            driver__dr_points=SOF,
        )
        status = (statuses or {}).get(place, "FIN")
        RaceResult.objects.create(
            lobby=lobby,
            slot=slot,
            registration=registration,
            position=place,
            status=status,
            dr_points=SOF,
            points=league_rules.points(place, starters, SOF, status),
        )
        drivers.append(registration)
    return Raced(season, round_, lobby, drivers)


def steward(username: str = "steward"):
    user = UserFactory(username=username, is_staff=True, password="!")
    user.groups.add(Group.objects.get(name=roles.STEWARD))
    return user


def points(place: int, starters: int = 5) -> int:
    return league_rules.points(place, starters, SOF)
