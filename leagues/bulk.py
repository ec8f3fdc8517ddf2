"""Writing many rows at once without model objects: ``COPY`` on PostgreSQL."""

from collections.abc import Iterable

from django.db import connection

SQLITE_BATCH = 5000


def load_rows(model, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``model``'s table; how many."""
    return load_table_rows(model._meta.db_table, columns, rows)


def load_table_rows(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``; how many.

    PostgreSQL streams them with ``COPY``, others insert in batches. psycopg's copy
    bypasses Django's cursor wrapper, so its errors are wrapped here: a refused row
    is a ``django.db.DatabaseError`` like any other write's.
    """
    count = 0
    with connection.wrap_database_errors, connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            batch = []
            for row in rows:
                batch.append(row)
                if len(batch) == SQLITE_BATCH:
                    cursor.executemany(sql, batch)
                    count, batch = count + len(batch), []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    return count
