"""Demo: post the replayed running order of today's live race every few seconds, as a
timing system would, to the site's timing API (``make run`` starts it beside the web)."""

import json
import time
import urllib.error
import urllib.request

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from live_events.demo import timing_feed


class Command(BaseCommand):
    help = "Replay the demo live race's timing feed against a running site (demo data only)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="The site's address.")
        parser.add_argument("--every", type=float, default=3.0, help="Seconds between posts.")
        parser.add_argument("--posts", type=int, default=0, help="Stop after N posts (0: never).")

    def handle(self, *args, url: str, every: float, posts: int, **options):
        try:
            race, _server, token, orders = timing_feed(now=timezone.now())
        except Exception as error:  # noqa: BLE001 - any missing demo piece: say so and stop
            raise CommandError(f"No demo live race to replay ({error}); run load_demo.") from None
        endpoint = (
            f"{url.rstrip('/')}/api/v1/live-events/{race.event.slug}/sessions/{race.order}/timing"
        )
        self.stdout.write(f"Replaying {race} to {endpoint} every {every:g} s.")
        sent = 0
        while not posts or sent < posts:
            order = next(orders)
            body = {
                "sent_at": timezone.now().isoformat(),
                "order": [
                    {
                        "position": row.position,
                        "online_id": row.key,
                        "laps": row.laps,
                        "gap_ms": row.gap_ms,
                        "best_lap_ms": row.best_lap_ms,
                        "pit_stops": row.pit_stops,
                    }
                    for row in order
                ],
            }
            self.stdout.write(
                f"{order[0].key} leads on lap {order[0].laps}: {post(endpoint, token, body)}"
            )
            sent += 1
            time.sleep(every)


def post(endpoint: str, token: str, body: dict) -> str:
    """POST ``body``; the answer's status and message (the site may still be starting)."""
    request = urllib.request.Request(
        endpoint,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own site
            return f"{response.status} {response.read().decode()[:120]}"
    except urllib.error.HTTPError as error:
        return f"{error.code} {error.read().decode()[:200]}"
    except OSError as error:
        return f"not reached ({error})"
