"""Failure drills on PostgreSQL + Redis with real Celery workers, seen from the outside.

- Redis goes away while a publication is being computed: the pages keep
  serving the last complete publication, the job finishes once Redis is back.
- The whole worker is killed during a payout run: a new worker and the staff's
  "Resume" pay what is missing, nobody twice.
- The database refuses a write in the middle of an import: nothing of the
  file is in the database, and the organiser's preview can be confirmed again.
- Redis is down when staff start a payout: the page answers at once, the job
  waits in the outbox and beat's sweep sends it once Redis is back. Flushing
  the cache never drops a queued job (the broker has a database of its own).

"Halfway" is a place, not a timing guess: a PL/pgSQL trigger holds or fails
the job at a chosen row.
"""

import contextlib
import datetime as dt
import os
import re
import select
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from leagues import csvfiles, roles
from leagues.bench import processes
from leagues.bench.holds import someone_asleep_in_a_trigger, trigger, wait_until
from leagues.models import Lobby, PayoutRun, Publication, RaceResult, RewardPayout
from leagues.selectors import payouts as payout_selectors
from leagues.services import seasons
from leagues.services.results import import_results
from leagues.services.standings import close_round, publish_standings
from leagues.tasks import pay_payout_run
from leagues.tasks import publish_standings as publish_standings_task
from leagues.tests.factories import (
    EntrySlotFactory,
    LobbyFactory,
    RaceResultFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)
from nationscup.celery import app as celery_app
from nationscup.celery import start_worker as start_celery_worker
from operations import outbox
from operations.models import OutboxMessage

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# Tools: a worker we control, a Redis we can cut, a trigger that holds or fails a write.


def start_worker(redis_url: str | None = None, queue: str | None = None) -> subprocess.Popen:
    """A ``celery worker`` on this test's database, answering pings before it returns."""
    env = {
        **os.environ,
        "DATABASE_URL": processes.database_url(),
        "DB_CONN_MAX_AGE": "0",
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    name = f"drill-{os.getpid()}-{time.monotonic_ns()}@localhost"
    return start_celery_worker(name, env=env, cwd=ROOT, concurrency=1, queue=queue)


def kill_worker(process: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool, as a machine losing power would."""
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        for pid in children:
            os.kill(int(pid), signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    process.wait(timeout=30)


@contextlib.contextmanager
def worker(redis_url: str | None = None, queue: str | None = None):
    process = start_worker(redis_url, queue)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                kill_worker(process)


class RedisProxy:
    """A TCP proxy in front of Redis that can be cut (connections dropped, new ones refused)."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, db: str) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket):
        try:
            while True:
                ready, _, _ = select.select([a, b], [], [], 0.5)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (b if sock is a else a).sendall(data)
        except OSError:
            return
        finally:
            a.close()
            b.close()

    def cut(self):
        self.up = False
        with self.lock:
            for a, b in self.pairs:
                for sock in (a, b):
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
            self.pairs.clear()

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


# Redis goes away during a publication


def results_csv(label: str, number: int, start: dt.datetime, online_ids: list[str]) -> str:
    stamp = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = [",".join(csvfiles.RESULTS)] + [
        f"{label},{number},{stamp},EMEA,GT1,A,{online_id},{position},FIN,41000"
        for position, online_id in enumerate(online_ids, start=1)
    ]
    return "\n".join(rows) + "\n"


@pytest.fixture
def season_with_two_rounds():
    """Round 1 closed and published (v1); round 2 raced and closed, not yet published."""
    season = SeasonFactory(status="running")
    ids = [f"drill_{n}" for n in range(1, 7)]
    for online_id in ids:
        RegistrationFactory(season=season, driver__online_id=online_id, driver__dr_points=41_000)
    for number, order in ((1, ids), (2, list(reversed(ids)))):
        round_ = RoundFactory(season=season, number=number)
        start = dt.datetime.combine(round_.date, dt.time(13), tzinfo=dt.UTC)
        EntrySlotFactory(round=round_, starts_at=start)
        assert import_results(results_csv(season.label, number, start, order)).ok
        close_round(round=round_)
        if number == 1:
            publish_standings(season=season)
    return season


def rounds_on_the_page(client, season) -> str:
    """The rounds the standings page says its publication includes, e.g. "1, 2"."""
    url = reverse("leagues:standings")
    query = f"?season={season.label}&region=EMEA&league=GT1&tier=REGIONAL&scope=EMEA"
    response = client.get(url + query)
    assert response.status_code == 200
    found = re.search(r"includes rounds ([\d, ]+)", response.content.decode())
    assert found, response.content.decode()[:3000]
    return found.group(1).strip().rstrip(",")


def test_redis_going_away_mid_publication_leaves_the_pages_on_the_last_publication(
    client, season_with_two_rounds
):
    season = season_with_two_rounds
    broker = celery_app.connection()
    proxy = RedisProxy((broker.hostname or "127.0.0.1", broker.port or 6379))
    db = settings.REDIS_URL.rsplit("/", 1)[-1]
    cache_db = settings.REDIS_CACHE_URL.rsplit("/", 1)[-1]
    web_cache = {"default": {**settings.CACHES["default"], "LOCATION": proxy.url(cache_db)}}
    try:
        # A queue of its own: no other worker may take the job past the cut.
        queue = f"drill-{os.getpid()}-{time.monotonic_ns()}"
        with override_settings(CACHES=web_cache), worker(proxy.url(db), queue):
            assert rounds_on_the_page(client, season) == "1"
            with trigger("leagues_standing", "TRUE", "PERFORM pg_sleep(5)", each="STATEMENT"):
                result = publish_standings_task.apply_async((season.pk,), queue=queue)
                assert someone_asleep_in_a_trigger(), "the publication never started"
                proxy.cut()  # Redis is gone, for the worker and for the web
                # Mid-publication, with no cache: the page is the last complete publication.
                assert rounds_on_the_page(client, season) == "1"
                wait_until(
                    lambda: (
                        season.publications.filter(rounds_included=[1, 2]).exists()
                        and not someone_asleep_in_a_trigger(timeout=0)
                    ),
                    what="the publication to commit",
                )
            # Committed while Redis is still away: the pages switch, read from the database.
            assert rounds_on_the_page(client, season) == "1, 2"
            proxy.restore()
            # Redis is back: the job's result reaches the backend (its stores are retried).
            assert result.get(timeout=60) == season.publications.get(status="published").pk
            assert rounds_on_the_page(client, season) == "1, 2"
        assert season.publications.filter(status=Publication.Status.PUBLISHED).count() == 1
    finally:
        proxy.close()
        caches["default"].close()


# The worker is killed during a payout run


@pytest.fixture
def closed_season():
    """A closed season of 120 GT1 drivers: about 480 awards."""
    season = SeasonFactory()
    round_ = RoundFactory(season=season, number=1)
    slot = EntrySlotFactory(round=round_)
    for index in range(120):
        RaceResultFactory(
            lobby=LobbyFactory(slot=slot),
            slot=slot,
            registration=RegistrationFactory(season=season),
            points=900 - index,
        )
    close_round(round=round_)
    seasons.close_season(season=season)
    season.refresh_from_db()
    return season


def test_a_worker_killed_during_a_payout_run_is_resumed_and_pays_nobody_twice(
    client, closed_season
):
    season = closed_season
    staff = UserFactory(username="payer")
    staff.groups.add(Group.objects.get(name=roles.PAYOUT_STAFF))
    client.force_login(staff)
    preview = payout_selectors.payout_preview(season=season)
    assert preview.publication is not None
    final = payout_selectors.final_publication(season)
    assert final is not None
    registrations = sorted(
        final.standings.exclude(medal="").values_list("registration_id", flat=True).distinct()
    )
    middle = registrations[len(registrations) // 2]

    first = start_worker()
    try:
        with trigger(
            "leagues_rewardpayout", f"NEW.registration_id = {middle}", "PERFORM pg_sleep(600)"
        ):
            response = client.post(
                reverse("leagues:payout_confirm", kwargs={"season": season.label}),
                {
                    "expected_awards": preview.awards,
                    "expected_credits": preview.credits,
                    "expected_publication": preview.publication.pk,
                    "expected_table": preview.table_digest,
                },
            )
            assert response.status_code == 302
            run = PayoutRun.objects.get(season=season)
            assert someone_asleep_in_a_trigger(), "the payout job never reached the middle"
            kill_worker(first)
    finally:
        kill_worker(first) if first.poll() is None else None

    run.refresh_from_db()
    assert run.status != "finished"
    assert RewardPayout.objects.filter(registration__season=season).count() < preview.awards

    with worker():
        page = client.get(reverse("leagues:payout_run", kwargs={"season": season.label}))
        assert page.status_code == 200 and "Resume the run" in page.content.decode()
        resumed = client.post(reverse("leagues:payout_resume", kwargs={"season": season.label}))
        assert resumed.status_code == 302
        wait_until(
            lambda: PayoutRun.objects.get(pk=run.pk).status == "finished",
            what="the resumed payout run",
        )

    ledger = client.get(reverse("leagues:payout_csv", kwargs={"season": season.label}))
    rows = b"".join(ledger.streaming_content).decode().splitlines()[1:]
    assert len(rows) == len(set(rows)) == preview.awards
    awards, credits = payout_selectors.ledger_totals(season=season)
    assert (awards, credits) == (preview.awards, preview.credits)
    run.refresh_from_db()
    assert (run.paid_awards, run.paid_credits) == (preview.awards, preview.credits)


# The database refuses a write in the middle of an import


@pytest.fixture
def round_to_import():
    season = SeasonFactory(status="running")
    round_ = RoundFactory(season=season, number=1)
    start = dt.datetime.combine(round_.date, dt.time(13), tzinfo=dt.UTC)
    EntrySlotFactory(round=round_, starts_at=start)
    ids = [f"imp_{n}" for n in range(1, 41)]
    for online_id in ids:
        RegistrationFactory(season=season, driver__online_id=online_id, driver__dr_points=41_000)
    lobbies = []
    for label, members in (("A", ids[:20]), ("B", ids[20:])):
        lines = results_csv(season.label, 1, start, members).splitlines()[1:]
        lobbies += [line.replace(",A,", f",{label},") for line in lines]
    return "\n".join([",".join(csvfiles.RESULTS), *lobbies]) + "\n"


def test_a_write_refused_mid_import_leaves_nothing_half_imported(admin_client, round_to_import):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:leagues_raceresult_import_csv")
    upload = SimpleUploadedFile("results.csv", round_to_import.encode(), "text/csv")
    preview = admin_client.post(url, {"file": upload})
    token = preview.context["upload"]
    assert token, preview.content.decode()[:2000]

    # Lobby B's twelfth finisher is refused by the database, after lobby A was written.
    with trigger(
        "leagues_raceresult",
        "NEW.position = 12 AND (SELECT label FROM leagues_lobby WHERE id = NEW.lobby_id) = 'B'",
        "RAISE EXCEPTION 'disk full (drill)'",
    ):
        with pytest.raises(DatabaseError):
            import_results(round_to_import)
        refused = admin_client.post(url, {"upload": token}, follow=True)
        assert "The database refused the import, nothing written" in " ".join(
            str(message) for message in refused.context["messages"]
        )
        assert Lobby.objects.count() == 0
        assert RaceResult.objects.count() == 0

    confirmed = admin_client.post(url, {"upload": token}, follow=True)
    assert b"imported" in confirmed.content
    assert Lobby.objects.count() == 2
    assert RaceResult.objects.count() == 40


# Redis is down when a job is asked for; the cache is flushed with jobs queued


@contextlib.contextmanager
def web_broker_at(url: str):
    """This process (the web) sends its jobs to ``url``; its pooled connections are dropped."""

    def drop_pools():  # kombu keeps a pool per broker address; forget the current one
        celery_app._pool = None  # type: ignore[attr-defined]  # private, not in the stubs
        celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]  # private too

    drop_pools()
    celery_app.conf["broker_write_url"] = url
    try:
        yield
    finally:
        celery_app.conf["broker_write_url"] = None
        drop_pools()


def test_a_payout_started_while_redis_is_down_is_paid_once_redis_is_back(client, closed_season):
    season = closed_season
    staff = UserFactory(username="payer")
    staff.groups.add(Group.objects.get(name=roles.PAYOUT_STAFF))
    client.force_login(staff)
    preview = payout_selectors.payout_preview(season=season)
    assert preview.publication is not None
    broker = celery_app.connection()
    proxy = RedisProxy((broker.hostname or "127.0.0.1", broker.port or 6379))
    db = settings.REDIS_URL.rsplit("/", 1)[-1]
    cache_db = settings.REDIS_CACHE_URL.rsplit("/", 1)[-1]
    web_cache = {"default": {**settings.CACHES["default"], "LOCATION": proxy.url(cache_db)}}
    proxy.cut()
    try:
        with override_settings(CACHES=web_cache), web_broker_at(proxy.url(db)):
            response = client.post(
                reverse("leagues:payout_confirm", kwargs={"season": season.label}),
                {
                    "expected_awards": preview.awards,
                    "expected_credits": preview.credits,
                    "expected_publication": preview.publication.pk,
                    "expected_table": preview.table_digest,
                },
            )
        assert response.status_code == 302
        run = PayoutRun.objects.get(season=season)
        assert (run.status, run.paid_awards) == ("running", 0)
        waiting = OutboxMessage.objects.get(task=pay_payout_run.name)
        assert waiting.dispatched_at is None and waiting.last_error
    finally:
        proxy.close()
        caches["default"].close()

    with worker():
        assert outbox.sweep() >= 1  # beat's sweep, with Redis back
        wait_until(
            lambda: PayoutRun.objects.get(pk=run.pk).status == "finished",
            what="the payout run sent by the sweep",
        )
    awards, credits = payout_selectors.ledger_totals(season=season)
    assert (awards, credits) == (preview.awards, preview.credits)
    assert OutboxMessage.objects.get(pk=waiting.pk).picked_up_at is not None


def test_flushing_the_cache_never_drops_a_queued_job(season_with_two_rounds):
    season = season_with_two_rounds
    celery_app.control.purge()
    assert settings.CACHES["default"]["LOCATION"] != settings.CELERY_BROKER_URL
    message = outbox.enqueue(publish_standings_task, season.pk)  # no worker yet: it waits
    assert OutboxMessage.objects.get(pk=message.pk).dispatched_at is not None
    caches["default"].clear()  # FLUSHDB of the cache's database, as an eviction storm would
    with worker():
        wait_until(
            lambda: season.publications.filter(rounds_included=[1, 2]).exists(),
            what="the queued publication",
        )
