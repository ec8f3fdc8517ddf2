import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from leagues import csvfiles
from leagues.models import Publication, RaceResult, RaceServer, Round, StaffAction
from leagues.services.slots import generate_slots
from leagues.tests.factories import RegistrationFactory, RoundFactory, SeasonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def results_file(*lines):
    body = "\n".join([",".join(csvfiles.RESULTS), *lines]) + "\n"
    return SimpleUploadedFile("results.csv", body.encode(), content_type="text/csv")


def test_a_results_upload_is_previewed_then_confirmed(client, organiser):
    round_ = RoundFactory(season=SeasonFactory(), number=1, date=dt.date(2024, 4, 17))
    generate_slots(round=round_)
    a, b = (RegistrationFactory().driver.online_id for _ in range(2))
    url = reverse("admin:leagues_raceresult_import_csv")
    upload = results_file(
        f"2024,1,2024-04-17T13:00:00Z,EMEA,GT1,A,{a},1,FIN,35000",
        f"2024,1,2024-04-17T13:00:00Z,EMEA,GT1,A,{b},2,FIN,35000",
    )
    preview = client.post(url, {"file": upload})
    assert "1 new, 0 replaced, 0 unchanged" in preview.content.decode()
    assert not RaceResult.objects.exists()
    confirm = client.post(url, {"upload": preview.context["upload"]}, follow=True)
    assert "results.csv imported: 1 new" in [str(m) for m in confirm.context["messages"]][0]
    assert RaceResult.objects.count() == 2
    assert StaffAction.objects.filter(action="import results.csv", user=organiser).exists()


def test_a_bad_upload_lists_each_bad_row_and_writes_nothing(client, organiser):
    SeasonFactory()
    response = client.post(
        reverse("admin:leagues_raceresult_import_csv"),
        {"file": results_file("2024,1,2024-04-17T13:00:00Z,EMEA,GT1,A,ghost,1,XXX,35000")},
    )
    text = response.content.decode()
    assert "Row 2:" in text and "status must be FIN, DNF or DSQ" in text
    assert "Confirm import" not in text
    assert not RaceResult.objects.exists()


def test_a_forged_confirmation_is_refused(client, organiser):
    response = client.post(
        reverse("admin:leagues_raceresult_import_csv"), {"upload": "../../etc/passwd"}, follow=True
    )
    assert "expired" in response.content.decode()


def test_the_registration_export_downloads_the_contract(client, organiser):
    registration = RegistrationFactory()
    response = client.get(
        reverse("admin:leagues_registration_export_csv"), {"season": registration.season_id}
    )
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == ",".join(csvfiles.REGISTRATIONS)
    assert lines[1].startswith(f"2024,{registration.driver.online_id},")


def test_adding_a_round_generates_its_slots_and_closing_it_publishes(
    client, organiser, django_capture_on_commit_callbacks
):
    season = SeasonFactory()
    data = {
        "season": season.pk,
        "number": 1,
        "date": "2024-04-17",
        "track": "Spa",
        "car_category": "Gr.3",
        "race_kind": "sprint",
        "tuning": "fixed",
        "balance_of_performance": "on",
        "damage": "light",
        "tyre_wear": 1,
        "fuel_wear": 1,
        "laps_gt1": 10,
        "laps_gt2": 8,
        "laps_gt3": 8,
        "slots-TOTAL_FORMS": 0,
        "slots-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("admin:leagues_round_add"), data, follow=True)
    assert "115 entry slots generated" in response.content.decode()
    round_ = Round.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the job is queued on commit
        client.post(
            reverse("admin:leagues_round_changelist"),
            {
                "action": "close_rounds_action",
                "_selected_action": [round_.pk],
                "confirmed": "yes",
                "acknowledge": "yes",
            },
        )
    round_.refresh_from_db()
    assert round_.is_closed
    assert Publication.objects.filter(season=season, status="published").exists()


def test_a_new_race_server_token_is_shown_once_and_only_its_hash_kept(client, organiser):
    response = client.post(
        reverse("admin:leagues_raceserver_add"),
        {"name": "emea-1", "region": "EMEA", "is_active": "on"},
        follow=True,
    )
    text = response.content.decode()
    assert "shown once" in text
    server = RaceServer.objects.get()
    token = text.split("shown once, keep it safe): ")[1].split("<")[0].strip()
    assert server.token_hash == RaceServer.hash_token(token)
