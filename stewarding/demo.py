"""The demo's stewarding: protests in every state, decisions that changed the standings,
a driver near the licence limit.

It draws from its own ``random.Random``, never the demo's shared one, so the steps
before it make exactly the data they made before stewarding existed.
"""

import random
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count

from leagues import roles
from leagues.models import Lobby, RaceResult, Registration, Round
from leagues.selectors.seasons import current_season
from leagues.services.standings import publish_standings
from stewarding.services.cases import add_statement, file_protest, open_review
from stewarding.services.decisions import decide

DEMO_STEWARD_USERNAME = "steward"
SEED = 17


def create_stewarding_cases(*, rng: random.Random, log) -> None:
    """Cases on the current season's closed rounds and the demo driver's race of today."""
    del rng  # the demo's shared stream stays untouched (see the module's docstring)
    own = random.Random(SEED)
    season = current_season()
    User = get_user_model()
    if season is None or User.objects.filter(username=DEMO_STEWARD_USERNAME).exists():
        return
    password = secrets.token_urlsafe(12)
    steward = User.objects.create_user(
        DEMO_STEWARD_USERNAME, f"{DEMO_STEWARD_USERNAME}@nationscup.local", password, is_staff=True
    )
    steward.groups.add(Group.objects.get(name=roles.STEWARD))
    closed = list(season.rounds.filter(status=Round.Status.CLOSED).order_by("number"))
    if not closed:
        return
    latest = closed[-1]
    lobbies = _strongest_lobbies(latest, 3)
    if len(lobbies) < 3:
        return
    top, second, third = lobbies

    # The winner of the strongest lobby disqualified; a position penalty in the next one.
    _decided_protest(top, steward, 2, 1, "dsq", 0, 4, "Car below the minimum weight at the finish.")
    _decided_protest(second, steward, 4, 3, "penalty", 3, 2, "Forced a rival off at turn 1.")
    _decided_protest(
        third, steward, 6, 5, "none", 0, 0, "Racing incident: both drivers braked late."
    )
    waiting = _protest(third, 8, 7, "Punted me into the gravel on the last lap.")
    add_statement(
        user=_user_of(waiting.accused), case=waiting, text="He braked twenty metres early."
    )
    _protest(top, 5, 4, "Blocked me twice on the straight.")
    review = open_review(
        steward=steward,
        lobby=third,
        accused=_at(third, 2),
        lap=own.randint(2, 6),
        description="Track limits at the chicane, several laps.",
    )

    near = _near_the_limit(season, closed, steward, own)
    _demo_driver_protest()
    publish_standings(season=season)
    log(
        f"Stewarding: user '{DEMO_STEWARD_USERNAME}', password '{password}' (the desk at "
        f"/stewards/); review #{review.pk} and protest #{waiting.pk} await a decision; "
        f"{near} is near the licence limit"
    )


def _near_the_limit(season, closed: list[Round], steward, own: random.Random) -> str:
    """A driver two points from the limit: warnings with points in the first two rounds."""
    near = (
        Registration.objects.filter(season=season, results__slot__round__in=closed[:2])
        .annotate(rounds=Count("results__slot__round", distinct=True))
        .filter(rounds=2)
        .select_related("driver")
        .order_by("driver__online_id")
        .first()
    )
    if near is None:
        return "nobody"
    for round_, points in zip(closed[:2], (6, 4), strict=True):
        result = (
            RaceResult.objects.filter(slot__round=round_, registration=near)
            .select_related("lobby")
            .order_by("-slot__starts_at")
            .first()
        )
        assert result is not None  # the query above found a race in each round
        case = open_review(
            steward=steward,
            lobby=result.lobby,
            accused=near,
            lap=own.randint(1, 5),
            description="Contact.",
        )
        decide(steward=steward, case=case, kind="warning", licence_points=points, reason="Contact.")
    return near.driver.online_id


def _demo_driver_protest() -> None:
    """The demo driver protests about today's race, so My seasons shows a case."""
    from leagues.demo.accounts import DEMO_DRIVER_USERNAME

    result = (
        RaceResult.objects.filter(
            registration__driver__user__username=DEMO_DRIVER_USERNAME,
            slot__round__status=Round.Status.SCHEDULED,
        )
        .select_related("lobby")
        .first()
    )
    if result is not None:
        against = 2 if result.position == 1 else 1
        _protest(result.lobby, result.position, against, "Hit me from behind into turn 1.")


def _strongest_lobbies(round_: Round, count: int) -> list[Lobby]:
    return list(
        Lobby.objects.filter(slot__round=round_)
        .annotate(n=Count("results"))
        .filter(n__gte=8)
        .order_by("-sof", "pk")[:count]
    )


def _at(lobby: Lobby, position: int) -> Registration:
    return (
        RaceResult.objects.select_related("registration__driver")
        .get(lobby=lobby, position=position)
        .registration
    )


def _user_of(registration: Registration):
    """The driver's account, made for the demo if the driver has none."""
    driver = registration.driver
    if driver.user is None:
        driver.user = get_user_model().objects.create_user(
            f"demo-{driver.online_id}", password=None
        )
        driver.save(update_fields=["user"])
    return driver.user


def _protest(lobby: Lobby, by: int, against: int, description: str):
    round_ = lobby.slot.round
    return file_protest(
        user=_user_of(_at(lobby, by)),
        lobby=lobby,
        accused=_at(lobby, against),
        lap=3,
        description=description,
        now=round_.closed_at - timedelta(minutes=1) if round_.closed_at else None,
    )


def _decided_protest(lobby, steward, by, against, kind, places, points, reason) -> None:
    case = _protest(lobby, by, against, "Contact that cost me places.")
    decide(
        steward=steward,
        case=case,
        kind=kind,
        places=places,
        licence_points=points,
        reason=reason,
    )
