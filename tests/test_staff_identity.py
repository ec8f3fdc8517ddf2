"""Identity: no one takes over a driver's account in the admin, and idle sessions end."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from leagues import roles
from leagues.models import Driver
from leagues.tests.factories import DriverFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = UserFactory(username="organiser", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ORGANISER))
    client.force_login(user)
    return user


def change_form_post(driver: Driver, **changes) -> dict:
    assert driver.birth_date is not None
    data = {
        "online_id": driver.online_id,
        "display_name": driver.display_name,
        "birth_date": driver.birth_date.isoformat(),
        "country": driver.country_id,
        "main_area": driver.main_area_id,
        "secondary_area": driver.secondary_area_id,
        "is_star_player": "",
        "is_banned": "",
        "ban_reason": "",
        "bio_team": "",
        "bio_notes": "",
    }
    return {**data, **changes}


def test_an_organiser_cannot_move_a_driver_to_another_account(client, organiser):
    owner, taker = UserFactory(username="owner"), UserFactory(username="taker")
    driver = DriverFactory(user=owner)
    url = reverse("admin:leagues_driver_change", args=[driver.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert 'name="user"' not in page.content.decode()  # shown, not a field

    response = client.post(url, change_form_post(driver, user=taker.pk, display_name="Renamed"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    driver.refresh_from_db()
    assert driver.user == owner
    assert driver.display_name == "Renamed"  # the rest of the form still saves


def test_the_account_is_not_chosen_in_the_admin_even_when_a_driver_is_added(client):
    """Only a claim code (the game's) gives a driver an account; the admin never does."""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # organisers add none
    page = client.get(reverse("admin:leagues_driver_add"))
    assert 'name="user"' not in page.content.decode()


def test_a_session_ends_after_the_idle_period_and_lasts_while_used(client, settings, monkeypatch):
    user = UserFactory(username="regular")
    idle = dt.timedelta(seconds=settings.SESSION_IDLE_SECONDS)
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS
    clock = [dt.datetime(2024, 5, 1, 10, tzinfo=dt.UTC)]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    client.force_login(user)
    for _ in range(3):  # used every so often: still signed in long after one period
        clock[0] += idle - dt.timedelta(minutes=2)
        assert client.get(reverse("leagues:me")).wsgi_request.user == user
    clock[0] += idle + dt.timedelta(minutes=1)
    response = client.get(reverse("leagues:me"))
    assert not response.wsgi_request.user.is_authenticated
    assert response.status_code == 302
