import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from leagues.demo import STEPS
from leagues.models import Season


class Command(BaseCommand):
    help = "Build the deterministic demo data set (seasons, drivers, results, live events)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if a season already exists."
        )
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, if_empty: bool, seed: int, **options):
        if if_empty and Season.objects.exists():
            self.stdout.write("Demo data already loaded; leaving the database as it is.")
            return
        rng = random.Random(seed)
        for path in STEPS:
            step = import_string(path)
            self.stdout.write(f"demo: {path.rsplit('.', 1)[-1].replace('_', ' ')}")
            with transaction.atomic():
                step(rng=rng, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
