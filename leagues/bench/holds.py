"""Hold a job at a chosen row: a PL/pgSQL trigger that sleeps (or fails) there.

"Halfway" is a place, not a timing guess. The failure drills and the scale-out drill
hold a job with ``pg_sleep`` in a trigger, see which connection sleeps (its
``application_name`` names the machine), and kill that machine.
"""

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


@contextlib.contextmanager
def trigger(table: str, condition: str, action: str, each: str = "ROW") -> Iterator[None]:
    """Run ``action`` (PL/pgSQL) before inserts into ``table`` (each row or statement)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION drill() RETURNS trigger AS $$ BEGIN "
            f"IF {condition} THEN {action}; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            f"CREATE TRIGGER drill BEFORE INSERT ON {table} "
            f"FOR EACH {each} EXECUTE FUNCTION drill()"
        )
    try:
        yield
    finally:
        release_sleepers()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS drill ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS drill()")


def release_sleepers() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event = 'PgSleep'"
        )


def sleepers() -> list[str]:
    """The ``application_name`` of each connection asleep in a trigger now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT application_name FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event = 'PgSleep'"
        )
        return [name for (name,) in cursor.fetchall()]


def someone_asleep_in_a_trigger(timeout: float = 60) -> bool:
    try:
        wait_until(sleepers, timeout=timeout, what="a job asleep in a trigger", every=0.1)
    except AssertionError:
        return False
    return True


def wait_until(
    condition: Callable[[], T], timeout: float = 90, what: str = "condition", every: float = 0.2
) -> T:
    """``condition()``'s first true value, asked every ``every`` seconds up to ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)
