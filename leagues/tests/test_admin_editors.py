"""Editors that fit the data: slot hours as a grid, a round's slots as a filtered list."""

import pytest
from django.urls import reverse

from leagues import rules
from leagues.models import Season
from leagues.services.slots import generate_slots
from leagues.tests.factories import RoundFactory, SeasonFactory, UserFactory
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def season_form(client, season):
    url = reverse("admin:leagues_season_change", args=[season.pk])
    response = client.get(url)
    return url, response.content.decode(), form_data(response.content.decode(), "season_form")


def test_the_slot_hours_show_as_a_grid_of_hours_and_save_as_the_json(client, organiser):
    season = SeasonFactory()
    url, page, data = season_form(client, season)

    assert 'name="slot_hours_EMEA_GT1" id="id_slot_hours_EMEA_GT1" value="13, 15, 17"' in page
    assert "slot_hours" not in data  # no raw JSON box
    data.update({"slot_hours_EMEA_GT1": "12, 14,16", "slot_hours_OCE_GT3": ""})
    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    hours = Season.objects.get(pk=season.pk).slot_hours
    assert hours["EMEA"]["GT1"] == [12, 14, 16]
    assert (
        "GT3" not in hours["OCE"] and hours["OCE"]["GT2"] == rules.DEFAULT_SLOT_HOURS["OCE"]["GT2"]
    )
    assert hours["NA"] == rules.DEFAULT_SLOT_HOURS["NA"]


def test_a_bad_hour_is_named_and_nothing_changes(client, organiser):
    season = SeasonFactory()
    url, _, data = season_form(client, season)
    data.update({"slot_hours_ASIA_GT2": "2, 25, x", "slot_hours_NA_GT1": "0, 0"})

    page = client.post(url, data).content.decode()

    assert "ASIA GT2: &#x27;25&#x27; is not an hour from 0 to 23." in page
    assert "ASIA GT2: &#x27;x&#x27; is not an hour from 0 to 23." in page
    assert "NA GT1: hour 0 is listed twice." in page
    assert Season.objects.get(pk=season.pk).slot_hours == rules.DEFAULT_SLOT_HOURS


def test_a_round_page_links_its_slots_instead_of_a_hundred_inline_forms(client, organiser):
    round_ = RoundFactory(season=SeasonFactory())
    generate_slots(round=round_)

    page = client.get(reverse("admin:leagues_round_change", args=[round_.pk])).content.decode()
    slots = client.get(
        reverse("admin:leagues_entryslot_changelist"),
        {"round__id__exact": round_.pk, "region__exact": "EMEA", "league__exact": "GT1"},
    )

    assert "slots-TOTAL_FORMS" not in page and "All 115 slots" in page
    assert f"?round__id__exact={round_.pk}&amp;region__exact=EMEA" in page
    assert slots.status_code == 200 and slots.context["cl"].result_count == 3
