"""``manage.py bench``: build a synthetic season on a dedicated database and measure it.

It drops and recreates the database of ``DATABASE_URL`` (its name must
contain "bench", so a real database is never touched), migrates it, runs the
steps of ``leagues.bench.runner`` and writes ``docs/benchmarks.md``.
"""

import shlex
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from leagues.bench import report, runner


class Command(BaseCommand):
    help = "Benchmark a synthetic season on PostgreSQL and Redis; writes docs/benchmarks.md."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--drivers", type=int, default=200_000)
        parser.add_argument("--runs", type=int, default=3, help="Runs per figure (the median).")
        parser.add_argument("--seconds", type=int, default=20, help="Load per page and run.")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--web-workers", type=int, default=4)
        parser.add_argument("--steps", default=",".join(runner.STEPS))
        parser.add_argument(
            "--output", default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md")
        )
        parser.add_argument(
            "--keep-database", action="store_true", help="Do not drop and recreate the database."
        )

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        if connection.vendor != "postgresql" or not settings.REDIS_URL:
            raise CommandError("The benchmark needs DATABASE_URL=postgres://… and REDIS_URL.")
        if "bench" not in database["NAME"]:
            raise CommandError(
                f"The benchmark drops its database; {database['NAME']!r} does not look like a "
                "benchmark database (its name must contain 'bench')."
            )
        steps = tuple(step for step in options["steps"].split(",") if step)
        unknown = set(steps) - set(runner.STEPS)
        if unknown:
            raise CommandError(f"Unknown step(s) {', '.join(sorted(unknown))}.")
        if not options["keep_database"]:
            self._recreate(database)
        call_command("migrate", verbosity=0)
        figures = runner.run(
            runner.Options(
                drivers=options["drivers"],
                runs=options["runs"],
                seconds=options["seconds"],
                connections=options["connections"],
                web_workers=options["web_workers"],
                steps=steps,
                log=lambda line: self.stdout.write(line),
            )
        )
        command = "make bench DRIVERS=" + str(options["drivers"])
        if sys.argv[1:2] == ["bench"]:
            command = "manage.py " + shlex.join(sys.argv[1:])
        report.write(Path(options["output"]), figures, command=command)
        failed = figures.get("failed")
        if failed:
            raise CommandError(
                f"Step {failed['step']} failed ({failed['error']}); wrote the figures measured "
                f"before it to {options['output']}."
            )
        self.stdout.write(self.style.SUCCESS(f"Wrote {options['output']}"))

    def _recreate(self, database: Mapping[str, Any]) -> None:
        """Drop and create the benchmark database, connected to the server's ``postgres`` one."""
        connection.close()
        with psycopg.connect(
            dbname="postgres",
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            autocommit=True,
        ) as admin:
            name = sql.Identifier(database["NAME"])
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
