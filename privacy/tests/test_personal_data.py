import datetime as dt
import io
import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from leagues.models import Driver, RewardPayout, StaffAction
from leagues.selectors.eligibility import live_event_eligibility
from leagues.selectors.payouts import PAYOUT_GROUP
from leagues.services import payouts, seasons
from leagues.services.standings import close_round
from leagues.tasks import queue_payout_run
from leagues.tests.factories import (
    DriverFactory,
    EntrySlotFactory,
    LobbyFactory,
    RaceResultFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)
from live_events.models import Prediction, PredictionReward
from live_events.tests.factories import SessionFactory, event_with_entrants
from notifications.models import NotificationPreference, SentNotification
from privacy import checks, registry
from privacy.models import LoginEvent
from privacy.services import erase_account

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1991, 3, 7)
PASSWORD = "correct-horse-battery"
# Strings that are only ever this person's: none may remain anywhere after the deletion.
PERSONAL = {
    "username": "zephyrine77",
    "email": "zephyrine@example.org",
    "online_id": "zq_quillfeather",
    "display_name": "Zephyrine Quillfeather",
    "bio_team": "Team Quillfeather",
    "bio_notes": "Zephyrine writes her notes",
}


def season_with_results(season, registrations):
    round_ = RoundFactory(season=season, number=1)
    slot = EntrySlotFactory(round=round_)
    for index, registration in enumerate(registrations):
        RaceResultFactory(
            lobby=LobbyFactory(slot=slot),
            slot=slot,
            registration=registration,
            points=1000 - index,
        )
    close_round(round=round_)


@pytest.fixture
def zephyrine():
    """A driver with something in every holding, among others who raced and were paid."""
    user = UserFactory(username=PERSONAL["username"], email=PERSONAL["email"])
    user.first_name, user.last_name = "Zephyrine", "Quillfeather"
    user.save()
    driver = DriverFactory(
        user=user,
        birth_date=BIRTH,
        **{k: PERSONAL[k] for k in ("online_id", "display_name", "bio_team")},
        bio_notes=PERSONAL["bio_notes"],
    )
    season = SeasonFactory()
    others = [RegistrationFactory(season=season) for _ in range(6)]
    mine = RegistrationFactory(season=season, driver=driver)
    season_with_results(season, [others[0], mine, *others[1:]])
    seasons.close_season(season=season)
    staff = UserFactory(username="payer")
    staff.groups.add(Group.objects.get_or_create(name=PAYOUT_GROUP)[0])
    with TestCase.captureOnCommitCallbacks(execute=True):
        queue_payout_run(payouts.start_payout_run(season=season, user=staff))
    NotificationPreference.objects.create(driver=driver, round_published=True, language="fr")
    SentNotification.objects.create(driver=driver, kind="payout", key=season.label)
    LoginEvent.objects.create(user=user, ip_address="203.0.113.9", user_agent="Zephyrine's phone")
    event, entrants = event_with_entrants(2, season=season)
    prediction = Prediction.objects.create(
        user=user, session=event.sessions.get(order=2), winner=entrants[0]
    )
    PredictionReward.objects.create(prediction=prediction, user=user, credits=500)
    LogEntry.objects.log_actions(
        user_id=staff.pk, queryset=Driver.objects.filter(pk=driver.pk), action_flag=CHANGE
    )
    return user


def signed_in(client, user):
    client.force_login(user)
    return client


# The registry and its check ----------------------------------------------------------------


def test_every_field_that_may_hold_personal_data_is_classified():
    assert checks.personal_data_is_classified() == []


def test_an_unclassified_personal_field_fails_the_check(monkeypatch):
    driver = registry.holding_for("leagues.Driver")
    assert driver is not None
    fields = {k: v for k, v in driver.fields.items() if k != "bio_notes"}
    trimmed = tuple(
        registry.Holding(h.model, h.owner, h.section, h.rows, fields) if h is driver else h
        for h in registry.HOLDINGS
        if h.model != "live_events.EventEntry"
    )
    monkeypatch.setattr(checks, "HOLDINGS", trimmed)
    monkeypatch.setattr(
        checks, "holding_for", lambda label: next((h for h in trimmed if h.model == label), None)
    )
    errors = {error.msg for error in checks.personal_data_is_classified()}
    assert "leagues.Driver.bio_notes may hold personal data and is not classified." in errors
    assert "live_events.EventEntry.driver may hold personal data and is not classified." in errors


def test_a_registry_entry_for_a_field_that_does_not_exist_fails_the_check(monkeypatch):
    ghost = registry.Holding(
        "leagues.Driver", "user", "profile", fields={"shoe_size": registry.Treatment.KEEP}
    )
    monkeypatch.setattr(checks, "HOLDINGS", (*registry.HOLDINGS, ghost))
    assert [e.id for e in checks.personal_data_is_classified()] == ["privacy.E002"]


def test_the_check_reads_every_app_of_the_project():
    labels = {model._meta.label for model in checks.project_models()}
    assert {"auth.User", "leagues.Driver", "live_events.Prediction", "privacy.LoginEvent"} <= labels
    assert "sessions.Session" not in labels


# The download ---------------------------------------------------------------------------


def download(client) -> dict:
    response = client.get(reverse("privacy:download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_the_download_holds_every_personal_field_and_every_section(client, zephyrine):
    document = download(signed_in(client, zephyrine))
    assert document["account"][0]["email"] == PERSONAL["email"]
    assert "password" not in document["account"][0]
    profile = document["profile"][0]
    assert profile["birth_date"] == BIRTH.isoformat()
    for name in ("online_id", "display_name", "bio_team", "bio_notes"):
        assert profile[name] == PERSONAL[name]
    assert document["registrations"][0]["birth_date"] == BIRTH.isoformat()
    for holding in registry.HOLDINGS:
        rows = document[holding.section]
        for name in holding.fields:
            if name not in holding.never_exported and rows:
                column = apps.get_model(holding.model)._meta.get_field(name).attname
                assert column in rows[0], (holding.section, name)
    for section in (
        "results",
        "round_scores",
        "standings",
        "payouts",
        "predictions",
        "prediction_rewards",
        "notification_settings",
        "notifications_sent",
        "login_history",
    ):
        assert document[section], section
    assert document["login_history"][0]["ip_address"] == "203.0.113.9"
    assert document["notification_settings"][0]["language"] == "fr"


def test_the_download_holds_no_one_elses_rows(client, zephyrine):
    other = UserFactory(username="someone_else", email="else@example.net")
    other_driver = DriverFactory(user=other, display_name="Somebody Else")
    LoginEvent.objects.create(user=other, ip_address="198.51.100.1")
    document = download(signed_in(client, zephyrine))
    text = json.dumps(document)
    assert "else@example.net" not in text and "Somebody Else" not in text
    assert "198.51.100.1" not in text
    mine = Driver.objects.get(user=zephyrine)
    assert {row["driver_id"] for row in document["registrations"]} == {mine.pk}
    assert {row["id"] for row in document["profile"]} == {mine.pk} != {other_driver.pk}
    registrations = {row["id"] for row in document["registrations"]}
    assert {row["registration_id"] for row in document["results"]} == registrations
    assert {row["registration_id"] for row in document["payouts"]} == registrations


def test_the_download_and_the_pages_need_a_signed_in_account(client):
    for name in ("privacy:download", "privacy:my_data"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("privacy:delete"), {"password": "x"}).status_code == 302


def test_a_download_asking_for_another_account_still_gives_only_ones_own(client, zephyrine):
    other = UserFactory(username="someone_else")
    client.force_login(other)
    document = json.loads(
        client.get(reverse("privacy:download"), {"user": zephyrine.pk, "account": 1}).content
    )
    assert document["account_id"] == other.pk
    assert PERSONAL["email"] not in json.dumps(document)


def test_a_download_is_in_the_audit_log(client, zephyrine):
    download(signed_in(client, zephyrine))
    assert StaffAction.objects.filter(action="personal data: download").count() == 1


# Deletion -------------------------------------------------------------------------------


def csv_export(command: str, season: str = "2024") -> str:
    out = io.StringIO()
    call_command(command, "--season", season, stdout=out)
    return out.getvalue()


def ledger() -> list[tuple]:
    return list(RewardPayout.objects.order_by("pk").values_list())


def every_value() -> list[str]:
    """Every value of every row of every table, as text."""
    values: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._default_manager.values_list():
            values.extend(str(value) for value in row if value is not None)
    return values


def test_deleting_keeps_standings_and_ledger_exact_under_the_pseudonym(client, zephyrine):
    standings, payout_file, rows = (
        csv_export("export_standings"),
        csv_export("export_payouts"),
        ledger(),
    )
    registrations = csv_export("export_registrations")
    prediction_rewards = list(PredictionReward.objects.values_list())
    response = signed_in(client, zephyrine).post(reverse("privacy:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    name = f"deleted-{zephyrine.pk}"
    assert csv_export("export_standings") == standings.replace(PERSONAL["online_id"], name)
    # payouts.csv is in online id order, so the renamed rows move: same rows, other order.
    assert sorted(csv_export("export_payouts").splitlines()) == sorted(
        payout_file.replace(PERSONAL["online_id"], name).splitlines()
    )
    assert ledger() == rows
    assert list(PredictionReward.objects.values_list()) == prediction_rewards
    expected = registrations.replace(PERSONAL["online_id"], name)
    expected = expected.replace(PERSONAL["display_name"], name)
    assert sorted(csv_export("export_registrations").splitlines()) == sorted(expected.splitlines())


def test_after_deleting_nothing_personal_remains_in_any_table(client, zephyrine):
    signed_in(client, zephyrine).post(reverse("privacy:delete"), {"password": PASSWORD})
    values = every_value()
    for label, personal in PERSONAL.items():
        assert not [value for value in values if personal.lower() in value.lower()], label
    assert BIRTH.isoformat() not in values
    assert "Zephyrine" not in " ".join(values) and "203.0.113.9" not in values
    assert not LoginEvent.objects.filter(user=zephyrine).exists()
    assert not NotificationPreference.objects.exists() and not SentNotification.objects.exists()


def test_a_deleted_account_is_signed_out_and_cannot_sign_in_again(client, zephyrine):
    signed_in(client, zephyrine).post(reverse("privacy:delete"), {"password": PASSWORD})
    assert client.get(reverse("privacy:my_data")).status_code == 302
    zephyrine.refresh_from_db()
    assert not zephyrine.is_active and not zephyrine.has_usable_password()
    assert not client.login(username=f"deleted-{zephyrine.pk}", password=PASSWORD)
    assert not client.login(username=PERSONAL["username"], password=PASSWORD)


def test_organisers_see_the_request_and_its_completion_in_the_audit_log(client, zephyrine):
    signed_in(client, zephyrine).post(reverse("privacy:delete"), {"password": PASSWORD})
    actions = list(StaffAction.objects.order_by("pk").values_list("action", "detail"))
    assert actions[-2:] == [
        ("personal data: account deletion requested", f"account #{zephyrine.pk}"),
        (
            "personal data: account deletion completed",
            f"account #{zephyrine.pk} is now deleted-{zephyrine.pk}",
        ),
    ]


def test_a_wrong_password_deletes_nothing(client, zephyrine):
    signed_in(client, zephyrine)
    before = every_value()
    response = client.post(reverse("privacy:delete"), {"password": "nope"})
    assert response.status_code == 400
    assert "nothing was deleted" in response.content.decode()
    assert sorted(every_value()) == sorted(before)


def test_another_accounts_password_cannot_delete_it(client, zephyrine):
    other = UserFactory(username="someone_else", password="another-pass-42")
    client.force_login(other)
    response = client.post(reverse("privacy:delete"), {"password": PASSWORD, "user": zephyrine.pk})
    assert response.status_code == 400
    zephyrine.refresh_from_db()
    other.refresh_from_db()
    assert zephyrine.is_active and zephyrine.email == PERSONAL["email"]
    assert other.is_active and other.username == "someone_else"


def test_deleting_twice_is_refused():
    user = UserFactory()
    erase_account(user=user)
    with pytest.raises(Exception, match="deleted already"):
        erase_account(user=user)


def test_a_deleted_driver_may_not_race_live_events(zephyrine):
    driver = Driver.objects.get(user=zephyrine)
    erase_account(user=zephyrine)
    driver.refresh_from_db()
    eligibility = live_event_eligibility(
        driver=driver, season=driver.registrations.get().season, first_day=dt.date(2024, 9, 1)
    )
    assert not eligibility.eligible
    assert "No birth date on file (the account was deleted)." in eligibility.text


def test_an_account_without_a_driver_profile_can_be_deleted(client):
    user = UserFactory(username="spectator", email="spectator@example.org")
    session = SessionFactory(order=1)
    event_driver = DriverFactory()
    Prediction.objects.create(user=user, session=session, winner=event_driver)
    signed_in(client, user).post(reverse("privacy:delete"), {"password": PASSWORD})
    user.refresh_from_db()
    assert (user.username, user.email) == (f"deleted-{user.pk}", "")
    assert Prediction.objects.filter(user=user).count() == 1


# Sign-ins, pseudonyms, the pages --------------------------------------------------------


def test_a_sign_in_is_added_to_the_login_history(client):
    user = UserFactory(username="historian")
    client.post(
        reverse("login"),
        {"username": "historian", "password": PASSWORD},
        HTTP_USER_AGENT="Test browser",
    )
    event = LoginEvent.objects.get(user=user)
    assert (event.ip_address, event.user_agent) == ("127.0.0.1", "Test browser")


def test_a_name_in_the_pseudonyms_form_is_refused_at_sign_up(client):
    response = client.post(
        reverse("leagues:signup"),
        {
            "username": "deleted-12",
            "email": "x@example.org",
            "password1": "a-Long-pass-99",
            "password2": "a-Long-pass-99",
        },
    )
    assert "kept for deleted accounts" in response.content.decode()
    assert not apps.get_model("auth.User").objects.filter(username="deleted-12").exists()


def test_the_privacy_page_says_how_long_each_thing_is_kept(client, settings):
    settings.RETAIN_LOGIN_HISTORY_DAYS = 45
    settings.SESSION_IDLE_SECONDS = 12 * 3600
    settings.RETAIN_IDEMPOTENCY_KEYS_DAYS = 7
    text = client.get(reverse("privacy:privacy")).content.decode()
    assert "Login history: 45 days, then deleted." in text
    assert "it ends after 12 hours without a visit" in text
    assert "retry is not counted twice: 7 days, then deleted." in text
    assert "deleted-42" in text


def test_my_data_page_offers_the_download_and_the_deletion(client, zephyrine):
    text = signed_in(client, zephyrine).get(reverse("privacy:my_data")).content.decode()
    assert reverse("privacy:download") in text and reverse("privacy:delete") in text
    me = client.get(reverse("leagues:me")).content.decode()
    assert reverse("privacy:my_data") in me


# Birth dates and emails never leave the site ----------------------------------------------


def test_exports_and_the_api_carry_no_birth_date_or_email(client, zephyrine):
    assert BIRTH.isoformat() not in csv_export("export_registrations")
    assert PERSONAL["email"] not in csv_export("export_registrations")
    driver = Driver.objects.get(user=zephyrine)
    for url in (
        f"/api/v1/drivers/{driver.online_id}",
        "/api/v1/drivers",
        "/api/v1/seasons/2024/rounds/1/results",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert BIRTH.isoformat() not in text and PERSONAL["email"] not in text, url


def test_the_admin_history_calls_a_deleted_driver_by_the_pseudonym(zephyrine):
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Driver))
    assert entry.object_repr == PERSONAL["online_id"]
    erase_account(user=zephyrine)
    entry.refresh_from_db()
    assert entry.object_repr == f"deleted-{zephyrine.pk}"
