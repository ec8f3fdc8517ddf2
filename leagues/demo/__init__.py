"""The demo data set of ``manage.py load_demo``: deterministic, realistic, made up.

Each step is a function ``step(*, rng: random.Random, log) -> None`` that
builds on what the steps before it made; features add their step here so
that ``make run`` always shows every feature with data.
"""

from collections.abc import Callable

STEPS: list[str] = [
    "leagues.demo.accounts.create_demo_staff",
    "leagues.demo.online.create_drivers",
    "leagues.demo.online.create_past_season",
    "leagues.demo.payouts.pay_closed_seasons",
    "live_events.demo.create_live_events",
    "leagues.demo.online.create_current_season",
    "live_events.demo.create_live_day",
    "leagues.demo.accounts.create_demo_driver",
    # Later steps draw from their own random streams: the ones above keep their numbers.
    "leagues.demo.discipline.create_exhibition_season",
    "leagues.demo.discipline.suspend_a_driver",
    "stewarding.demo.create_stewarding_cases",
    "live_events.demo.create_team_season",
]

Step = Callable[..., None]
