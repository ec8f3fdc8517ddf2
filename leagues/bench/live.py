"""Step 7: the live-timing snapshot that viewers poll, under wrk at 32 and 256 connections.

A live event of the benchmark season gets twelve entrants and a race running now; one
running order is posted through the real service (which caches the snapshot in Redis),
then gunicorn serves ``/live/timing/<session>.json`` to wrk. A viewer's read is a cache
hit: no query.
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from leagues.bench import processes
from leagues.models import RaceServer, Registration
from live_events.models import EventEntry, LiveEvent, Session
from live_events.replay import running_orders
from live_events.services.timing import post_running_order

CONNECTIONS = (32, 256)


def live_race(season) -> Session:
    """A race of a live event of ``season`` running now, its first running order posted."""
    now = timezone.now()
    event = LiveEvent.objects.create(
        season=season,
        name="Bench Live",
        slug=f"bench-live-{season.pk}",
        city="Benchtown",
        venue="Bench Arena",
        starts_on=now.date(),
        ends_on=now.date(),
    )
    drivers = list(
        Registration.objects.filter(season=season)
        .order_by("-dr_points", "pk")
        .values_list("driver_id", "driver__online_id")[:12]
    )
    EventEntry.objects.bulk_create(
        EventEntry(event=event, driver_id=driver_id, number=number)
        for number, (driver_id, _) in enumerate(drivers, start=1)
    )
    race = Session.objects.create(
        event=event,
        order=1,
        kind="race",
        name="Race 1",
        laps=12,
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=2),
    )
    server = RaceServer(name=f"bench-timing-{season.pk}")
    server.set_new_token()
    server.save()
    order = next(running_orders([online_id for _, online_id in drivers], laps=12))
    post_running_order(session=race, server=server, sent_at=now, order=order)
    return race


def step_live(bench) -> None:
    """wrk against the snapshot endpoint at each of ``CONNECTIONS``, ``runs`` times each."""
    options = bench.options
    race = live_race(bench.season)
    path = reverse("live_events:timing_snapshot", args=[race.pk])
    web = processes.Web(workers=options.web_workers)
    web.start()
    figures = {"path": path, "seconds": options.seconds}
    try:
        # Each gunicorn worker imports Django on its first request (seconds): warm them all.
        statuses = {
            processes.http_status(web.base_url, path) for _ in range(3 * options.web_workers)
        }
        figures["statuses"] = sorted(statuses)
        processes.wrk(base_url=web.base_url, paths=[path], connections=32, seconds=3)
        for connections in CONNECTIONS:
            runs = [
                processes.wrk(
                    base_url=web.base_url,
                    paths=[path],
                    connections=connections,
                    seconds=options.seconds,
                )
                for _ in range(options.runs)
            ]
            keys = ("rps", "p50_ms", "p95_ms", "p99_ms")
            row = {key: round(processes.median([r[key] for r in runs]), 2) for key in keys}
            row["errors"] = sum(r["http_errors"] + r["socket_errors"] for r in runs)
            row["requests"] = sum(r["requests"] for r in runs)
            figures[str(connections)] = row
            bench.log(f"live snapshot, {connections} connections: {row}")
    finally:
        bench.figures.setdefault("memory", {})["web (live)"] = web.stop().as_dict()
    figures["gunicorn_workers"] = options.web_workers
    bench.figures["live"] = figures
