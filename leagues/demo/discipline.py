"""Demo steps added after the first data set: an exhibition season and a suspended driver.

They run last and draw from their own ``random.Random``, so the official seasons
stay exactly what the shared stream made them (and the tests that read them).
"""

import datetime as dt
import random

from django.utils import timezone

from leagues.models import Registration, Season
from leagues.services.discipline import suspend_driver
from leagues.services.seasons import close_season
from leagues.services.standings import close_round, publish_standings

from .online import _race, _register, _round

EXHIBITION_SEED = 2025
EXHIBITION_ROUNDS = [
    ("Tsukuba Circuit", "Gr.4", "sprint"),
    ("Red Bull Ring", "Gr.3", "sprint"),
    ("Goodwood Motor Circuit", "Road cars (N500)", "sprint"),
]


def create_exhibition_season(*, rng: random.Random, log) -> None:
    """A closed exhibition season between the 2024 season and this year's: three rounds,
    ranked like any season, no reward table of its own (so it pays nothing) and nobody
    selected for live events."""
    own = random.Random(EXHIBITION_SEED)
    year = 2025 if timezone.now().year > 2025 else 2024
    season = Season.objects.create(
        year=year,
        kind="exhibition",
        name="Winter Exhibition",
        registration_opens=dt.datetime(year, 11, 1, tzinfo=dt.UTC),
        registration_closes=dt.datetime(year, 12, 1, tzinfo=dt.UTC),
        status="running",
    )
    rounds = [
        _round(season, number, dt.date(year, 11, 8 + 7 * number), track, car, kind)
        for number, (track, car, kind) in enumerate(EXHIBITION_ROUNDS, start=1)
    ]
    _register(season, own, share=0.3)
    for round_ in rounds:
        _race(round_, own)
        close_round(round=round_)
    publish_standings(season=season)
    close_season(season=season)
    log(f"{season}: {season.registrations.count()} registrations, 3 rounds, pays nothing")


def suspend_a_driver(*, rng: random.Random, log) -> None:
    """The best GT1 driver of this year's EMEA entry list (not the demo account's),
    suspended for three weeks."""
    current = Season.objects.filter(kind="official").order_by("-year").first()
    registration = (
        Registration.objects.filter(
            season=current, region="EMEA", league="GT1", driver__user__isnull=True
        )
        .select_related("driver")
        .order_by("-dr_points", "driver__online_id")
        .first()
    )
    if registration is None:
        return
    today = timezone.localdate()
    suspend_driver(
        driver=registration.driver,
        reason="Repeated contact in round 3 lobbies (stewards' report)",
        starts_on=today - dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=19),
    )
    log(f"{registration.driver} suspended until {today + dt.timedelta(days=19)}")
