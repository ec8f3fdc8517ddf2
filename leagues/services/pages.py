"""What the pages shared by anonymous visitors show has changed: their keys move on commit.

Those pages (``leagues.views.shared_pages``) are cached under the shared pages' generation
until it moves, so every service that writes something they show is marked
``@changes_shared_pages`` (or calls ``pages_changed``), and the admin's writes move it
through ``leagues.receivers``. A publication of standings moves it in its own transaction
(``move_generation``), so the switch and the new keys commit together.
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import transaction
from django.db.models import F

from leagues.models import SharedPagesVersion

P = ParamSpec("P")
R = TypeVar("R")


def pages_changed() -> None:
    """Move the shared pages' generation once the current transaction commits (at once
    outside one): a page rendered before the commit stays under the old key."""
    transaction.on_commit(move_generation, robust=True)


def move_generation() -> None:
    """Move the shared pages' generation now: inside a transaction, as its last write (the
    row stays locked until the commit, so every other change's move waits for it)."""
    versions = SharedPagesVersion.objects.filter(pk=1)
    if not versions.update(generation=F("generation") + 1):
        SharedPagesVersion.objects.get_or_create(pk=1, defaults={"generation": 1})


def changes_shared_pages(service: Callable[P, R]) -> Callable[P, R]:
    """Mark a service that writes what the shared pages show."""

    @functools.wraps(service)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        result = service(*args, **kwargs)
        pages_changed()
        return result

    return wrapper
