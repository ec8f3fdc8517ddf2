"""Project-wide test setup.

Plain tests run Celery tasks eagerly. Tests marked ``integration`` get a real
Celery worker process consuming from Redis against the PostgreSQL test
database; they are skipped unless ``DATABASE_URL`` is PostgreSQL and
``REDIS_URL`` is set (as in ``.ci/run``'s second pass).
"""

import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from nationscup.celery import app as celery_app
from nationscup.celery import start_worker

# Property tests are about what they find, not how fast: a loaded CI machine must not fail
# one on hypothesis's per-example deadline (speed is measured by ``make bench``).
hypothesis_settings.register_profile("nationscup", deadline=None)
hypothesis_settings.load_profile("nationscup")

ROOT = Path(__file__).resolve().parent


def integration_available() -> bool:
    return bool(os.environ.get("REDIS_URL")) and os.environ.get("DATABASE_URL", "").startswith(
        ("postgres://", "postgresql://")
    )


TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "celery_worker_process"}


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config, items):
    """Skip integration tests without PostgreSQL and Redis; serialize every transactional test.

    A transactional test empties the database when it ends. With a serialized
    rollback, Django restores what the migrations loaded (countries and
    areas, the staff groups) and skips the post-migrate handlers on that
    flush, so every later test sees the same reference data, whatever order
    the tests run in.
    """
    serialized = pytest.mark.django_db(transaction=True, serialized_rollback=True)
    for item in items:
        if _is_transactional(item):
            item.add_marker(serialized, append=False)
    if integration_available():
        return
    skip = pytest.mark.skip(reason="needs DATABASE_URL=postgres://… and REDIS_URL (see .ci/run)")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _test_http(settings):
    """Plain HTTP and unhashed static files: production has HTTPS and collectstatic."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _staff_password_only(settings):
    """Staff sign in with their password alone here; the two-factor tests turn it back on."""
    settings.STAFF_TWO_FACTOR = False


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Run tasks in-process, except in integration tests, which use a real worker."""
    eager = "integration" not in request.keywords
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    celery_app.conf.task_eager_propagates = eager
    yield
    celery_app.conf.task_always_eager = previous


def _test_database_url() -> str:
    db = settings.DATABASES["default"]
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real ``celery worker`` process on Redis, using this test's database.

    Yields the ``subprocess.Popen`` so a failure drill can kill it; the
    fixture waits until the worker answers a ping before the test starts.
    """
    celery_app.control.purge()
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DB_CONN_MAX_AGE": "0",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    hostname = f"test-worker-{os.getpid()}-{time.monotonic_ns()}@localhost"
    process = start_worker(hostname, env=env, cwd=ROOT)
    yield process
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language (English). A request leaves the visitor's
    language active in the thread, and refusals are worded in the active language."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (cached ids would outlive rolled-back rows, and
    one test's login failures would throttle the next)."""
    from django.core.cache import caches

    caches["default"].clear()
    caches["throttle"].clear()


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch):
    """Webhook hosts resolve from this table, never from the network (tests add names).

    An address literal resolves to itself, as the real resolver does offline.
    """
    import ipaddress

    from notifications.webhooks import transport

    table = {"hooks.example.com": ["93.184.215.14"], "discord.com": ["162.159.135.232"]}

    def resolve(host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        if host not in table:
            raise OSError(f"[Errno -2] Name or service not known: {host}")
        return table[host]

    monkeypatch.setattr(transport, "resolve", resolve)
    return table
