"""Where a publication's public data dump is stored, and whether the worker has written it."""

from django.core.files.storage import default_storage

from leagues.models import Publication

FOLDER = "dumps"


def dump_name(publication: Publication) -> str:
    """The storage name of a publication's dump (a new publication gets a new name)."""
    label = publication.season.label
    return f"{FOLDER}/{label}/nationscup-{label}-v{publication.version}.zip"


def stored_dump(*, publication: Publication) -> str | None:
    """The stored dump of ``publication``, or None while the worker has not written it."""
    name = dump_name(publication)
    return name if default_storage.exists(name) else None
