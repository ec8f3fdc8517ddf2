"""The interchange files as the site writes them: the leading-quote rule, and round trips."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from leagues import csvfiles
from leagues.models import Lobby, Registration
from leagues.services.results import import_results
from leagues.services.slots import generate_slots
from leagues.tests.factories import RegistrationFactory, RoundFactory, SeasonFactory, UserFactory

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@given(text=st.text())
@example(text="'=already quoted")
@example(text="''+two")
@example(text="'plain apostrophe")
def test_a_protected_cell_never_starts_a_formula_and_reads_back_as_written(text):
    written = csvfiles.text_cell(text)
    assert not str(written).startswith(csvfiles.FORMULA_STARTS)
    assert csvfiles.plain_cell(str(written)) == text


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_gets_a_leading_quote_and_other_text_and_numbers_do_not(formula):
    assert csvfiles.text_cell(formula) == "'" + formula
    assert csvfiles.text_cell("Zoë O'Neil") == "Zoë O'Neil"
    assert csvfiles.text_cell(-15) == -15
    text = "".join(csvfiles.csv_lines(["a", "b"], [(formula, -15)]))
    assert list(csv.reader(io.StringIO(text, newline="")))[1] == ["'" + formula, "-15"]


def exported_cells(lines: str, column: str) -> list[str]:
    return [row[column] for row in csv.DictReader(io.StringIO(lines))]


@pytest.fixture
def formula_names(db):
    season = SeasonFactory()
    return [
        RegistrationFactory(season=season, display_name=name)
        for name in ("=1+1", "@cmd|' /C calc'!A0", "-2", "+3", "'=x", "Plain")
    ]


def test_exported_display_names_are_protected_and_import_back_unchanged(formula_names, tmp_path):
    out = io.StringIO()
    call_command("export_registrations", "--season", "2024", stdout=out)
    names = exported_cells(out.getvalue(), "display_name")
    assert sorted(names) == sorted(["'=1+1", "'@cmd|' /C calc'!A0", "'-2", "'+3", "''=x", "Plain"])

    path = tmp_path / "registrations.csv"
    path.write_text(out.getvalue())
    call_command("import_registrations", str(path), stdout=io.StringIO())
    assert sorted(Registration.objects.values_list("display_name", flat=True)) == sorted(
        r.display_name for r in formula_names
    )


def test_the_admin_export_protects_names_too(client, formula_names):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(
        reverse("admin:leagues_registration_export_csv"), {"season": formula_names[0].season_id}
    )
    names = exported_cells(b"".join(response.streaming_content).decode(), "display_name")
    assert "'=1+1" in names and "=1+1" not in names


def test_a_lobby_label_that_looks_like_a_formula_round_trips_protected(db, tmp_path):
    round_ = RoundFactory(season=SeasonFactory(), number=1, date=dt.date(2024, 4, 17))
    generate_slots(round=round_)
    a, b = (RegistrationFactory().driver.online_id for _ in range(2))
    rows = [
        ["2024", "1", "2024-04-17T13:00:00Z", "EMEA", "GT1", "'=A1", a, "1", "FIN", "35000"],
        ["2024", "1", "2024-04-17T13:00:00Z", "EMEA", "GT1", "'=A1", b, "2", "FIN", "35000"],
    ]
    text = "".join(csvfiles.csv_lines(csvfiles.RESULTS, []))
    text += "".join(",".join(row) + "\n" for row in rows)
    assert import_results(text).ok
    assert Lobby.objects.get().label == "=A1"

    out = io.StringIO()
    call_command("export_results", "--season", "2024", stdout=out)
    assert out.getvalue() == text


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_rows_are_read_whatever_the_line_ending_and_a_quoted_cell_keeps_its_newline(ending):
    text = ending.join(["a,b", '1,"two', 'lines"', "", "3,'=4", "5,6"])  # no final line ending
    rows = list(csvfiles.iter_rows(text, ["a", "b"]))
    assert [(row.line, row.values) for row in rows] == [
        (3, {"a": "1", "b": f"two{ending}lines"}),
        (5, {"a": "3", "b": "=4"}),
        (6, {"a": "5", "b": "6"}),
    ]


def test_a_hostile_cell_is_named_by_its_column_among_clean_rows():
    text = "a,b\n1,2\n3,x\x00y\n5,6\n"
    rows = list(csvfiles.iter_rows(text, ["a", "b"]))
    assert [row.values for row in rows] == [
        {"a": "1", "b": "2"},
        {"__error__": "b holds a NUL character"},
        {"a": "5", "b": "6"},
    ]
