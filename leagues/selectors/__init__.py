"""Reads of the league: each module answers one page's or one job's questions."""

from typing import Any

from django.db.models import QuerySet


def only_row(rows: QuerySet) -> Any:
    """The one row (or value) a query that matches at most one finds, or None.

    Unlike ``first()`` it adds no ``ORDER BY`` the query does not need, so the planner
    takes the unique index straight away.
    """
    return next(iter(rows.order_by()[:1]), None)
