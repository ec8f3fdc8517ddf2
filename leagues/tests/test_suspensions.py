import datetime as dt

import pytest
from django.urls import reverse

from leagues import csvfiles
from leagues.exceptions import RuleViolation
from leagues.models import Registration, StaffAction, Suspension
from leagues.selectors.eligibility import live_event_eligibility
from leagues.services.discipline import lift_suspension, suspend_driver
from leagues.services.registrations import import_registrations, register_driver
from leagues.tests.factories import DriverFactory, RegistrationFactory, SeasonFactory, UserFactory

pytestmark = pytest.mark.django_db

IN_WINDOW = dt.datetime(2024, 4, 10, 12, tzinfo=dt.UTC)
DAY = IN_WINDOW.date()


def suspended(driver, *, starts_on=DAY, ends_on=DAY + dt.timedelta(days=29), **kwargs):
    return suspend_driver(
        driver=driver, reason="Repeated wrecking", starts_on=starts_on, ends_on=ends_on, **kwargs
    )


def test_a_suspended_driver_is_refused_registration_with_the_end_date():
    season, driver = SeasonFactory(), DriverFactory()
    suspended(driver, ends_on=dt.date(2024, 5, 9))

    with pytest.raises(RuleViolation, match="suspended until 2024-05-09"):
        register_driver(driver=driver, season=season, now=IN_WINDOW)

    assert not Registration.objects.exists()


def test_a_suspension_that_ended_or_was_lifted_does_not_stop_a_registration():
    season, ended, lifted = SeasonFactory(), DriverFactory(), DriverFactory()
    suspended(ended, starts_on=DAY - dt.timedelta(days=30), ends_on=DAY - dt.timedelta(days=1))
    lift_suspension(suspension=suspended(lifted), reason="Overturned on appeal")

    register_driver(driver=ended, season=season, now=IN_WINDOW)
    register_driver(driver=lifted, season=season, now=IN_WINDOW)

    assert Registration.objects.count() == 2


def test_a_suspension_covering_the_events_first_day_makes_a_driver_ineligible():
    registration = RegistrationFactory()
    suspended(registration.driver, ends_on=dt.date(2024, 9, 1))

    on_the_last_day = live_event_eligibility(
        driver=registration.driver, season=registration.season, first_day=dt.date(2024, 9, 1)
    )
    the_day_after = live_event_eligibility(
        driver=registration.driver, season=registration.season, first_day=dt.date(2024, 9, 2)
    )

    assert not on_the_last_day.eligible
    assert "Suspended until 2024-09-01" in on_the_last_day.text
    assert the_day_after.eligible


def test_suspending_twice_with_the_same_key_writes_one_suspension():
    driver = DriverFactory()

    first = suspended(driver, source="licence", source_key="steward-decision:7")
    again = suspended(driver, source="licence", source_key="steward-decision:7")

    assert first == again
    assert Suspension.objects.count() == 1
    assert StaffAction.objects.filter(action="suspend driver").count() == 1


@pytest.mark.parametrize(
    ("reason", "ends_on", "message"),
    [("  ", DAY, "Write the reason"), ("Wrecking", DAY - dt.timedelta(days=1), "cannot end")],
)
def test_a_suspension_without_a_reason_or_ending_before_it_starts_is_refused(
    reason, ends_on, message
):
    with pytest.raises(RuleViolation, match=message):
        suspend_driver(driver=DriverFactory(), reason=reason, starts_on=DAY, ends_on=ends_on)

    assert not Suspension.objects.exists()


def test_a_registrations_file_row_for_a_suspended_driver_is_refused_by_line():
    SeasonFactory(status="open")
    driver = DriverFactory()
    suspend_driver(driver=driver, reason="Wrecking", ends_on=dt.date.today())
    body = "\n".join(
        [
            ",".join(csvfiles.REGISTRATIONS),
            f"2024,{driver.online_id},Someone,EMEA,FR,{driver.main_area.code},"
            f"{driver.secondary_area.code},GT1,35000,1990-01-01",
        ]
    )

    report = import_registrations(body)

    assert not report.ok
    assert "Row 2" in report.errors[0] and "suspended until" in report.errors[0]
    assert not Registration.objects.exists()


def test_the_profile_shows_the_suspension_and_its_end_date(client):
    driver = DriverFactory()
    suspend_driver(driver=driver, reason="Repeated wrecking", ends_on=dt.date(2099, 1, 31))

    page = client.get(reverse("leagues:driver_detail", args=[driver.online_id])).content.decode()

    assert "Suspended until 2099-01-31" in page and "Repeated wrecking" in page


def test_the_admin_action_asks_for_a_reason_and_an_end_date_then_suspends(client):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(organiser)
    driver = DriverFactory()
    url = reverse("admin:leagues_driver_changelist")
    chosen = {"action": "suspend_drivers", "_selected_action": [driver.pk]}

    form = client.post(url, chosen)
    missing = client.post(url, {**chosen, "apply": "1", "reason": "Wrecking"})
    assert missing.status_code == 200 and not Suspension.objects.exists()
    done = client.post(
        url,
        {
            **chosen,
            "apply": "1",
            "reason": "Wrecking",
            "starts_on": "2099-01-01",
            "ends_on": "2099-01-31",
        },
        follow=True,
    )

    assert "End date" in form.content.decode() or "ends_on" in form.content.decode()
    suspension = Suspension.objects.get()
    assert (suspension.ends_on, suspension.created_by) == (dt.date(2099, 1, 31), organiser)
    assert "suspended until 2099-01-31" in done.content.decode()
    assert StaffAction.objects.filter(action="suspend driver", user=organiser).exists()


def test_the_admin_lifts_a_suspension_only_with_a_reason(client):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(organiser)
    suspension = suspended(DriverFactory())
    url = reverse("admin:leagues_suspension_changelist")
    chosen = {"action": "lift_action", "_selected_action": [suspension.pk]}

    client.post(url, {**chosen, "apply": "1", "reason": ""})
    suspension.refresh_from_db()
    assert suspension.lifted_at is None
    client.post(url, {**chosen, "apply": "1", "reason": "Overturned"})
    suspension.refresh_from_db()
    assert (suspension.lift_reason, suspension.lifted_by) == ("Overturned", organiser)
