"""Write a run's figures into ``docs/benchmarks.md``, one section per scale.

The section of a scale lies between two markers and is replaced by the next
run at that scale; everything outside the markers (the reading of the
figures, written by a person) is left as it is.
"""

import json
import re
from pathlib import Path

SKELETON = """# Benchmarks

Generated sections below are written by `make bench`; the text around them is not.

<!-- bench:sections -->
"""
GIB = 1024

# The targets of issue #21 (scale) and, for the profile and head to head, #19 (careers).
TARGETS = {
    "ratio": 1.0,
    "payout_ratio": 1.2,
    "memory_mib": GIB,
    "import_rows_per_second": 25_000,
    "import_mib": 300,
    "import_flat": 1.2,  # peak memory of the whole round / of its first fifth
}
# Per page: p95 at 32 clients, and the median first view (a cache miss).
PAGE_TARGETS: dict[str, dict[str, float]] = {
    "find a driver": {"p95_ms": 40},
    "driver's season page": {"p95_ms": 40, "first_view_ms": 15},
    "driver's profile": {"p95_ms": 50},
    "head to head": {"p95_ms": 50},
}


def _markers(drivers: int) -> tuple[str, str]:
    return f"<!-- bench:{drivers}:start -->", f"<!-- bench:{drivers}:end -->"


def write(path: Path, figures: dict, *, command: str) -> None:
    """Insert or replace the section of ``figures['drivers']`` in the document at ``path``."""
    text = path.read_text(encoding="utf-8") if path.exists() else SKELETON
    start, end = _markers(figures["drivers"])
    section = f"{start}\n{render(figures, command=command)}\n{end}"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    elif "<!-- bench:sections -->" in text:
        text = text.replace("<!-- bench:sections -->", f"<!-- bench:sections -->\n\n{section}", 1)
    else:
        text = text.rstrip() + f"\n\n{section}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(figures: dict, *, command: str) -> str:
    m = figures["machine"]
    lines = [
        f"## {figures['drivers']:,} registrations",
        "",
        f"Run {figures['started_at']} → {figures['finished_at']} with `{command}`; "
        f"each figure is the median of {figures['runs']} runs.",
        "",
        f"Machine: {m.get('cpus')} CPUs ({m.get('cpu', '?')}), {m.get('memory_gib', '?')} GiB; "
        f"PostgreSQL {m.get('postgresql', '-')} (shared_buffers {m.get('shared_buffers', '-')}, "
        f"work_mem {m.get('work_mem', '-')}); Python {m['python']}, Django {m['django']}; "
        f"load average at start {m['load_average']} (other jobs share the machine).",
        "",
    ]
    failed = figures.get("failed")
    if failed:
        lines += [
            f"**Step `{failed['step']}` failed** ({failed['error']}): the steps after it did "
            "not run.",
            "",
        ]
    build = figures.get("build", {})
    if build:
        lines += [
            f"Built in {build['seconds']} s: {figures['drivers']:,} drivers and registrations, "
            f"{build['results_loaded']:,} results of rounds 1-5 bulk-loaded (COPY), "
            f"round 6 as a results.csv of {build['round_rows']:,} rows.",
            "",
            "| step | figure | target |",
            "|---|---|---|",
        ]
    if "import" in figures:
        lines += _import_lines(figures["import"])
    if "publish" in figures:
        p = figures["publish"]
        lines.append(
            f"| 2. close round 6 + publish ({p['rankings']:,} rankings, "
            f"{p['standing_rows']:,} rows) through the worker | **{p['total']} s** "
            f"(close {p['close']} s, publish statements {p['publish']} s, the rest is the "
            f"commits' deferred foreign-key checks; runs {p['runs']}) | — |"
        )
        if "dump" in p:
            lines.append(
                f"| 2b. then the public data dump (four CSV files, zipped) by the worker | "
                f"{p['dump']} s (not in step 2; the pages below wait for it) | — |"
            )
    if "reference" in figures:
        r = figures["reference"]
        ratio = r.get("ratio")
        lines.append(
            f"| 3. the same as one hand-made SQL statement | {r['seconds']} s "
            f"(runs {r['runs']}; same rows: {'yes' if r['same'] else '**no**'}) | — |"
        )
        if ratio is not None:
            lines.append(
                f"| ratio ours / reference | **{ratio}×** ({r['ratio_inside_worker']}× "
                f"before the commits) | ≤ {TARGETS['ratio']}×: {_mark(ratio <= TARGETS['ratio'])} |"
            )
    if "payouts" in figures:
        lines += _payout_lines(figures["payouts"])
    lines.append("")
    if "pages" in figures:
        setup, scope = figures["pages_setup"], figures["pages_scope"]
        lines += [
            f"4. Pages: gunicorn with {setup['gunicorn_workers']} sync workers, `DEBUG=0`; "
            f"wrk with {setup['connections']} connections for {setup['seconds']} s per run. "
            f"Ranking: {scope['ranking']}, {scope['ranked']:,} ranked. "
            "Find and driver pages pick one of 1,000 drivers at random per request. "
            "*First view*: one request at a time to pages not yet asked for (a cache miss: "
            "the page is rendered), the median and the slowest of up to 30.",
            "",
            "| page | requests/s | p50 ms | p95 ms | p99 ms | errors | first view ms "
            "(slowest) | target |",
            "|---|---|---|---|---|---|---|---|",
        ]
        pages = figures["pages"]
        baseline = pages.get("healthz (trivial view)", {}).get("rps", 0)
        for name, page in pages.items():
            if "failed" in page:
                lines.append(f"| {name} | — | — | — | — | {page['failed']} | — | **missed** |")
                continue
            target = "baseline"
            if not page["requests"]:
                target = "**missed**: no response within a run"
            elif name.startswith("standings page"):
                target = f"≥ ½ trivial view: {_mark(page['rps'] >= baseline / 2)}"
            elif not name.startswith("healthz"):
                target = _page_target(name, page)
            first = "—"
            if "first_view_ms" in page:
                first = f"{page['first_view_ms']} ({page['first_view_max_ms']})"
            lines.append(
                f"| {name} | {page['rps']:,} | {page['p50_ms']} | {page['p95_ms']} | "
                f"{page['p99_ms']} | {page['errors']} | {first} | {target} |"
            )
        lines.append("")
    if "live" in figures:
        live = figures["live"]
        lines += [
            f"7. Live timing: the snapshot viewers poll (`{live['path']}`, a cache hit, no "
            f"query), gunicorn with {live['gunicorn_workers']} sync workers, wrk for "
            f"{live['seconds']} s per run.",
            "",
            "| connections | requests/s | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---|---|---|---|---|",
        ]
        for connections in ("32", "256"):
            row = live.get(connections)
            if row:
                lines.append(
                    f"| {connections} | {row['rps']:,} | {row['p50_ms']} | {row['p95_ms']} | "
                    f"{row['p99_ms']} | {row['errors']} |"
                )
        lines.append("")
    if "memory" in figures:
        lines += ["6. Peak memory (VmHWM):", "", "| processes | largest | all together | target |"]
        lines.append("|---|---|---|---|")
        for name, memory in figures["memory"].items():
            limit = TARGETS["import_mib"] if name == "import" else TARGETS["memory_mib"]
            ok = memory["largest_mib"] <= limit
            lines.append(
                f"| {name} ({memory['processes']} processes) | {memory['largest_mib']} MiB | "
                f"{memory['total_mib']} MiB | ≤ {limit:,} MiB each: {_mark(ok)} |"
            )
        lines.append("")
    lines += [
        "<details><summary>raw figures</summary>",
        "",
        "```json",
        json.dumps(figures, indent=1, default=str),
        "```",
        "</details>",
    ]
    return "\n".join(lines)


def _page_target(name: str, page: dict) -> str:
    """The page's targets with met or missed, or "—" for a page without one."""
    wanted = next((t for prefix, t in PAGE_TARGETS.items() if name.startswith(prefix)), {})
    marks = []
    if "p95_ms" in wanted:
        marks.append(f"p95 ≤ {wanted['p95_ms']:g} ms: {_mark(page['p95_ms'] <= wanted['p95_ms'])}")
    if "first_view_ms" in wanted and "first_view_ms" in page:
        ok = page["first_view_ms"] <= wanted["first_view_ms"]
        marks.append(f"first view ≤ {wanted['first_view_ms']:g} ms: {_mark(ok)}")
    return "; ".join(marks) or "—"


def _import_lines(i: dict) -> list[str]:
    """Step 1's rows: the whole round against its targets, and its first fifth (flatness)."""
    fast = i["rows_per_second"] >= TARGETS["import_rows_per_second"]
    lean = i["peak_mib"] <= TARGETS["import_mib"]
    lines = [
        f"| 1. import one round ({i['rows']:,} rows, `import_results`) | "
        f"{i['seconds']} s, **{i['rows_per_second']:,} rows/s**, peak {i['peak_mib']} MiB "
        f"(runs {i['runs']}) | ≥ {TARGETS['import_rows_per_second']:,} rows/s: {_mark(fast)}; "
        f"≤ {TARGETS['import_mib']} MiB: {_mark(lean)} |"
    ]
    fifth = i.get("fifth")
    if fifth:  # runs from before the import was measured at two sizes have none
        growth = i["peak_mib"] / fifth["peak_mib"] if fifth["peak_mib"] else 0
        flat = 0 < growth <= TARGETS["import_flat"]
        lines.append(
            f"| 1b. the first fifth of its lobbies ({fifth['rows']:,} rows) | "
            f"{fifth['seconds']} s, {fifth['rows_per_second']:,} rows/s, peak "
            f"{fifth['peak_mib']} MiB; the whole round holds **{growth:.2f}×** its memory | "
            f"flat (≤ {TARGETS['import_flat']}×): {_mark(flat)} |"
        )
    return lines


def _payout_lines(p: dict) -> list[str]:
    """Step 5's rows: the run with two workers and with one, and the hand-made statement."""
    lines = [
        f"| 5. payout run, whole season ({p['awards']:,} awards) | **{p['seconds']} s** "
        f"(runs {p['runs']}); one ledger row per award: "
        f"{'yes' if p['one_row_per_award'] else '**no**'} | exactly one: "
        f"{_mark(p['one_row_per_award'])} |"
    ]
    if "reference" not in p:  # figures of a run from before the payouts fanned out
        return lines
    one, two, reference = p["one_worker"], p["two_workers"], p["reference"]
    faster = p["speedup"] is not None and p["speedup"] > 1
    lines.append(
        f"| payout run in the worker: one worker, then two (batches of {p['batch_size']:,}) "
        f"| {one['inside']} s, then **{two['inside']} s** (**{p['speedup']}×** faster) "
        f"| faster with two: {_mark(faster)} |"
    )
    if p["ratio"] is not None:
        target = TARGETS["payout_ratio"]
        lines.append(
            f"| payout reference: one INSERT … SELECT into a copy of the ledger (same "
            f"constraints and foreign keys, same run) | {reference['seconds']} s "
            f"(runs {reference['runs']}; same rows: "
            f"{'yes' if reference['same_rows'] else '**no**'}); ratio two workers / reference "
            f"**{p['ratio']}×** | ≤ {target}×: {_mark(p['ratio'] <= target)} |"
        )
    return lines
