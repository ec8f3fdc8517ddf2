"""Claiming an online id with a one-time code from the game."""

import datetime as dt
import json

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from leagues.exceptions import RuleViolation
from leagues.models import ClaimCode, Driver, StaffAction
from leagues.services.identity import claim_online_id, detach_account, hash_code, issue_claim_code
from leagues.tests.factories import (
    DriverFactory,
    RegistrationFactory,
    UserFactory,
    race_server_token,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def token():
    return race_server_token("emea-1", "EMEA")


def request_code(client, token, online_id):
    return client.post(
        reverse("api:claim_code", args=[online_id]), headers={"Authorization": f"Bearer {token}"}
    )


def test_a_server_requests_a_code_and_the_signed_in_player_claims_the_profile(client, token):
    registration = RegistrationFactory()  # an imported driver, with history, no account
    driver = registration.driver
    user = UserFactory()
    response = request_code(client, token, driver.online_id)
    assert response.status_code == 201
    code = response.json()["code"]
    assert not ClaimCode.objects.filter(code_hash=code).exists()  # stored hashed
    assert ClaimCode.objects.get().code_hash == hash_code(code)

    client.force_login(user)
    page = client.post(reverse("leagues:claim"), {"online_id": driver.online_id, "code": code})

    assert page.status_code == 302
    driver.refresh_from_db()
    assert driver.user == user and driver.registrations.get() == registration
    assert StaffAction.objects.filter(action="claim online id", user=user).exists()
    again = claim_attempt(UserFactory(), driver.online_id, code)
    assert "already claimed" in again and user.username not in again


def claim_attempt(user, online_id, code, now=None):
    try:
        claim_online_id(user=user, online_id=online_id, code=code, now=now)
    except RuleViolation as error:
        return " ".join(error.messages)
    return "claimed"


def test_an_expired_code_is_refused_and_counts_a_try():
    driver = DriverFactory()
    issued = issue_claim_code(driver=driver, server=None, now=NOW)

    late = NOW + dt.timedelta(minutes=31)
    message = claim_attempt(UserFactory(), driver.online_id, issued.code, now=late)

    assert "expired" in message
    assert ClaimCode.objects.get().wrong_tries == 1
    assert Driver.objects.get(pk=driver.pk).user is None


@override_settings(CLAIM_CODE_MINUTES=5)
def test_the_expiry_is_a_setting():
    issued = issue_claim_code(driver=DriverFactory(), server=None, now=NOW)
    assert issued.claim.expires_at == NOW + dt.timedelta(minutes=5)


def test_five_wrong_tries_void_the_code():
    driver, user = DriverFactory(), UserFactory()
    issued = issue_claim_code(driver=driver, server=None, now=NOW)

    messages = [claim_attempt(user, driver.online_id, "WRONG123", now=NOW) for _ in range(5)]

    assert "4 tries left" in messages[0] and "last try" in messages[4]
    assert ClaimCode.objects.get().voided_at is not None
    late_right = claim_attempt(user, driver.online_id, issued.code, now=NOW)
    assert "No claim code is waiting" in late_right
    assert Driver.objects.get(pk=driver.pk).user is None


def test_a_new_code_voids_the_previous_one():
    driver = DriverFactory()
    first = issue_claim_code(driver=driver, server=None, now=NOW)
    issue_claim_code(driver=driver, server=None, now=NOW)

    assert "Wrong code" in claim_attempt(UserFactory(), driver.online_id, first.code, now=NOW)


def test_a_code_for_an_already_claimed_id_is_refused_without_saying_by_whom(client, token):
    owner = UserFactory(username="the_owner")
    driver = DriverFactory(user=owner)

    response = request_code(client, token, driver.online_id)

    assert response.status_code == 400
    assert "already claimed" in response.json()["error"]
    assert "the_owner" not in response.content.decode()
    assert not ClaimCode.objects.exists()


def test_a_claim_code_needs_a_race_server_token_and_a_known_online_id(client, token):
    driver = DriverFactory()
    assert request_code(client, "not-a-token", driver.online_id).status_code == 401
    assert request_code(client, token, "nobody_here").status_code == 404
    assert not ClaimCode.objects.exists()


def test_a_wrong_code_on_the_site_says_so_and_changes_nothing(client):
    driver, user = DriverFactory(), UserFactory()
    issue_claim_code(driver=driver, server=None)
    client.force_login(user)

    page = client.post(reverse("leagues:claim"), {"online_id": driver.online_id, "code": "NOPE"})

    assert page.status_code == 400 and "Wrong code" in page.content.decode()
    assert Driver.objects.get(pk=driver.pk).user is None


def test_signing_up_cannot_pick_an_online_id_that_has_a_registration(client):
    taken = RegistrationFactory().driver.online_id
    client.force_login(UserFactory())
    data = {
        "online_id": taken.upper(),
        "display_name": "Someone",
        "birth_date": "1990-01-01",
        "country": "FR",
    }

    page = client.post(reverse("leagues:profile"), data)

    assert "already has a profile with race history" in page.content.decode()
    assert Driver.objects.filter(online_id__iexact=taken).count() == 1


def test_organisers_detach_an_account_only_with_a_reason_and_it_is_audited(client):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    driver = DriverFactory(user=UserFactory())
    with pytest.raises(RuleViolation, match="reason"):
        detach_account(driver=driver, reason=" ", by=organiser)
    client.force_login(organiser)
    url = reverse("admin:leagues_driver_changelist")
    chosen = {"action": "detach_accounts", "_selected_action": [driver.pk], "apply": "1"}

    client.post(url, {**chosen, "reason": ""})
    assert Driver.objects.get(pk=driver.pk).user is not None
    client.post(url, {**chosen, "reason": "Account sold to another player"})

    assert Driver.objects.get(pk=driver.pk).user is None
    audit = StaffAction.objects.get(action="detach account")
    assert audit.user == organiser and "Account sold" in audit.detail


def test_the_admin_shows_the_account_read_only(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    driver = DriverFactory(user=UserFactory())
    form = client.get(reverse("admin:leagues_driver_change", args=[driver.pk])).content.decode()
    assert 'name="user"' not in form


def test_a_claim_code_posted_as_json_is_documented_in_the_openapi(client, token):
    from tests.test_api import assert_matches

    driver = DriverFactory()
    response = request_code(client, token, driver.online_id)
    body = assert_matches(response, "/drivers/{online_id}/claim-code", "post")
    assert body["online_id"] == driver.online_id
    assert json.loads(json.dumps(body))["expires_at"].endswith("Z")
    assert timezone.now() < dt.datetime.fromisoformat(body["expires_at"])
