"""A made-up timing feed for the demo: a race run lap by lap from each driver's pace, with
overtakes, pit stops and gaps, as a timing system would post it every few seconds."""

import random
from collections.abc import Iterator, Sequence

from live_events.rules import RunningPosition

# A tick is a slice of a lap: the order changes several times a lap, as on a broadcast.
TICKS_PER_LAP = 4


def running_orders(
    online_ids: Sequence[str], *, laps: int, seed: int = 2024, lap_ms: int = 90_000
) -> Iterator[list[RunningPosition]]:
    """The running order after each tick of a race of ``laps`` laps, then again from the
    start (a replay that never ends while the demo is up)."""
    while True:
        rng = random.Random(seed)
        pace = {key: lap_ms + rng.gauss(0, 450) for key in online_ids}
        elapsed = {key: index * 400.0 for index, key in enumerate(online_ids)}
        best: dict[str, int] = {}
        pits = dict.fromkeys(online_ids, 0)
        pit_lap = {key: rng.randint(max(1, laps // 3), max(1, 2 * laps // 3)) for key in online_ids}
        for tick in range(1, laps * TICKS_PER_LAP + 1):
            lap_done = tick % TICKS_PER_LAP == 0
            for key in online_ids:
                slice_ms = (pace[key] + rng.gauss(0, 700)) / TICKS_PER_LAP
                elapsed[key] += slice_ms
                if lap_done:
                    lap_time = int(slice_ms * TICKS_PER_LAP)
                    best[key] = min(best.get(key, lap_time), lap_time)
                    if tick // TICKS_PER_LAP == pit_lap[key]:
                        elapsed[key] += 22_000 + rng.gauss(0, 800)
                        pits[key] += 1
            laps_done = tick // TICKS_PER_LAP
            order = sorted(online_ids, key=lambda key: elapsed[key])
            leader = elapsed[order[0]]
            yield [
                RunningPosition(
                    key=key,
                    position=position,
                    laps=laps_done,
                    gap_ms=None if position == 1 else int(elapsed[key] - leader),
                    best_lap_ms=best.get(key),
                    pit_stops=pits[key],
                )
                for position, key in enumerate(order, start=1)
            ]
        seed += 1
