"""Public data dumps: one zip per publication, written by the worker, equal to the exports."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from leagues.models import Lobby, Publication, RaceResult, RoundScore
from leagues.selectors.dumps import stored_dump
from leagues.selectors.nations import nations_table
from leagues.services.dumps import build_season_dump
from leagues.services.registrations import import_registrations
from leagues.services.results import import_results
from leagues.services.standings import publish_standings
from tests.season_data import published_season

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def season():
    return published_season(drivers=12, rounds=2)[0]


def files_of(name: str) -> dict[str, str]:
    with default_storage.open(name) as handle, zipfile.ZipFile(handle) as archive:
        return {member: archive.read(member).decode() for member in archive.namelist()}


def exported(command: str, season) -> str:
    out = io.StringIO()
    call_command(command, "--season", season.label, stdout=out)
    return out.getvalue()


def forget_entries(season) -> None:
    """The season as a fresh site would have it: rounds scheduled, nobody registered."""
    season.publications.all().delete()
    RoundScore.objects.filter(round__season=season).delete()
    RaceResult.objects.filter(slot__round__season=season).delete()
    Lobby.objects.filter(slot__round__season=season).delete()
    season.registrations.all().delete()
    season.rounds.update(status="scheduled", closed_at=None)


def test_the_dumps_files_equal_the_sites_exports_and_re_import_cleanly(season):
    publication = season.publications.get(status="published")
    name = build_season_dump(publication=publication)
    assert name is not None
    files = files_of(name)
    assert sorted(files) == ["nations.csv", "registrations.csv", "results.csv", "standings.csv"]
    for name, command in [
        ("registrations.csv", "export_registrations"),
        ("results.csv", "export_results"),
        ("standings.csv", "export_standings"),
    ]:
        assert files[name] == exported(command, season), name
    registrations = list(csv.DictReader(io.StringIO(files["registrations.csv"])))
    assert len(registrations) == 12 and {row["birth_date"] for row in registrations} == {""}
    nations = list(csv.DictReader(io.StringIO(files["nations.csv"])))
    table = nations_table(publication=publication, league="GT1")
    assert [(row["league"], row["rank"], row["country"], row["points"]) for row in nations] == [
        ("GT1", str(n.rank), n.country, str(n.score)) for n in table
    ]
    assert nations[0]["drivers"] == " ".join(d.online_id for d in table[0].drivers)
    # Into a site that has the season's rounds but none of its entries yet, the files
    # import cleanly and export again as they are.
    forget_entries(season)
    assert import_registrations(files["registrations.csv"]).ok
    assert import_results(files["results.csv"]).ok
    for name, command in [
        ("registrations.csv", "export_registrations"),
        ("results.csv", "export_results"),
    ]:
        assert files[name] == exported(command, season), name


def test_a_publication_has_its_dump_built_once_by_the_worker(
    season, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publication = publish_standings(season=season)
    name = stored_dump(publication=publication)
    assert name is not None and f"-v{publication.version}-" in name
    written = default_storage.get_modified_time(name)
    assert build_season_dump(publication=publication) == name
    assert default_storage.get_modified_time(name) == written
    # The previous publication's dump is removed; a superseded one is never built.
    folder = name.rsplit("/", 1)[0]
    assert default_storage.listdir(folder)[1] == [name.rsplit("/", 1)[1]]
    older = season.publications.exclude(pk=publication.pk).first()
    assert older is not None and build_season_dump(publication=older) is None


def test_the_season_page_serves_the_dump_and_says_why_when_there_is_none(client, season):
    url = reverse("leagues:season_dump", args=[season.label])
    missing = client.get(url)
    assert missing.status_code == 404
    assert "being prepared" in missing.content.decode()
    build_season_dump(publication=season.publications.get(status="published"))
    response = client.get(url)
    assert response.status_code == 200
    published = season.publications.get(status="published")
    assert response["Content-Disposition"] == (
        f'attachment; filename="nationscup-{season.label}-v{published.version}.zip"'
    )
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).namelist()[0] == "registrations.csv"
    assert client.get(reverse("leagues:season_dump", args=["1999"])).status_code == 404
    assert url in client.get(reverse("leagues:season_detail", args=[season.label])).content.decode()


def test_a_publication_numbered_again_after_a_restore_never_gets_the_old_dump(season):
    """A database restored from a backup numbers its next publication as one made before
    the restore was: that publication's file is not the new one's."""
    published = season.publications.get(status="published")
    old = build_season_dump(publication=published)
    assert old is not None
    old_files = files_of(old)
    Publication.objects.filter(pk=published.pk).update(
        created_at=published.created_at + dt.timedelta(hours=1)
    )
    published.refresh_from_db()
    assert stored_dump(publication=published) is None
    new = build_season_dump(publication=published)
    assert new is not None and new != old
    assert files_of(new) == old_files
    assert not default_storage.exists(old)  # the older file goes once the new one is written


def test_the_dump_job_of_a_publication_deleted_since_does_nothing(season):
    from leagues import tasks

    gone = season.publications.order_by("-pk").first().pk + 1000
    assert tasks.build_season_dump(gone) is None
