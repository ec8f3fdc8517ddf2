"""Roles: each staff group can do its own work and is refused (403) everyone else's."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.http import HttpResponse
from django.urls import reverse

from leagues import roles
from leagues.models import Driver, Round
from leagues.tests.factories import (
    DriverFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)
from live_events.models import StewardDecision
from live_events.tests.factories import event_with_entrants
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

STAFF_ROLES = (roles.ORGANISER, roles.STEWARD, roles.PAYOUT_STAFF)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def member(role: str, **kwargs):
    """A user in ``role``; every staff role gets "Staff status", so refusals are 403s."""
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def people():
    return {
        roles.ORGANISER: member(roles.ORGANISER, username="organiser"),
        roles.STEWARD: member(roles.STEWARD, username="steward"),
        roles.PAYOUT_STAFF: member(roles.PAYOUT_STAFF, username="payer"),
    }


@pytest.fixture
def season():
    return SeasonFactory(status="closed", closed_at=dt.datetime(2024, 5, 6, tzinfo=dt.UTC))


@pytest.fixture
def event(season):
    event, _ = event_with_entrants(3, races=1, season=season, slug="harbour-round")
    return event


def test_the_role_groups_exist_after_migrate_with_only_their_permissions():
    for role in STAFF_ROLES:
        group = Group.objects.get(name=role)
        perms = set(group.permissions.values_list("content_type__app_label", flat=True))
        assert perms <= {"leagues", "live_events", "stewarding", "notifications"}, role
    organiser = Group.objects.get(name=roles.ORGANISER)
    assert organiser.permissions.filter(codename="add_round").exists()
    assert not organiser.permissions.filter(codename="add_stewarddecision").exists()
    assert not organiser.permissions.filter(content_type__model__in=["payoutrun"]).exists()
    steward = Group.objects.get(name=roles.STEWARD)
    assert set(steward.permissions.filter(codename__startswith="add_").values_list("codename")) == {
        ("add_stewarddecision",),
        ("add_case",),
        ("add_decision",),
    }
    assert not organiser.permissions.filter(codename="add_decision").exists()


def test_ensure_roles_is_idempotent_and_repairs_a_group_edited_by_hand():
    steward = Group.objects.get(name=roles.STEWARD)
    before = set(steward.permissions.all())
    steward.permissions.add(Permission.objects.get(codename="delete_season"))

    roles.ensure_roles()
    roles.ensure_roles()

    assert set(Group.objects.get(name=roles.STEWARD).permissions.all()) == before
    assert Group.objects.filter(name__in=STAFF_ROLES).count() == 3


def test_payout_staff_get_the_run_payouts_permission():
    payout_staff = Group.objects.get(name=roles.PAYOUT_STAFF)
    assert payout_staff.permissions.filter(codename="run_payouts").exists()
    assert payout_staff.permissions.filter(codename="view_rewardpayout").exists()


# Each staff action, the role(s) whose work it is, and how to try it.
ACTIONS = {
    "open the add-round form": (roles.ORGANISER, "get", "admin:leagues_round_add", None),
    "open the results import": (
        roles.ORGANISER,
        "get",
        "admin:leagues_raceresult_import_csv",
        None,
    ),
    "open the registrations import": (
        roles.ORGANISER,
        "get",
        "admin:leagues_registration_import_csv",
        None,
    ),
    "edit a race server": (roles.ORGANISER, "get", "admin:leagues_raceserver_add", None),
    "open an event's page": (
        (roles.ORGANISER, roles.STEWARD),
        "get",
        "admin:live_events_liveevent_change",
        "event",
    ),
    "preview the payouts": (roles.PAYOUT_STAFF, "get", "leagues:payout_preview", "season"),
    "confirm the payouts": (roles.PAYOUT_STAFF, "post", "leagues:payout_confirm", "season"),
    "download the payout ledger": (roles.PAYOUT_STAFF, "get", "leagues:payout_csv", "season"),
    "read the payout runs in the admin": (
        roles.PAYOUT_STAFF,
        "get",
        "admin:leagues_payoutrun_changelist",
        None,
    ),
}


def _url(name, arg, season, event):
    if arg == "season":
        return reverse(name, kwargs={"season": season.label})
    if arg == "event":
        return reverse(name, args=[event.pk])
    return reverse(name)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_staff_action_is_refused_to_the_other_roles(
    client, people, season, event, action, role
):
    owners, method, name, arg = ACTIONS[action]
    client.force_login(people[role])

    response = getattr(client, method)(_url(name, arg, season, event))

    if role in (owners if isinstance(owners, tuple) else (owners,)):
        assert response.status_code != 403, response.content[:300]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("action", ACTIONS)
def test_a_driver_is_refused_every_staff_action(client, season, event, action):
    _, method, name, arg = ACTIONS[action]
    client.force_login(UserFactory(username="just_a_driver"))

    response = getattr(client, method)(_url(name, arg, season, event))

    if name.startswith("admin:"):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", [roles.STEWARD, roles.PAYOUT_STAFF])
def test_only_organisers_close_rounds_from_the_admin(client, people, role):
    round_ = RoundFactory(season=SeasonFactory(year=2025))
    client.force_login(people[role])

    response = client.post(
        reverse("admin:leagues_round_changelist"),
        {"action": "close_rounds_action", "_selected_action": [round_.pk]},
    )

    assert response.status_code == 403
    assert Round.objects.get(pk=round_.pk).status != "closed"


ORGANISER_ONLY_ACTIONS = {
    "admin:live_events_session_changelist": {"generate_grid_action", "confirm_results_action"},
    "admin:live_events_liveevent_changelist": {
        "generate_next_grid_action",
        "enter_finalists_action",
    },
}


def _actions_offered(client, changelist: str) -> set[str]:
    response = client.get(reverse(changelist))
    assert response.status_code == 200
    form = response.context.get("action_form")
    return {name for name, _ in form.fields["action"].choices} if form else set()


def test_a_steward_is_not_offered_and_cannot_run_the_organisers_event_actions(
    client, people, event
):
    client.force_login(people[roles.ORGANISER])
    for changelist, actions in ORGANISER_ONLY_ACTIONS.items():
        assert actions <= _actions_offered(client, changelist)

    client.force_login(people[roles.STEWARD])
    for changelist, actions in ORGANISER_ONLY_ACTIONS.items():
        assert not actions & _actions_offered(client, changelist)
    race = event.sessions.get(kind="race")
    client.post(
        reverse("admin:live_events_session_changelist"),
        {"action": "confirm_results_action", "_selected_action": [race.pk]},
    )
    race.refresh_from_db()
    assert race.results_confirmed_at is None


def _decision_post(client, event, driver) -> HttpResponse:
    url = reverse("admin:live_events_liveevent_change", args=[event.pk])
    data = form_data(client.get(url).content.decode(), "liveevent_form")
    data.update(
        {
            "decisions-TOTAL_FORMS": "1",
            "decisions-INITIAL_FORMS": "0",
            "decisions-0-session": str(event.sessions.get(kind="race").pk),
            "decisions-0-driver": str(driver.pk),
            "decisions-0-kind": "time",
            "decisions-0-seconds": "5",
            "decisions-0-note": "Track limits, turn 3.",
        }
    )
    return client.post(url, data)


def test_a_steward_records_a_decision_and_an_organiser_cannot(client, people, event):
    driver = event.entries.first().driver

    client.force_login(people[roles.ORGANISER])
    response = _decision_post(client, event, driver)
    assert response.status_code in {200, 302}
    assert not StewardDecision.objects.exists()

    client.force_login(people[roles.STEWARD])
    response = _decision_post(client, event, driver)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert StewardDecision.objects.get().note == "Track limits, turn 3."

    client.force_login(people[roles.PAYOUT_STAFF])
    response = client.post(reverse("admin:live_events_liveevent_change", args=[event.pk]), {})
    assert response.status_code == 403


def test_only_organisers_manage_the_finalists(client, people, season):
    url = reverse("live_events:manage_finalists", args=[season.label])
    for role in (roles.STEWARD, roles.PAYOUT_STAFF):
        client.force_login(people[role])
        assert client.get(url).status_code == 403, role
    client.force_login(people[roles.ORGANISER])
    assert client.get(url).status_code == 200


# Drivers: only their own profile.


def _profile_data(driver: Driver, **changes) -> dict:
    assert driver.birth_date is not None
    data = {
        "online_id": driver.online_id,
        "display_name": driver.display_name,
        "birth_date": driver.birth_date.isoformat(),
        "country": driver.country_id,
        "main_area": driver.main_area_id,
        "secondary_area": driver.secondary_area_id,
        "bio_team": "",
        "bio_notes": "",
    }
    return {**data, **changes}


@pytest.fixture
def two_drivers():
    mine = DriverFactory(user=UserFactory(username="me"), online_id="me_racing")
    theirs = DriverFactory(user=UserFactory(username="them"), online_id="them_racing")
    return mine, theirs


def test_a_driver_edits_their_own_profile(client, two_drivers):
    mine, theirs = two_drivers
    client.force_login(mine.user)

    response = client.post(reverse("leagues:profile"), _profile_data(mine, display_name="Me Fast"))

    assert response.status_code == 302
    assert Driver.objects.get(pk=mine.pk).display_name == "Me Fast"
    assert Driver.objects.get(pk=theirs.pk).display_name == theirs.display_name


def test_a_driver_cannot_take_over_another_drivers_profile(client, two_drivers):
    mine, theirs = two_drivers
    client.force_login(mine.user)

    response = client.post(
        reverse("leagues:profile"),
        _profile_data(mine, online_id=theirs.online_id, user=theirs.user_id, id=theirs.pk),
    )

    assert response.status_code == 200
    assert "online id" in response.text.lower()
    assert Driver.objects.get(pk=theirs.pk).user_id == theirs.user_id
    assert Driver.objects.get(pk=mine.pk).online_id == "me_racing"


def test_a_driver_cannot_edit_anyone_in_the_admin(client, two_drivers):
    mine, theirs = two_drivers
    client.force_login(mine.user)
    url = reverse("admin:leagues_driver_change", args=[theirs.pk])

    response = client.post(url, _profile_data(theirs, display_name="Hacked"))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Driver.objects.get(pk=theirs.pk).display_name == theirs.display_name
