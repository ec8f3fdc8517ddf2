import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import resolve, reverse

from leagues.tests.factories import DriverFactory, UserFactory
from live_events.admin import SessionResultInline
from live_events.models import LiveEvent
from live_events.tests.factories import event_with_entrants, run_session

pytestmark = pytest.mark.django_db


def results_formset(event, rows):
    """The event page's results inline, bound to ``rows`` (session, position, driver, time)."""
    url = reverse("admin:live_events_liveevent_change", args=[event.pk])
    request = RequestFactory().post(url)
    request.user = UserFactory(is_staff=True, is_superuser=True)
    request.resolver_match = resolve(url)
    inline = SessionResultInline(LiveEvent, admin.site)
    FormSet = inline.get_formset(request, event)
    prefix = FormSet.get_default_prefix()
    data: dict[str, object] = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, (session, position, driver, best_lap) in enumerate(rows):
        data.update(
            {
                f"{prefix}-{index}-session": session.pk,
                f"{prefix}-{index}-finish_position": position,
                f"{prefix}-{index}-driver": driver.pk,
                f"{prefix}-{index}-status": "FIN",
                f"{prefix}-{index}-laps": 0,
                f"{prefix}-{index}-best_lap_ms": best_lap,
            }
        )
    return FormSet(data, instance=event, prefix=prefix)


def test_the_event_page_refuses_two_drivers_in_one_position():
    event, (a, b) = event_with_entrants(2)
    qualifying = event.sessions.get(order=1)

    formset = results_formset(event, [(qualifying, 1, a, 90_000), (qualifying, 1, b, 90_500)])

    assert not formset.is_valid()
    assert any("Two drivers are in position 1" in e for e in formset.non_form_errors())


def test_the_event_page_refuses_a_driver_who_is_not_an_entrant_and_times_out_of_order():
    event, (a, _) = event_with_entrants(2)
    qualifying = event.sessions.get(order=1)
    stranger = DriverFactory()

    formset = results_formset(
        event, [(qualifying, 1, a, 91_000), (qualifying, 2, stranger, 90_000)]
    )

    errors = " ".join(formset.non_form_errors()) if not formset.is_valid() else ""
    assert "is not an entrant" in errors
    assert "Times out of order" in errors


def test_the_generate_next_grid_action_builds_race_ones_grid(client):
    event, drivers = event_with_entrants(3)
    run_session(event.sessions.get(order=1), drivers)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    client.post(
        reverse("admin:live_events_liveevent_changelist"),
        {"action": "generate_next_grid_action", "_selected_action": [event.pk]},
    )

    race1 = event.sessions.get(order=2)
    assert list(race1.grid.values_list("driver_id", flat=True)) == [d.pk for d in drivers]


def test_an_organiser_adds_a_session_to_an_event_and_it_has_no_grid_yet(client):
    event, _ = event_with_entrants(2)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:live_events_session_add"),
        {
            "event": event.pk,
            "kind": "race",
            "order": 9,
            "name": "Race 9",
            "laps": 12,
            "starts_at_0": "2024-06-01",
            "starts_at_1": "15:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session = event.sessions.get(order=9)
    assert session.name == "Race 9" and not session.grid.exists()
