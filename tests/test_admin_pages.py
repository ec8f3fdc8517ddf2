"""Every admin page an organiser can reach opens: each changelist, add page and change page."""

import random

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from leagues import roles
from leagues.services.payouts import ensure_reward_table
from leagues.services.slots import generate_slots
from leagues.tests.factories import (
    CountryFactory,
    LobbyFactory,
    RaceResultFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)
from live_events.demo import create_live_events
from live_events.services.teams import form_team
from live_events.tests.factories import finalists_of, team_season
from notifications.models import Webhook
from notifications.webhooks.services import send_test_event
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

# These apps' forms are also submitted as shown; Django's and celery-beat's are only opened.
PROJECT_APPS = ("leagues_", "live_events_", "privacy_", "operations_", "notifications_")


@pytest.fixture
def season_with_everything():
    """A closed season with a round, slots, a lobby, results and its live events; a team
    season with a national team; a webhook with a delivery."""
    season = SeasonFactory(status="closed")
    ensure_reward_table(season=season)
    round_ = RoundFactory(season=season, number=1)
    generate_slots(round=round_)
    registration = RegistrationFactory(season=season)
    lobby = LobbyFactory(slot=round_.slots.first())
    RaceResultFactory(lobby=lobby, registration=registration)
    create_live_events(rng=random.Random(2024), log=lambda line: None)
    teams = team_season(SeasonFactory(year=2023))
    france = CountryFactory(code="FR")
    form_team(
        season=teams, country=france, name="Les Bleus", drivers=finalists_of(teams, france, 3)
    )
    webhook = Webhook.objects.create(
        name="Discord", url="https://discord.com/api/webhooks/1/a", kinds=["round.published"]
    )
    send_test_event(webhook=webhook)
    return season


@pytest.fixture(params=["organiser", "superuser"])
def staff(request, client):
    """An organiser (the role's own permissions) and a superuser (every page)."""
    if request.param == "superuser":
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get(name=roles.ORGANISER))
    client.force_login(user)
    return user


def admin_pages(user):
    """(name, url) of every changelist, add and change page ``user`` may open."""
    request = type("Request", (), {"user": user})()
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if not model_admin.has_view_or_change_permission(request):
            continue
        yield f"{info}_changelist", reverse(f"{info}_changelist")
        if model_admin.has_add_permission(request):
            yield f"{info}_add", reverse(f"{info}_add")
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            yield f"{info}_change", reverse(f"{info}_change", args=[first.pk])


def test_every_admin_page_opens_and_its_form_submitted_as_shown_is_never_a_500(
    client, staff, season_with_everything
):
    failures = []
    for name, url in admin_pages(staff):
        response = client.get(url)
        if response.status_code != 200:
            failures.append(f"GET {name} {url}: {response.status_code}")
            continue
        if name.endswith(("_add", "_change")) and name.split(":")[1].startswith(PROJECT_APPS):
            model_name = name.split("_")[-2]
            data = form_data(response.content.decode(), f"{model_name}_form")
            posted = client.post(url, data)
            if posted.status_code >= 500:
                failures.append(f"POST {name} {url}: {posted.status_code}")
    assert not failures, "\n".join(failures)


def test_results_list_drivers_by_name_and_numbers_with_thousands_grouped(client, staff):
    result = RaceResultFactory(registration__dr_points=35_000, points=1_250)
    response = client.get(reverse("admin:leagues_raceresult_changelist"))
    text = response.content.decode()
    assert f"{result.registration.display_name} (GT1 EMEA)" in text
    assert "35,000" in text and "1,250" in text
