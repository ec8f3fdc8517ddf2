"""Keyset pages: a list read in the order of a unique key, one page after a cursor.

A page costs one index range whatever its depth (no ``OFFSET``); the cursor is the key
of the page's last row.
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
"""The most rows any list of the site shows at once: the API's ``limit`` and
``page_size``, and every table page whatever ``?per_page`` asks for."""


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    rows: list[M]
    next_after: str | None
    """The cursor of the next page, or None on the last page."""


def keyset_page(queryset: QuerySet[M], *, key: str, after: Any | None, limit: int) -> KeysetPage[M]:
    """Up to ``limit`` rows of ``queryset`` whose ``key`` comes after ``after``."""
    if after is not None:
        queryset = queryset.filter(**{f"{key}__gt": after})
    rows = list(queryset.order_by(key)[: limit + 1])
    if len(rows) <= limit:
        return KeysetPage(rows, None)
    rows = rows[:limit]
    return KeysetPage(rows, str(getattr(rows[-1], key)))
