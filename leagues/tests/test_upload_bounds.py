"""Imports have bounds: a size and a row limit, a readable list of errors, and no file
left behind once its import is confirmed or rejected (abandoned ones: privacy.retention)."""

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from leagues import csvfiles
from leagues.models import RaceResult, Round
from leagues.services.results import import_results
from leagues.services.slots import generate_slots
from leagues.tests.factories import RegistrationFactory, RoundFactory, SeasonFactory, UserFactory
from privacy.retention import UPLOADS_FOLDER

pytestmark = pytest.mark.django_db

HEADER = ",".join(csvfiles.RESULTS)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def organiser(client, media):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))


@pytest.fixture
def drivers():
    round_ = RoundFactory(season=SeasonFactory(), number=1, date=dt.date(2024, 4, 17))
    generate_slots(round=round_)
    return [RegistrationFactory().driver.online_id for _ in range(2)]


def results_text(*online_ids: str, status: str = "FIN") -> str:
    lines = [
        f"2024,1,2024-04-17T13:00:00Z,EMEA,GT1,A,{online_id},{n},{status},35000"
        for n, online_id in enumerate(online_ids, start=1)
    ]
    return "\n".join([HEADER, *lines]) + "\n"


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("results.csv", text.encode(), content_type="text/csv")


def kept_uploads() -> list[str]:
    if not default_storage.exists(UPLOADS_FOLDER):
        return []
    return default_storage.listdir(UPLOADS_FOLDER)[1]


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(
    client, organiser, drivers, settings
):
    settings.IMPORT_MAX_BYTES = 100
    response = client.post(
        reverse("admin:leagues_raceresult_import_csv"), {"file": upload(results_text(*drivers))}
    )
    assert "IMPORT_MAX_BYTES" in response.content.decode()
    assert "Confirm import" not in response.content.decode()
    assert kept_uploads() == []


def test_the_import_command_refuses_a_file_over_the_size_limit(drivers, settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 100
    path = tmp_path / "results.csv"
    path.write_text(results_text(*drivers))
    with pytest.raises(CommandError, match="IMPORT_MAX_BYTES"):
        call_command("import_results", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not RaceResult.objects.exists()


def test_a_file_over_the_row_limit_is_refused_whole(drivers, settings):
    settings.IMPORT_MAX_ROWS = 1
    report = import_results(results_text(*drivers))
    assert not report.ok
    assert "more than 1 rows" in report.errors[0] and "IMPORT_MAX_ROWS" in report.errors[0]
    assert not RaceResult.objects.exists()


def test_only_the_first_errors_are_listed_and_the_rest_counted(
    client, organiser, drivers, settings
):
    settings.IMPORT_MAX_LISTED_ERRORS = 5
    text = results_text(*(f"ghost_{n}" for n in range(30)), status="XXX")

    report = import_results(text)

    assert len(report.errors) == 5
    total = 5 + report.unlisted_errors
    assert total == 30  # one line per bad row
    assert (
        report.summary()
        == f"Rejected: {total} problem(s) (the first 5 listed); nothing was imported."
    )
    page = client.post(reverse("admin:leagues_raceresult_import_csv"), {"file": upload(text)})
    assert f"and {report.unlisted_errors} more problem(s)" in page.content.decode()


def test_a_rejected_preview_keeps_no_file(client, organiser, drivers):
    client.post(
        reverse("admin:leagues_raceresult_import_csv"),
        {"file": upload(results_text("ghost_1", "ghost_2"))},
    )
    assert kept_uploads() == []


def test_a_confirmed_import_deletes_its_file(client, organiser, drivers):
    url = reverse("admin:leagues_raceresult_import_csv")
    preview = client.post(url, {"file": upload(results_text(*drivers))})
    assert len(kept_uploads()) == 1
    client.post(url, {"upload": preview.context["upload"]})
    assert RaceResult.objects.count() == 2
    assert kept_uploads() == []


def test_a_preview_rejected_at_confirmation_deletes_its_file(client, organiser, drivers):
    url = reverse("admin:leagues_raceresult_import_csv")
    preview = client.post(url, {"file": upload(results_text(*drivers))})
    # Meanwhile the round is closed: the same file is now refused.
    Round.objects.update(status=Round.Status.CLOSED)

    confirm = client.post(url, {"upload": preview.context["upload"]}, follow=True)

    assert any("closed" in str(m) for m in confirm.context["messages"]), [
        str(m) for m in confirm.context["messages"]
    ]
    assert not RaceResult.objects.exists()
    assert kept_uploads() == []


# The command reads its file line by line: what a whole text's scan found, each line finds.


def import_bytes(tmp_path, data: bytes) -> str:
    """Run the command on ``data``: what it wrote to standard error, if it refused the file."""
    path = tmp_path / "results.csv"
    path.write_bytes(data)
    errors = io.StringIO()
    try:
        call_command("import_results", str(path), stdout=io.StringIO(), stderr=errors)
    except CommandError as refused:
        return f"{errors.getvalue()}{refused}"
    return ""


def test_the_command_imports_a_file_with_a_bom_and_windows_line_ends(drivers, tmp_path):
    text = results_text(*drivers).replace("\n", "\r\n")
    assert import_bytes(tmp_path, b"\xef\xbb\xbf" + text.encode()) == ""
    assert RaceResult.objects.count() == 2


@pytest.mark.parametrize(
    "line, problem",
    [
        (b"2024,1,\xff\xfe,EMEA\n", "Line 4 is not UTF-8 text (byte 8 of the line)"),
        (b"2024,1,x,EMEA,GT1,A,a\x00b,3,FIN,35000\n", "Row 4: online_id holds a NUL character"),
    ],
)
def test_a_bad_byte_after_good_lines_refuses_the_file_and_says_where(
    drivers, tmp_path, line, problem
):
    refusal = import_bytes(tmp_path, results_text(*drivers).encode() + line)
    assert problem in refusal and "nothing was imported" in refusal
    assert not RaceResult.objects.exists()


def test_a_protected_cell_on_a_later_line_is_read_back_as_written():
    # The site writes a text that a spreadsheet would run with a leading ': read back, it
    # is the text again, whichever line it is on.
    lines = io.StringIO(
        HEADER + "\n2024,1,x,EMEA,GT1,A,y,1,FIN,1\n2024,1,x,EMEA,GT1,'=A,y,2,FIN,1\n"
    )
    first, second = csvfiles.iter_rows(lines, csvfiles.RESULTS)
    assert (first["lobby"], second["lobby"]) == ("A", "=A")
