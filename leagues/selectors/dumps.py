"""Where a publication's public data dump is stored, and whether the worker has written it."""

from django.core.files.storage import default_storage

from leagues.models import Publication

FOLDER = "dumps"


def download_name(publication: Publication) -> str:
    """The file name a visitor downloads the dump under."""
    label = publication.season.label
    return f"nationscup-{label}-v{publication.version}.zip"


def dump_name(publication: Publication) -> str:
    """The storage name of a publication's dump, its own whatever came before: the moment
    it was made is in it, so a database restored (or rebuilt) that numbers a publication
    again never finds, and serves, the file of the one it replaced."""
    made = publication.created_at.strftime("%Y%m%dT%H%M%S%f")
    stem = download_name(publication).removesuffix(".zip")
    return f"{FOLDER}/{publication.season.label}/{stem}-{made}.zip"


def stored_dump(*, publication: Publication) -> str | None:
    """The stored dump of ``publication``, or None while the worker has not written it."""
    name = dump_name(publication)
    return name if default_storage.exists(name) else None
