"""A small published season shared by the i18n, API and feed tests."""

import datetime as dt

from leagues.models import Lobby, RaceResult, Round
from leagues.services.slots import generate_slots
from leagues.services.standings import close_round, publish_standings
from leagues.tests.factories import RegistrationFactory, RoundFactory, SeasonFactory


def make_round(season, number: int) -> Round:
    round_ = RoundFactory(
        season=season, number=number, date=dt.date(2024, 4, 14) + dt.timedelta(days=3 * number)
    )
    generate_slots(round=round_)
    return round_


def race(registration, round_, points: int, *, hour: int = 13, position: int = 1) -> RaceResult:
    slot = round_.slots.get(region="EMEA", league="GT1", starts_at__hour=hour)
    lobby = Lobby.objects.create(slot=slot, label=f"{registration.pk}-{hour}", sof=35_000)
    return RaceResult.objects.create(
        lobby=lobby,
        slot=slot,
        registration=registration,
        position=position,
        dr_points=registration.dr_points,
        points=points,
    )


def published_season(*, drivers: int = 120, rounds: int = 2):
    """``drivers`` EMEA GT1 drivers d000.. racing ``rounds`` rounds, published after each.

    d000 leads; in round 2 the order is reversed for the last ten, so ranks move.
    """
    season = SeasonFactory()
    registrations = [
        RegistrationFactory(season=season, driver__online_id=f"d{i:03d}") for i in range(drivers)
    ]
    for number in range(1, rounds + 1):
        round_ = make_round(season, number)
        for index, registration in enumerate(registrations):
            points = 1000 - index if number == 1 or index < drivers - 10 else 2000 + index
            race(registration, round_, points)
        close_round(round=round_)
        publish_standings(season=season)
    return season, registrations
