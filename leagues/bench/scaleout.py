"""Scale-out, shown (issue #21): machines join and die while the jobs and the pages go on.

Two web machines and two worker machines (each its own process group and, for the
webs, its own port; one PostgreSQL, one Redis). A round's close is queued and held
mid-publication by a trigger; a payout run is queued; the worker machine holding the
publication loses power (its whole group SIGKILLed); a third worker machine joins.
The broker hands the dead machine's job to a live worker once its visibility
timeout has passed. Meanwhile a thread asks both webs for their pages.

The drill's figures say what happened: one publication with the round, one ledger
row per award, every page answered.
"""

import threading
import time
from collections.abc import Callable

from leagues.bench import holds, processes
from leagues.models import PayoutRun, Publication, RewardPayout, Round
from leagues.selectors import payouts as payout_selectors
from leagues.tasks import close_round, queue_payout_run

# The drill's workers: a dead machine's job is back after seconds rather than 15 minutes.
# The database drops a dead machine's connection (and its locks) within a second, as TCP
# keepalives (``tcp_keepalives_*``) would across a real network, later.
WORKER_ENV = {
    "CELERY_VISIBILITY_TIMEOUT": "8",
    "PGOPTIONS": "-c client_connection_check_interval=1000",
    "DB_CONN_MAX_AGE": "0",
}


class Pager(threading.Thread):
    """Asks every web for every page in turn until stopped; counts answers and failures."""

    def __init__(self, webs: list[processes.Web], pages: list[str]):
        super().__init__(daemon=True)
        self.webs, self.pages = webs, pages
        self.answered = {web.machine: 0 for web in webs}
        self.failures: list[str] = []
        self.slowest_ms = 0.0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            for web in self.webs:
                for page in self.pages:
                    started = time.perf_counter()
                    try:
                        status = processes.http_status(web.base_url, page, timeout=10)
                    except OSError as error:
                        status = 0
                        self.failures.append(f"{web.machine} {page}: {error}")
                    else:
                        if status == 200:
                            self.answered[web.machine] += 1
                        else:
                            self.failures.append(f"{web.machine} {page}: {status}")
                    self.slowest_ms = max(self.slowest_ms, (time.perf_counter() - started) * 1000)
            self.halt.wait(0.1)

    def stop(self) -> None:
        self.halt.set()
        if self.is_alive():
            self.join(timeout=30)


SLOWEST_AWARDS_PER_SECOND = 10_000
"""The drill waits for the payout run as long as this rate needs (a million drivers'
season on a slow 2-core machine pays about 30,000 a second with one worker)."""


def publications_with(round_: Round) -> int:
    """How many publications of the round's season were made with the round in them."""
    return Publication.objects.filter(
        season_id=round_.season_id, rounds_included__contains=[round_.number]
    ).count()


def run_drill(
    *,
    round_: Round,
    payout_run: PayoutRun,
    pages: list[str],
    batch_size: int,
    log: Callable[[str], None] = print,
) -> dict:
    """Close ``round_`` and pay ``payout_run`` through the drill (see the module); figures."""
    started = time.perf_counter()
    timeline: dict[str, float] = {}

    def mark(event: str) -> None:
        timeline[event] = round(time.perf_counter() - started, 2)
        log(f"[scaleout {timeline[event]:6.2f} s] {event}")

    webs = [processes.Web(workers=1, machine=f"web-{n}") for n in (1, 2)]
    workers = {
        name: processes.Worker(concurrency=1, machine=name, env=WORKER_ENV)
        for name in ("worker-1", "worker-2", "worker-3")
    }
    pager = Pager(webs, pages)
    try:
        for web in webs:
            web.start()
        workers["worker-1"].start()  # on an empty broker
        workers["worker-2"].start(purge=False)
        pager.start()
        holds.wait_until(lambda: all(pager.answered.values()), what="both webs' pages")
        mark("two webs and two workers up, pages answered")
        with holds.trigger("leagues_standing", "TRUE", "PERFORM pg_sleep(600)", each="STATEMENT"):
            close_round.delay(round_.pk)
            holder = holds.wait_until(holds.sleepers, timeout=60, what="the publication")[0]
            mark(f"publication held by {holder}")
            queue_payout_run(payout_run, batch_size)
            # The kill lands once the payout is under way (done already, if it is small),
            # and well inside the visibility timeout: no live worker may take the held job.
            deadline = time.monotonic() + int(WORKER_ENV["CELERY_VISIBILITY_TIMEOUT"]) / 2
            while time.monotonic() < deadline:
                if PayoutRun.objects.get(pk=payout_run.pk).paid_awards:
                    break
                time.sleep(0.1)
            workers[holder].kill()
            killed_while_paid = PayoutRun.objects.get(pk=payout_run.pk).paid_awards
            answered_before_kill = dict(pager.answered)
            mark(f"{holder} killed")
            holds.wait_until(lambda: not holds.sleepers(), timeout=30, what="its connection")
        workers["worker-3"].start(purge=False)
        mark("worker-3 joined")
        holds.wait_until(
            lambda: Publication.objects.filter(
                season_id=round_.season_id,
                status=Publication.Status.PUBLISHED,
                rounds_included__contains=[round_.number],
            ).exists(),
            timeout=120,
            what="the publication, delivered again",
        )
        mark("published")
        payout_run.refresh_from_db()
        holds.wait_until(
            lambda: PayoutRun.objects.filter(
                pk=payout_run.pk, status=PayoutRun.Status.FINISHED
            ).exists(),
            timeout=max(120, payout_run.expected_awards / SLOWEST_AWARDS_PER_SECOND),
            what="the payout run",
        )
        mark("payout run finished")
    finally:
        pager.stop()
        for worker in workers.values():
            if worker.process is not None:
                worker.stop()
        for web in webs:
            if web.process is not None:
                web.stop()
    payout_run.refresh_from_db()
    ledger = RewardPayout.objects.filter(season_id=payout_run.season_id)
    publication = payout_selectors.final_publication(payout_run.season)
    assert publication is not None  # the run pays a closed season's final standings
    awards, _ = payout_selectors.award_totals(
        publication=publication, cells=payout_selectors.season_cells(payout_run.season)
    )
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "killed": holder,
        "paid_when_killed": killed_while_paid,
        "timeline": timeline,
        "publications_with_round": publications_with(round_),
        "awards": awards,
        "ledger_rows": ledger.count(),
        "ledger_awards": ledger.values("registration_id", "tier").distinct().count(),
        "paid_awards": payout_run.paid_awards,
        "pages_answered": pager.answered,
        "pages_answered_since_the_kill": {
            machine: count - answered_before_kill[machine]
            for machine, count in pager.answered.items()
        },
        "page_failures": pager.failures,
        "slowest_page_ms": round(pager.slowest_ms, 1),
    }
