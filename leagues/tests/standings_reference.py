"""A pure-Python reference of the standings, built from ``rules`` only.

Tests compare the set-wise SQL of ``publish_standings`` (on SQLite and on
PostgreSQL through a real worker) with this, row for row.
"""

import datetime as dt
import random
from collections import defaultdict

from leagues import rules
from leagues.models import Lobby, MainArea, RaceResult, Registration, Round, RoundScore, Standing
from leagues.services.slots import generate_slots
from leagues.tests.factories import DriverFactory, RegistrationFactory, RoundFactory, SeasonFactory


def expected_rows(season) -> set[tuple]:
    """(online_id, league, tier, scope, rank, season_points, rounds_counted, medal) per ranking."""
    scores: defaultdict[int, dict[int, int]] = defaultdict(dict)
    for score in RoundScore.objects.filter(round__season=season).select_related("round"):
        scores[score.registration_id][score.round.number] = score.points
    registrations = Registration.objects.filter(pk__in=scores).select_related(
        "driver", "main_area", "secondary_area"
    )
    rankings = defaultdict(list)
    for reg in registrations:
        rounds = scores[reg.pk]
        key = rules.RankingKey(
            rules.season_total(rounds, season.best_rounds),
            sum(rounds.values()),
            max(rounds.values()),
        )
        counted = min(len(rounds), season.best_rounds)
        scopes = {
            "REGIONAL": reg.region,
            "DOMESTIC": reg.country_id,
            "MAIN_AREA": reg.main_area.code,
            "SECONDARY_AREA": reg.secondary_area.code,
        }
        for tier, scope in scopes.items():
            rankings[(reg.league, tier, scope)].append((reg.driver.online_id, key, counted))
    rows = set()
    for (league, tier, scope), members in rankings.items():
        ranks = rules.ranks([key for _, key, _ in members])
        for (online_id, key, counted), rank in zip(members, ranks, strict=True):
            medal = rules.medal_for_rank(rank, len(members))
            rows.add((online_id, league, tier, scope, rank, key.season_points, counted, medal))
    return rows


def published_rows(publication) -> set[tuple]:
    return set(
        Standing.objects.filter(publication=publication).values_list(
            "registration__driver__online_id",
            "league",
            "tier",
            "scope",
            "rank",
            "season_points",
            "rounds_counted",
            "medal",
        )
    )


def random_season(*, seed: int, drivers: int = 60, rounds: int = 4):
    """A season with random results across two countries, leagues and a few areas."""
    rng = random.Random(seed)
    season = SeasonFactory()
    areas = list(
        MainArea.objects.filter(country_id__in=["FR", "BE"]).prefetch_related("secondary_areas")[:4]
    )
    registrations = []
    for index in range(drivers):
        main = rng.choice(areas)
        driver = DriverFactory(
            online_id=f"rnd_{seed}_{index:03d}",
            country=main.country,
            main_area=main,
            secondary_area=rng.choice(list(main.secondary_areas.all())[:2]),
            dr_points=rng.choice([5_000, 15_000, 35_000, 55_000]),
        )
        registrations.append(RegistrationFactory(season=season, driver=driver))
    for number in range(1, rounds + 1):
        round_ = RoundFactory(
            season=season, number=number, date=dt.date(2024, 4, 14) + dt.timedelta(days=3 * number)
        )
        generate_slots(round=round_)
        for reg in registrations:
            if rng.random() < 0.3:
                continue
            slot = round_.slots.filter(region=reg.region, league=reg.league).order_by("?")[0]
            lobby = Lobby.objects.create(slot=slot, label=f"L{reg.pk}", sof=30000, starters=1)
            RaceResult.objects.create(
                lobby=lobby,
                slot=slot,
                registration=reg,
                position=1,
                status=rng.choice(["FIN", "FIN", "FIN", "DNF"]),
                dr_points=reg.dr_points,
                points=rng.choice([0, 10, 20, 20, 40, 80]),
            )
    return season, list(Round.objects.filter(season=season))
