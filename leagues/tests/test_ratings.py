import datetime as dt
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from leagues import csvfiles
from leagues.models import Driver, Rating, StaffAction
from leagues.services.ratings import import_ratings
from leagues.services.results import import_results
from leagues.services.slots import generate_slots
from leagues.tests.factories import (
    DriverFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADER = ",".join(csvfiles.RATINGS)
NOW = dt.datetime(2024, 4, 30, tzinfo=dt.UTC)


def feed(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def current(driver: Driver) -> tuple:
    driver.refresh_from_db()
    assert driver.rating is not None
    return (driver.dr_points, driver.sr_grade, driver.rated_races, driver.rating.source)


def test_a_ratings_file_becomes_each_drivers_current_rating():
    a, b = DriverFactory(dr_points=None), DriverFactory()
    report = import_ratings(
        feed(
            f"{a.online_id},41250,S,120,2024-04-20T08:00:00Z",
            f"{b.online_id},9000,B,3,2024-04-20T08:00:00Z",
        ),
        now=NOW,
    )
    assert (report.errors, report.created) == ([], 2)
    assert current(a) == (41_250, "S", 120, "feed")
    b.refresh_from_db()
    assert (b.dr_points, b.dr_grade) == (9_000, "E")  # fewer than 5 rated races
    assert b.ratings.count() == 2


def test_a_rating_posted_after_a_newer_one_changes_nothing():
    driver = DriverFactory(dr_points=None)
    import_ratings(feed(f"{driver.online_id},40000,A,50,2024-04-20T08:00:00Z"), now=NOW)
    report = import_ratings(feed(f"{driver.online_id},12000,C,20,2024-04-01T08:00:00Z"), now=NOW)
    assert report.ok and report.created == 1
    assert "older than the driver's current one" in report.notes[0]
    assert current(driver) == (40_000, "A", 50, "feed")
    assert driver.ratings.count() == 2  # the older one is kept as history


def test_reimporting_the_same_feed_changes_nothing_and_a_different_reading_is_refused():
    driver = DriverFactory(dr_points=None)
    text = feed(f"{driver.online_id},40000,A,50,2024-04-20T08:00:00Z")
    import_ratings(text, now=NOW)
    again = import_ratings(text, now=NOW)
    assert (again.created, again.unchanged) == (0, 1)
    other = import_ratings(feed(f"{driver.online_id},41000,A,51,2024-04-20T08:00:00Z"), now=NOW)
    assert other.errors == [
        f"Row 2: {driver.online_id} already has a different ratings file rating at "
        "2024-04-20T08:00:00Z"
    ]
    assert driver.ratings.count() == 1


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("ghost_driver,40000,A,50,2024-04-20T08:00:00Z", "unknown online_id 'ghost_driver'"),
        ("{id},100001,A,50,2024-04-20T08:00:00Z", "dr_points must be a whole number from 0"),
        ("{id},-1,A,50,2024-04-20T08:00:00Z", "dr_points must be a whole number from 0"),
        ("{id},40000,X,50,2024-04-20T08:00:00Z", "sr_grade must be one of E, D, C, B, A, S"),
        ("{id},40000,A,-2,2024-04-20T08:00:00Z", "rated_races must be a whole number"),
        ("{id},40000,A,50,20/04/2024", "rated_at must be ISO 8601 in UTC"),
        ("{id},40000,A,50,2024-04-20T08:00:00+02:00", "rated_at must be ISO 8601 in UTC"),
        ("{id},40000,A,50,2024-05-20T08:00:00Z", "is in the future"),
        ("{id},40000,A,50", "4 columns, expected 5"),
    ],
)
def test_a_bad_row_rejects_the_whole_file_and_names_the_row(cells, message):
    good, bad = DriverFactory(dr_points=None), DriverFactory(dr_points=None)
    report = import_ratings(
        feed(f"{good.online_id},30000,A,50,2024-04-20T08:00:00Z", cells.format(id=bad.online_id)),
        now=NOW,
    )
    assert len(report.errors) == 1
    assert report.errors[0].startswith("Row 3: ") and message in report.errors[0]
    assert not Rating.objects.exists()
    assert Driver.objects.filter(rating__isnull=False).count() == 0


def test_two_readings_of_one_driver_at_one_time_are_refused():
    driver = DriverFactory(dr_points=None)
    report = import_ratings(
        feed(
            f"{driver.online_id},30000,A,50,2024-04-20T08:00:00Z",
            f"{driver.online_id},31000,A,50,2024-04-20T08:00:00Z",
        ),
        now=NOW,
    )
    assert "has another rating at 2024-04-20T08:00:00Z on row 2" in report.errors[0]


def test_a_dry_run_writes_nothing():
    driver = DriverFactory(dr_points=None)
    report = import_ratings(
        feed(f"{driver.online_id},30000,A,50,2024-04-20T08:00:00Z"), dry_run=True, now=NOW
    )
    assert report.ok and report.created == 1
    assert not Rating.objects.exists()


def result_line(online_id, position, dr_points, start="2024-04-17T13:00:00Z", lobby="A"):
    return f"2024,1,{start},EMEA,GT1,{lobby},{online_id},{position},FIN,{dr_points}"


def results(*lines):
    return "\n".join([",".join(csvfiles.RESULTS), *lines]) + "\n"


@pytest.fixture
def round1():
    round_ = RoundFactory(season=SeasonFactory(), number=1, date=dt.date(2024, 4, 17))
    generate_slots(round=round_)
    return round_


def test_each_race_result_records_the_dr_at_the_start_of_its_slot(round1):
    a, b = (RegistrationFactory().driver for _ in range(2))
    report = import_results(
        results(result_line(a.online_id, 1, 36000), result_line(b.online_id, 2, 34000))
    )
    assert report.ok
    rating = Driver.objects.get(pk=a.pk).rating
    assert rating is not None and rating.slot is not None
    assert (rating.dr_points, rating.source, rating.sr_grade, rating.rated_races) == (
        36_000,
        "result",
        "A",  # SR and rated races are carried over from the driver's rating before
        50,
    )
    assert rating.rated_at == dt.datetime(2024, 4, 17, 13, tzinfo=dt.UTC)
    assert rating.slot.round == round1
    again = import_results(
        results(result_line(a.online_id, 2, 37000), result_line(b.online_id, 1, 34000))
    )
    assert again.replaced == 1
    assert current(a)[0] == 37_000
    assert a.ratings.filter(source="result").count() == 1


def test_a_result_older_than_the_feed_rating_does_not_overwrite_it(round1):
    driver = RegistrationFactory().driver
    import_ratings(feed(f"{driver.online_id},45000,S,90,2024-04-18T00:00:00Z"), now=NOW)
    import_results(results(result_line(driver.online_id, 1, 36000)))
    assert current(driver) == (45_000, "S", 90, "feed")
    assert driver.ratings.filter(source="result").exists()


def test_the_command_imports_and_its_dry_run_writes_nothing(tmp_path):
    driver = DriverFactory(dr_points=None)
    path = tmp_path / "ratings.csv"
    path.write_text(feed(f"{driver.online_id},30000,A,50,2024-04-20T08:00:00Z"))
    out = io.StringIO()
    call_command("import_ratings", str(path), "--dry-run", stdout=out)
    assert "Dry run, nothing written: 1 new" in out.getvalue()
    assert not Rating.objects.exists()
    call_command("import_ratings", str(path), stdout=io.StringIO())
    assert current(driver)[0] == 30_000
    path.write_text(feed("ghost_driver,30000,A,50,2024-04-20T08:00:00Z"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Rejected"):
        call_command("import_ratings", str(path), stdout=io.StringIO(), stderr=err)
    assert "Row 2: unknown online_id 'ghost_driver'" in err.getvalue()


def test_the_admin_previews_a_ratings_file_then_imports_it(client):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(organiser)
    driver = DriverFactory(dr_points=None)
    body = feed(f"{driver.online_id},30000,A,50,2024-04-20T08:00:00Z")
    url = reverse("admin:leagues_rating_import_csv")
    preview = client.post(url, {"file": SimpleUploadedFile("ratings.csv", body.encode())})
    assert "1 new, 0 replaced, 0 unchanged" in preview.content.decode()
    assert not Rating.objects.exists()
    confirm = client.post(url, {"upload": preview.context["upload"]}, follow=True)
    assert "ratings.csv imported: 1 new" in str(list(confirm.context["messages"])[0])
    assert current(driver)[0] == 30_000
    assert StaffAction.objects.filter(action="import ratings.csv", user=organiser).exists()
    assert client.get(reverse("admin:leagues_rating_changelist")).status_code == 200
    driver_page = client.get(reverse("admin:leagues_driver_change", args=[driver.pk]))
    text = driver_page.content.decode()
    assert "DR 30000 (A), SR A, 50 rated races; ratings file" in text


def test_the_profile_shows_the_rating_its_grade_and_where_and_when_it_came_from(client, round1):
    driver = RegistrationFactory().driver
    import_results(results(result_line(driver.online_id, 1, 36000)))
    page = html.unescape(
        client.get(reverse("leagues:driver_detail", args=[driver.online_id])).content.decode()
    )
    assert "36,000" in page and "From the game: race result (2024 Official season, round 1)" in page
    assert 'datetime="2024-04-17T13:00:00+00:00"' in page
    unrated = DriverFactory(dr_points=None)
    page = html.unescape(
        client.get(reverse("leagues:driver_detail", args=[unrated.online_id])).content.decode()
    )
    assert "No rating from the game yet: counts as DR 0 (GT3) and shows as grade E." in page


def test_a_lobby_imported_again_rewrites_only_the_readings_whose_dr_changed(round1):
    a, b = (RegistrationFactory().driver for _ in range(2))
    import_results(results(result_line(a.online_id, 1, 36000), result_line(b.online_id, 2, 34000)))
    before = {r.driver_id: (r.pk, r.dr_points, r.recorded_at) for r in Rating.objects.all()}
    again = import_results(
        results(result_line(a.online_id, 2, 36000), result_line(b.online_id, 1, 35000))
    )
    assert again.replaced == 1
    after = {r.driver_id: (r.pk, r.dr_points, r.recorded_at) for r in Rating.objects.all()}
    assert after[a.pk] == before[a.pk]
    assert after[b.pk][:2] == (before[b.pk][0], 35_000)
    assert (current(a)[0], current(b)[0]) == (36_000, 35_000)
