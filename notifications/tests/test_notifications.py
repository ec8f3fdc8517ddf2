"""Opt-in emails when a round is published and when the season's rewards are paid."""

import pytest
from django.core import mail
from django.urls import reverse

from leagues.models import PayoutRun, Publication, RewardPayout
from leagues.services.standings import close_round, publish_standings
from leagues.signals import payout_run_finished
from leagues.tests.factories import RegistrationFactory, SeasonFactory, UserFactory
from notifications import tasks
from notifications.models import NotificationPreference, SentNotification
from tests.season_data import make_round, race

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    return SeasonFactory()


def driver_with_account(season, online_id, **preference):
    user = UserFactory(username=online_id, email=f"{online_id}@example.com")
    registration = RegistrationFactory(
        season=season, driver__online_id=online_id, driver__user=user
    )
    if preference:
        NotificationPreference.objects.create(driver=registration.driver, **preference)
    return registration


def publish_round(season, number, registrations, capture):
    round_ = make_round(season, number)
    for index, registration in enumerate(registrations):
        race(registration, round_, 500 - index)
    close_round(round=round_)
    with capture(execute=True):
        return publish_standings(season=season)


def test_a_driver_who_opted_in_gets_one_email_when_a_round_they_raced_is_published(
    season, django_capture_on_commit_callbacks
):
    keen = driver_with_account(season, "keen", round_published=True)
    quiet = driver_with_account(season, "quiet")
    absent = driver_with_account(season, "absent", round_published=True)
    publication = publish_round(season, 1, [keen, quiet], django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["keen@example.com"]]
    message = mail.outbox[0]
    assert "round 1" in message.subject
    assert "500 points" in message.body and "rank 1" in message.body
    assert "/seasons/2024/drivers/keen/" in message.body
    assert absent.driver.pk not in SentNotification.objects.values_list("driver", flat=True)
    tasks.send_round_published_emails.delay(publication.pk)
    assert len(mail.outbox) == 1, "a redelivered job sends nothing twice"


def test_the_email_is_in_the_language_the_driver_chose(season, django_capture_on_commit_callbacks):
    french = driver_with_account(season, "french", round_published=True, language="fr")
    publish_round(season, 1, [french], django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject.startswith("Nations Cup : la manche 1")
    assert "Bonjour" in message.body and "500 points" in message.body


def test_a_driver_who_opted_in_is_told_when_the_rewards_are_paid(
    season, django_capture_on_commit_callbacks
):
    paid = driver_with_account(season, "paid", payout_made=True, language="ja")
    other = driver_with_account(season, "other")
    run = PayoutRun.objects.create(
        season=season,
        started_by=UserFactory(),
        publication=Publication.objects.create(season=season, version=999, is_final=True),
        rates=[],
        status="finished",
    )
    for registration in (paid, other):
        for tier, credits in (("REGIONAL", 3_000_000), ("DOMESTIC", 2_500_000)):
            RewardPayout.objects.create(
                season=season,
                run=run,
                registration=registration,
                league="GT1",
                tier=tier,
                scope="X",
                medal="GOLD",
                credits=credits,
            )
    with django_capture_on_commit_callbacks(execute=True):
        payout_run_finished.send(sender=PayoutRun, run=run)
    assert [m.to for m in mail.outbox] == [["paid@example.com"]]
    assert "5,500,000" in mail.outbox[0].body and "メダル2個" in mail.outbox[0].body
    tasks.send_payout_emails.delay(run.pk)
    assert len(mail.outbox) == 1


def test_the_preferences_page_is_linked_from_my_seasons_and_saves_the_choice(client, season):
    registration = driver_with_account(season, "chooser")
    client.force_login(registration.driver.user)
    assert (
        reverse("notifications:preferences") in client.get(reverse("leagues:me")).content.decode()
    )
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    response = client.post(
        reverse("notifications:preferences"),
        {"round_published": "on", "language": "pt"},
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(driver=registration.driver)
    assert preference.round_published and not preference.payout_made
    assert preference.language == "pt"
    assert client.post(reverse("notifications:preferences"), {"language": "xx"}).status_code == 400


def test_the_preferences_page_needs_a_login(client):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_publication_retired_before_its_job_ran_sends_nothing_and_does_not_fail(mailoutbox):
    from notifications.tasks import send_round_published_emails

    assert send_round_published_emails(987654) == 0
    assert mailoutbox == []
