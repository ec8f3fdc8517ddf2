import datetime as dt
import html

import pytest
from django.conf import settings
from django.urls import reverse

from leagues.tests.factories import RegistrationFactory, UserFactory
from live_events.models import Broadcast, Finalist, LiveSeasonSettings, Prediction
from live_events.services.events import generate_grid
from live_events.services.finalists import propose_finalists
from live_events.tests.factories import driver_in, event_with_entrants, run_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event, drivers = event_with_entrants(
        3, races=2, starts_on=dt.date(2099, 7, 1), slug="harbour-round"
    )
    Broadcast.objects.create(event=event, language="fr", commentators="Anne Martin, Luc Bernard")
    qualifying, race1, _ = event.sessions.order_by("order")
    run_session(qualifying, drivers)
    generate_grid(session=race1)
    return event


def test_the_calendar_event_page_and_championship_show_the_season(client, event):
    calendar = client.get(reverse("live_events:event_list"))
    assert event.name in calendar.text

    page = client.get(event.get_absolute_url())
    assert page.status_code == 200
    assert "Anne Martin, Luc Bernard" in page.text
    assert "Starting grid" in page.text

    label = event.season.label
    for name in ("championship", "finalists", "leaderboard"):
        assert client.get(reverse(f"live_events:{name}", args=[label])).status_code == 200


def test_a_signed_in_visitor_predicts_the_winner_of_a_race(client, event):
    race1 = event.sessions.get(order=2)
    driver = race1.grid.first().driver
    client.force_login(UserFactory())

    response = client.post(
        reverse("live_events:predict", args=[event.slug, race1.pk]),
        {f"{race1.pk}-winner": driver.pk},
    )

    assert response.status_code == 302
    assert Prediction.objects.get().winner == driver


def test_a_prediction_for_a_race_without_a_grid_is_refused_with_a_message(client, event):
    race2 = event.sessions.get(order=3)
    driver = event.entries.first().driver
    client.force_login(UserFactory())

    response = client.post(
        reverse("live_events:predict", args=[event.slug, race2.pk]),
        {f"{race2.pk}-winner": driver.pk},
        follow=True,
    )

    assert "is not set yet" in response.text
    assert not Prediction.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The grid of Race 2 is not set yet; predictions open once it is."),
        ("fr", "La grille de Race 2 n'est pas encore établie ; les pronostics ouvriront dès"),
        ("ja", "Race 2のグリッドはまだ決まっていません。決まり次第、予想を受け付けます。"),
    ],
)
def test_a_refused_prediction_is_shown_in_the_visitors_language(client, event, language, message):
    race2 = event.sessions.get(order=3)
    client.force_login(UserFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.post(
        reverse("live_events:predict", args=[event.slug, race2.pk]),
        {f"{race2.pk}-winner": event.entries.first().driver.pk},
        follow=True,
    )

    assert message in html.unescape(response.text)
    assert not Prediction.objects.exists()


def test_an_organiser_adds_an_ineligible_driver_only_with_an_override(client, event):
    season = event.season
    LiveSeasonSettings.objects.create(season=season)
    banned = RegistrationFactory(season=season, driver=driver_in("US", "NA", is_banned=True))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("live_events:manage_finalists", args=[season.label])
    data = {"action": "add", "online_id": banned.driver.online_id, "source": "invited"}

    refused = client.post(url, {**data, "note": "Guest"}, follow=True)
    assert "Banned from competition" in refused.text
    assert not Finalist.objects.exists()

    client.post(url, {**data, "note": "Guest", "eligibility_override": "Ban served"})
    assert Finalist.objects.get().status == "SELECTED"


def test_the_finalist_page_is_for_organisers_only(client, event):
    url = reverse("live_events:manage_finalists", args=[event.season.label])
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 403


def test_the_organiser_page_lists_the_proposal(client, event):
    season = event.season
    LiveSeasonSettings.objects.create(season=season)
    RegistrationFactory(season=season, driver=driver_in("CA", "NA"))
    propose_finalists(season=season)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(reverse("live_events:manage_finalists", args=[season.label]))

    assert page.status_code == 200
    assert "Finalist" in page.text
