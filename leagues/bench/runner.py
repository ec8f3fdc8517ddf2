"""The benchmark's steps, each a median of several runs, collected into one dict of figures.

1. import one round's ``results.csv`` with the real service (rows per second);
2. close that round and publish the standings through a real Celery worker;
3. the same computation as one hand-made SQL statement (the reference);
4. pages under wrk from gunicorn: page 1, a deep page, the find jump, a driver's season;
5. the season's payout run with one worker, then two, a check of the ledger, and the same
   ledger as one hand-made SQL statement (``leagues.bench.payout_reference``);
6. peak memory of every process involved;
7. the live-timing snapshot viewers poll, at 32 and 256 connections (``leagues.bench.live``);
8. scale-out shown: the season paid again and a tenth-size season's round published by
   two worker machines while the one holding the publication is killed and a third
   joins, pages asked of two web machines throughout (``leagues.bench.scaleout``).
"""

import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import django
from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from leagues.bench import live, payout_reference, processes, reference, scaleout, synthetic
from leagues.models import (
    PayoutRun,
    Publication,
    RankingSummary,
    RewardPayout,
    Round,
    RoundScore,
    Season,
    Standing,
)
from leagues.selectors import payouts as payout_selectors
from leagues.services import payouts, seasons, standings
from leagues.services.results import import_results
from leagues.tasks import queue_payout_run

STEPS = ("import", "publish", "reference", "pages", "payouts", "live", "scaleout")
POLL = 0.05


@dataclass
class Options:
    drivers: int = 200_000
    runs: int = 3
    seconds: int = 20
    connections: int = 32
    web_workers: int = 4
    worker_concurrency: int = 2
    seed: int = 2035
    steps: tuple[str, ...] = STEPS
    log: Callable[[str], None] = print


@dataclass
class Bench:
    options: Options
    season: Season = field(init=False)  # set by build()
    rounds: list[Round] = field(default_factory=list)
    entrants: list = field(default_factory=list)
    results_csv: Path | None = None
    figures: dict = field(default_factory=dict)
    worker: processes.Worker | None = None

    def log(self, message: str) -> None:
        self.options.log(f"[bench {time.strftime('%H:%M:%S')}] {message}")


def run(options: Options) -> dict:
    """Build the season, run the chosen steps, stop every process; returns the figures."""
    bench = Bench(options)
    bench.figures = {
        "drivers": options.drivers,
        "runs": options.runs,
        "machine": machine(),
        "started_at": timezone.now().isoformat(timespec="seconds"),
    }
    try:
        build(bench)
        steps = _step_functions()
        for name in (step for step in STEPS if step in options.steps):
            try:
                steps[name](bench)
            except Exception as error:  # the figures measured so far are still written
                failure = f"{type(error).__name__}: {error}"
                bench.figures["failed"] = {"step": name, "error": failure}
                bench.log(f"step {name} failed: {failure}; the steps after it do not run")
                break
    finally:
        if bench.worker is not None:
            bench.figures.setdefault("memory", {})["worker"] = bench.worker.stop().as_dict()
        if bench.results_csv is not None:
            bench.results_csv.unlink(missing_ok=True)
    bench.figures["finished_at"] = timezone.now().isoformat(timespec="seconds")
    return bench.figures


def _step_functions() -> dict[str, Callable[[Bench], None]]:
    """What runs each of the ``STEPS`` (which say their order)."""
    return {
        "import": step_import,
        "publish": _start_worker_and_publish,
        "reference": step_reference,
        "pages": step_pages,
        "payouts": step_payouts,
        "live": live.step_live,
        "scaleout": step_scaleout,
    }


def _start_worker_and_publish(bench: Bench) -> None:
    bench.worker = processes.Worker(concurrency=bench.options.worker_concurrency)
    bench.worker.start()
    step_publish(bench)


def machine() -> dict:
    info: dict[str, object] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        )
        meminfo = Path("/proc/meminfo").read_text().split()
        info["memory_gib"] = round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 1024**2, 1)
    except (OSError, StopIteration, ValueError):
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
            for name in ("shared_buffers", "work_mem", "max_wal_size"):
                cursor.execute(f"SHOW {name}")
                info[name] = cursor.fetchone()[0]
    return info


def build(bench: Bench) -> None:
    """The season with rounds 1-5 raced, closed and published; round 6 waits as a file."""
    options = bench.options
    started = time.perf_counter()
    built = synthetic.build_season(drivers=options.drivers, seed=options.seed, log=bench.log)
    bench.season, bench.rounds, bench.entrants = built.season, built.rounds, built.entrants
    loaded = 0
    for round_ in bench.rounds[:-1]:
        loaded += synthetic.load_round_results(round_, bench.entrants, seed=options.seed)
    synthetic.analyze()
    bench.log(f"{loaded} results of rounds 1-{len(bench.rounds) - 1} loaded")
    for round_ in bench.rounds[:-1]:
        standings.close_round(round=round_)
    standings.publish_standings(season=bench.season)
    text, rows = synthetic.round_results_csv(bench.rounds[-1], bench.entrants, seed=options.seed)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
        f.write(text)
    bench.results_csv = Path(f.name)
    bench.figures["build"] = {
        "seconds": round(time.perf_counter() - started, 1),
        "results_loaded": loaded,
        "round_rows": rows,
    }
    bench.log(f"built in {bench.figures['build']['seconds']} s; round 6 has {rows} rows")


IMPORT_FRACTION = 5
"""The import is also timed on the first fifth of the round's lobbies: its memory and speed
should not depend on the file's size."""


def step_import(bench: Bench) -> None:
    """Import round 6's file in a process of its own, first the first fifth of its lobbies,
    then the whole file ``runs`` times; the round is emptied before each import."""
    assert bench.results_csv is not None  # written by build()
    last = bench.rounds[-1]
    whole = bench.results_csv.read_text(encoding="utf-8")
    fifth = bench.results_csv.with_name(bench.results_csv.stem + "-fifth.csv")
    fifth.write_text(synthetic.first_lobbies(whole, 1 / IMPORT_FRACTION), encoding="utf-8")
    try:
        small = _import_file(bench, fifth)
    finally:
        fifth.unlink(missing_ok=True)
    bench.log(f"import of a fifth ({small['rows']} rows): {small['seconds']:.1f} s")
    runs = []
    for attempt in range(bench.options.runs):
        synthetic.delete_round_results(last)
        runs.append(_import_file(bench, bench.results_csv))
        bench.log(f"import run {attempt + 1}: {runs[-1]['seconds']:.1f} s")
    synthetic.analyze()
    seconds = processes.median([r["seconds"] for r in runs])
    bench.figures["import"] = {
        "rows": runs[0]["rows"],
        "seconds": round(seconds, 2),
        "rows_per_second": round(runs[0]["rows"] / seconds),
        "runs": [round(r["seconds"], 2) for r in runs],
        "peak_mib": round(max(r["peak_mib"] for r in runs), 1),
        "fifth": {
            "rows": small["rows"],
            "seconds": round(small["seconds"], 2),
            "rows_per_second": round(small["rows"] / small["seconds"]),
            "peak_mib": round(small["peak_mib"], 1),
        },
    }
    bench.figures.setdefault("memory", {})["import"] = {
        "processes": 1,
        "largest_mib": bench.figures["import"]["peak_mib"],
        "total_mib": bench.figures["import"]["peak_mib"],
    }


def _import_file(bench: Bench, path: Path) -> dict:
    """One import of ``path``: rows, seconds and the importing process's peak memory."""
    if not connection.in_atomic_block:  # a test's transaction is invisible to others
        completed = subprocess.run(
            [sys.executable, "-m", "leagues.bench.import_probe", str(path)],
            cwd=processes.ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return _json_line(completed.stdout)
    text = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    report = import_results(text)
    assert report.ok, report.errors[:5]
    return {"rows": text.count("\n") - 1, "seconds": time.perf_counter() - started, "peak_mib": 0}


def _json_line(text: str) -> dict:
    import json

    return json.loads(text.strip().splitlines()[-1])


def reopen(round_: Round) -> None:
    """Undo a round's close (its frozen scores), so the same close can be measured again."""
    with transaction.atomic():
        RoundScore.objects.filter(round=round_).delete()
        Round.objects.filter(pk=round_.pk).update(status=Round.Status.SCHEDULED, closed_at=None)


def step_publish(bench: Bench) -> None:
    """Queue ``close_round`` for round 6 and wait for the publication it chains."""
    from leagues.tasks import close_round

    last = bench.rounds[-1]
    runs = []
    for attempt in range(bench.options.runs):
        reopen(last)
        version = bench.season.publications.aggregate(v=Max("version"))["v"] or 0
        queued_at = timezone.now()
        started = time.perf_counter()
        close_round.delay(last.pk)
        publication = _wait_for_publication(bench.season, version)
        total = time.perf_counter() - started
        # The worker then builds the publication's data dump: waited for, so that the next
        # run and the pages are measured on an idle worker, and timed on its own.
        _wait_for_dump(publication)
        dump = time.perf_counter() - started - total
        closed_at = Round.objects.get(pk=last.pk).closed_at
        assert closed_at is not None and publication.published_at is not None
        runs.append(
            {
                "total": total,
                "close": (closed_at - queued_at).total_seconds(),
                "publish": (publication.published_at - publication.created_at).total_seconds(),
                "dump": dump,
            }
        )
        bench.log(f"close + publish run {attempt + 1}: {total:.1f} s")
    bench.figures["publish"] = {
        key: round(processes.median([r[key] for r in runs]), 2) for key in runs[0]
    }
    bench.figures["publish"]["runs"] = [round(r["total"], 2) for r in runs]
    bench.figures["publish"]["standing_rows"] = Standing.objects.filter(
        publication=publication
    ).count()
    bench.figures["publish"]["rankings"] = RankingSummary.objects.filter(
        publication=publication
    ).count()


def _wait_for_publication(season: Season, version: int, timeout: float = 3600) -> Publication:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = Publication.objects.filter(
            season=season, version__gt=version, status=Publication.Status.PUBLISHED
        ).first()
        if found is not None:
            return found
        time.sleep(POLL)
    raise RuntimeError("no publication within the timeout: is the worker running?")


def _wait_for_dump(publication: Publication, timeout: float = 3600) -> None:
    from django.core.files.storage import default_storage

    from leagues.selectors.dumps import dump_name

    deadline = time.monotonic() + timeout
    while not default_storage.exists(dump_name(publication)):
        if time.monotonic() > deadline:
            raise RuntimeError("no data dump within the timeout: is the worker running?")
        time.sleep(POLL)


def step_reference(bench: Bench) -> None:
    """The hand-made statement on the same data; its rows must equal the publication's."""
    season = bench.season
    reference.prepare()
    runs = []
    try:
        for attempt in range(bench.options.runs):
            started = time.perf_counter()
            reference.run_reference(
                season_id=season.pk,
                best=season.best_rounds,
                work_mem=getattr(standings, "WORK_MEM", None),
            )
            runs.append(time.perf_counter() - started)
            bench.log(f"reference run {attempt + 1}: {runs[-1]:.1f} s")
        published = season.publications.get(status=Publication.Status.PUBLISHED)
        same = reference.checksum() == reference.checksum(publication_id=published.pk)
    finally:
        reference.drop()
    seconds = processes.median(runs)
    figures = {"seconds": round(seconds, 2), "runs": [round(r, 2) for r in runs], "same": same}
    if "publish" in bench.figures:
        figures["ratio"] = round(bench.figures["publish"]["total"] / seconds, 2)
        inside = bench.figures["publish"]["close"] + bench.figures["publish"]["publish"]
        figures["ratio_inside_worker"] = round(inside / seconds, 2)
    bench.figures["reference"] = figures


PROFILE_PAGE = "driver's profile (career)"
COMPARE_PAGE = "head to head (compare)"


def page_targets(bench: Bench, *, sample: int = 1000) -> dict[str, list[str]]:
    """The URLs loaded: the biggest ranking's page 1 and deep page, find, a driver's season,
    a driver's profile with their career, two drivers head to head."""
    season = bench.season
    region, league = synthetic.DEEP_RANKING
    chosen = {
        "season": season.label,
        "region": region,
        "league": league,
        "tier": "REGIONAL",
        "scope": region,
    }
    query = urlencode(chosen)
    publication = season.publications.get(status=Publication.Status.PUBLISHED)
    ranked = RankingSummary.objects.get(
        publication=publication, league=league, tier="REGIONAL", scope=region
    ).ranked
    deep_position = min(bench.options.drivers // 2, ranked)
    deep_page = (deep_position - 1) // 50 + 1
    rng = random.Random(bench.options.seed)
    in_ranking = list(
        Standing.objects.filter(
            publication=publication, league=league, tier="REGIONAL", scope=region
        ).values_list("registration__driver__online_id", flat=True)[: sample * 20]
    )
    finds = rng.sample(in_ranking, min(sample, len(in_ranking)))
    drivers = rng.sample(bench.entrants, min(sample, len(bench.entrants)))
    bench.figures["pages_scope"] = {
        "ranking": f"{region} {league} regional",
        "ranked": ranked,
        "deep_position": deep_position,
        "deep_page": deep_page,
    }
    return {
        "healthz (trivial view)": ["/healthz"],
        "standings page 1": [f"/standings/?{query}&page=1"],
        f"standings page {deep_page} (position {deep_position:,})": [
            f"/standings/?{query}&page={deep_page}"
        ],
        "find a driver (302 jump)": [f"/standings/?{query}&find={found}" for found in finds],
        "driver's season page": [
            f"/seasons/{season.label}/drivers/{entrant.online_id}/" for entrant in drivers
        ],
        PROFILE_PAGE: [f"/drivers/{entrant.online_id}/" for entrant in drivers],
        # Neighbours in the ranking: they share the season and often a lobby.
        COMPARE_PAGE: [
            f"/compare/?{urlencode({'a': a, 'b': b})}" for a, b in zip(finds, finds[1:]) if a != b
        ]
        or [f"/compare/?a={drivers[0].online_id}&b={drivers[-1].online_id}"],
    }


def _first_views(base_url: str, paths: list[str], *, sample: int = 30) -> dict:
    """Milliseconds of one request at a time to pages nobody has asked for yet (cache misses)."""
    times = []
    for path in paths[:sample]:
        started = time.perf_counter()
        processes.http_status(base_url, path)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "first_view_ms": round(processes.median(times), 1),
        "first_view_max_ms": round(max(times), 1),
        "first_views": len(times),
    }


def step_pages(bench: Bench) -> None:
    """wrk against gunicorn: each target's first views timed, then loaded ``runs`` times."""
    options = bench.options
    targets = page_targets(bench)
    web = processes.Web(workers=options.web_workers)
    web.start()
    pages: dict[str, dict] = {}
    try:
        # Every worker answers once first, so a first view is a page's cost, not a cold start.
        processes.wrk(
            base_url=web.base_url, paths=["/healthz"], connections=options.connections, seconds=1
        )
        for name, paths in targets.items():
            try:
                first_views = _first_views(web.base_url, paths)
                statuses: set[int | str] = {
                    processes.http_status(web.base_url, path) for path in paths[:3]
                }
            except TimeoutError:
                statuses = {"no answer within 120 s"}
            if not statuses <= {200, 302}:
                pages[name] = {"failed": ", ".join(map(str, statuses))}
                bench.log(f"{name}: {pages[name]}")
                continue
            processes.wrk(
                base_url=web.base_url,
                paths=paths,
                connections=options.connections,
                seconds=min(3, options.seconds),
            )
            runs = [
                processes.wrk(
                    base_url=web.base_url,
                    paths=paths,
                    connections=options.connections,
                    seconds=options.seconds,
                )
                for _ in range(options.runs)
            ]
            keys = ("rps", "p50_ms", "p95_ms", "p99_ms")
            pages[name] = {key: round(processes.median([r[key] for r in runs]), 2) for key in keys}
            pages[name]["errors"] = sum(r["http_errors"] + r["socket_errors"] for r in runs)
            pages[name]["requests"] = sum(r["requests"] for r in runs)
            pages[name].update(first_views)
            bench.log(f"{name}: {pages[name]}")
    finally:
        bench.figures.setdefault("memory", {})["web"] = web.stop().as_dict()
    bench.figures["pages"] = pages
    bench.figures["pages_setup"] = {
        "gunicorn_workers": options.web_workers,
        "connections": options.connections,
        "seconds": options.seconds,
    }


PAYOUT_WORKERS = (1, 2)


def step_payouts(bench: Bench) -> None:
    """Close the season (final standings), then pay it ``runs`` times with one worker, again
    with two (one process each, the batches fanned out over them), and write the same
    ledger as one hand-made statement (``leagues.bench.payout_reference``)."""
    season = bench.season
    started = time.perf_counter()
    seasons.close_season(season=season)
    close_seconds = time.perf_counter() - started
    season.refresh_from_db()
    user, _ = User.objects.get_or_create(username="bench-payer")
    user.groups.add(Group.objects.get(name=payout_selectors.PAYOUT_GROUP))
    publication = payout_selectors.final_publication(season)
    assert publication is not None  # close_season published the final standings
    awards, credits = payout_selectors.award_totals(
        publication=publication, cells=payout_selectors.season_cells(season)
    )
    if bench.worker is not None:  # the publish step's worker: this step counts its own
        bench.figures.setdefault("memory", {})["worker"] = bench.worker.stop().as_dict()
        bench.worker = None
    workers: list[processes.Worker] = []
    by_workers: dict[int, dict] = {}
    try:
        for count in PAYOUT_WORKERS:
            while len(workers) < count:
                workers.append(processes.Worker(concurrency=1))
                workers[-1].start()
            runs = [_pay_once(season, user) for _ in range(bench.options.runs)]
            run_ = PayoutRun.objects.get(season=season)
            ledger = RewardPayout.objects.filter(season=season)
            rows = ledger.count()
            distinct = ledger.values("registration_id", "tier").distinct().count()
            by_workers[count] = {
                "seconds": round(processes.median([total for total, _ in runs]), 2),
                "inside": round(processes.median([inside for _, inside in runs]), 2),
                "runs": [round(total, 2) for total, _ in runs],
                "one_row_per_award": rows == awards == distinct == run_.paid_awards,
            }
            bench.log(f"payouts with {count} worker(s): {by_workers[count]}")
    finally:
        if workers:
            bench.figures.setdefault("memory", {})["payout workers"] = _memory(
                [worker.stop() for worker in workers]
            )
    one, two = by_workers[1], by_workers[2]
    reference = _payout_reference(bench, run_)
    bench.figures["payouts"] = {
        **two,
        "one_worker": one,
        "two_workers": two,
        "speedup": round(one["inside"] / two["inside"], 2) if two["inside"] else None,
        "reference": reference,
        "ratio": round(two["inside"] / reference["seconds"], 2) if reference["seconds"] else None,
        "one_row_per_award": one["one_row_per_award"] and two["one_row_per_award"],
        "awards": awards,
        "credits": credits,
        "batch_size": payouts.BATCH_SIZE,
        "close_season_seconds": round(close_seconds, 2),
    }


def _fresh_run(season: Season, user: User) -> PayoutRun:
    """The season's payout run started again from an empty ledger (not queued)."""
    with transaction.atomic():
        RewardPayout.objects.filter(season=season).delete()
        PayoutRun.objects.filter(season=season).delete()
    return payouts.start_payout_run(season=season, user=user)


def _pay_once(season: Season, user: User) -> tuple[float, float]:
    """One whole payout run from an empty ledger: seconds from the start to its finish seen
    here, and from the run's creation to its finish as the run records them."""
    started = time.perf_counter()
    run_ = _fresh_run(season, user)
    queue_payout_run(run_)
    run_ = _wait_for_payouts(run_)
    assert run_.finished_at is not None
    return time.perf_counter() - started, (run_.finished_at - run_.started_at).total_seconds()


def _payout_reference(bench: Bench, run_: PayoutRun) -> dict:
    """The hand-made statement ``runs`` times for the same run; its rows must be the awards."""
    payout_reference.prepare()
    runs, rows = [], 0
    try:
        for attempt in range(bench.options.runs):
            started = time.perf_counter()
            rows = payout_reference.run_reference(run=run_)
            runs.append(time.perf_counter() - started)
            bench.log(f"payout reference run {attempt + 1}: {runs[-1]:.2f} s")
    finally:
        payout_reference.drop()
    return {
        "seconds": round(processes.median(runs), 3),
        "runs": [round(r, 3) for r in runs],
        "same_rows": rows == run_.expected_awards,
    }


def _memory(memories: list[processes.Memory]) -> dict:
    return processes.Memory(
        sum(m.processes for m in memories),
        max(m.largest_mib for m in memories),
        sum(m.total_mib for m in memories),
    ).as_dict()


def _wait_for_payouts(run_: PayoutRun, timeout: float = 3600) -> PayoutRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run_.refresh_from_db()
        if run_.status == PayoutRun.Status.FINISHED:
            return run_
        if run_.status in (PayoutRun.Status.FAILED, PayoutRun.Status.STOPPED):
            raise RuntimeError(f"payout run {run_.status}: {run_.last_error}")
        time.sleep(POLL * 4)
    raise RuntimeError("the payout run did not finish within the timeout")


def step_scaleout(bench: Bench) -> None:
    """The scale-out drill (``leagues.bench.scaleout``) once: the season (closed first if the
    payouts step did not run) paid again from an empty ledger while the round of a second
    season, a tenth the size, is published; its pages are the season's page 1 and /healthz."""
    options, season = bench.options, bench.season
    if bench.worker is not None:  # the drill starts its own worker machines
        bench.figures.setdefault("memory", {})["worker"] = bench.worker.stop().as_dict()
        bench.worker = None
    seasons.close_season(season=season)  # nothing if the payouts step closed it
    season.refresh_from_db()
    other = synthetic.build_season(
        drivers=max(100, options.drivers // 10),
        seed=options.seed + 1,
        year=synthetic.YEAR + 1,
        first_number=options.drivers,
        log=bench.log,
    )
    for round_ in other.rounds[:2]:
        synthetic.load_round_results(round_, other.entrants, seed=options.seed + 1)
    standings.close_round(round=other.rounds[0])
    standings.publish_standings(season=other.season)
    user, _ = User.objects.get_or_create(username="bench-payer")
    user.groups.add(Group.objects.get(name=payout_selectors.PAYOUT_GROUP))
    region, league = synthetic.DEEP_RANKING
    scope = {"region": region, "league": league, "tier": "REGIONAL", "scope": region}
    query = urlencode({"season": season.label, **scope})
    bench.figures["scaleout"] = scaleout.run_drill(
        round_=other.rounds[1],
        payout_run=_fresh_run(season, user),
        pages=["/healthz", f"/standings/?{query}&page=1"],
        batch_size=payouts.BATCH_SIZE,
        log=bench.log,
    )
    bench.figures["scaleout"]["publication_drivers"] = len(other.entrants)
