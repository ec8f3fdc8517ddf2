import datetime as dt

import pytest
from django.urls import reverse

from leagues.models import RaceResult, Suspension
from leagues.selectors.discipline import suspension_on
from stewarding.selectors.cases import licence_of
from stewarding.services.cases import open_review
from stewarding.services.decisions import decide
from stewarding.tests.lobbies import raced_lobby, steward

pytestmark = pytest.mark.django_db

DAY = dt.datetime(2024, 5, 1, 12, tzinfo=dt.UTC)


def penalise(raced, index: int, points: int, when: dt.datetime):
    case = open_review(
        steward=steward(f"opener{when:%j}{index}"),
        lobby=raced.lobby,
        accused=raced.drivers[index],
        lap=1,
        description="Contact.",
    )
    return decide(
        steward=steward(f"s{when:%j}{index}"),
        case=case,
        kind="warning",
        licence_points=points,
        reason="Contact.",
        now=when,
    )


def test_reaching_twelve_points_in_twelve_months_suspends_for_thirty_days_from_the_decision():
    first, second = raced_lobby(label="A"), raced_lobby(label="B", number=2)
    driver = first.drivers[0].driver
    second.drivers[0] = first.drivers[0]  # the same driver raced round 2
    RaceResult.objects.filter(lobby=second.lobby, position=1).update(registration=first.drivers[0])

    penalise(first, 0, 8, DAY)
    assert not Suspension.objects.exists()
    decision = penalise(second, 0, 4, DAY + dt.timedelta(days=30))

    suspension = Suspension.objects.get()
    assert (suspension.driver, suspension.source) == (driver, "licence")
    assert suspension.source_key == f"steward-decision:{decision.pk}"
    assert (suspension.starts_on, suspension.ends_on) == (
        dt.date(2024, 5, 31),
        dt.date(2024, 6, 29),
    )
    assert suspension_on(driver=driver, day=dt.date(2024, 6, 29)) == suspension
    assert licence_of(driver=driver, now=DAY + dt.timedelta(days=31)).points == 12


def test_points_older_than_twelve_months_do_not_count_towards_the_limit():
    raced = raced_lobby()
    penalise(raced, 0, 8, DAY)
    raced_two = raced_lobby(label="B", number=2)
    RaceResult.objects.filter(lobby=raced_two.lobby, position=1).update(
        registration=raced.drivers[0]
    )
    raced_two.drivers[0] = raced.drivers[0]
    penalise(raced_two, 0, 4, DAY + dt.timedelta(days=366))
    assert not Suspension.objects.exists()
    assert licence_of(driver=raced.drivers[0].driver, now=DAY + dt.timedelta(days=366)).points == 4


def test_the_profile_shows_the_licence_points_and_the_suspension(
    client, django_capture_on_commit_callbacks
):
    raced = raced_lobby()
    penalise(raced, 0, 10, dt.datetime.now(dt.UTC))
    url = reverse("leagues:driver_detail", args=[raced.drivers[0].driver.online_id])
    assert "Licence penalty points: 10 of 12" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # shown once the decision commits
        penalise(raced, 0, 2, dt.datetime.now(dt.UTC))
    body = client.get(url).content.decode()
    assert "Licence penalty points: 12 of 12" in body and "Suspended until" in body
