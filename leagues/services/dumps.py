"""Public data dumps: one zip per season of its files, built once per publication.

``registrations.csv`` (no birth dates), ``results.csv``, ``standings.csv`` and
``nations.csv`` are written by the same selectors and CSV writer as the site's
exports, streamed into the archive so a million rows never sit in memory. The
worker builds it after a publication (``leagues.tasks.build_season_dump``); the
page serves the stored file.
"""

import logging
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator

from django.core.files import File
from django.core.files.storage import default_storage

from leagues import csvfiles
from leagues.models import Publication
from leagues.selectors.dumps import FOLDER, dump_name
from leagues.selectors.exports import registration_rows, result_rows
from leagues.selectors.nations import NATIONS_HEADER, nations_rows
from leagues.selectors.standings import season_standing_rows

log = logging.getLogger(__name__)


def dump_files(publication: Publication) -> Iterator[tuple[str, Iterable[str]]]:
    """The dump's files, by name, as lines of CSV text."""
    season = publication.season
    yield (
        "registrations.csv",
        csvfiles.csv_lines(csvfiles.REGISTRATIONS, registration_rows(season=season)),
    )
    yield "results.csv", csvfiles.csv_lines(csvfiles.RESULTS, result_rows(season=season))
    yield (
        "standings.csv",
        csvfiles.csv_lines(csvfiles.STANDINGS, season_standing_rows(publication=publication)),
    )
    yield "nations.csv", csvfiles.csv_lines(NATIONS_HEADER, nations_rows(publication=publication))


def build_season_dump(*, publication: Publication) -> str | None:
    """Write the dump of ``publication`` unless it is written already, and remove the
    season's older dumps; None when the publication is no longer the published one
    (the newer one's own job writes its dump). Safe to run twice or at once."""
    if publication.status != Publication.Status.PUBLISHED:
        return None
    name = dump_name(publication)
    if not default_storage.exists(name):
        with tempfile.TemporaryFile() as buffer:
            with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for filename, lines in dump_files(publication):
                    with archive.open(filename, "w", force_zip64=True) as member:
                        for line in lines:
                            member.write(line.encode())
            buffer.seek(0)
            # Saved under a temporary name, then moved: a reader never sees half a zip.
            partial = default_storage.save(f"{name}.partial", File(buffer))
            if default_storage.exists(name):
                default_storage.delete(partial)
            else:
                _move(partial, name)
        log.info("Wrote the data dump %s", name)
    _remove_older(publication, keep=name)
    return name


def _move(source: str, target: str) -> None:
    os.replace(default_storage.path(source), default_storage.path(target))


def _remove_older(publication: Publication, *, keep: str) -> None:
    folder = f"{FOLDER}/{publication.season.label}"
    if not default_storage.exists(folder):
        return
    for filename in default_storage.listdir(folder)[1]:
        path = f"{folder}/{filename}"
        if path != keep and not filename.endswith(".partial"):
            default_storage.delete(path)
