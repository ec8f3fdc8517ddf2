"""The benchmark's code path at a tiny scale, so ``make bench`` cannot rot between runs.

The plain test builds a synthetic season on any database and imports a round
through the real service; the integration test runs every step (worker,
reference SQL, gunicorn under wrk, payouts) on PostgreSQL and Redis.
"""

import shutil

import pytest

from leagues.bench import processes, report, runner, synthetic
from leagues.models import Publication, RaceResult, Registration, Round


def test_a_tiny_synthetic_season_is_built_and_its_round_imported(db, tmp_path):
    figures = runner.run(runner.Options(drivers=80, runs=1, steps=("import",), log=lambda _: None))

    assert Registration.objects.count() == 80
    assert Round.objects.filter(status="closed").count() == synthetic.ROUNDS - 1
    assert Publication.objects.get(status="published").rounds_included == [1, 2, 3, 4, 5]
    last = Round.objects.get(number=synthetic.ROUNDS)
    assert RaceResult.objects.filter(slot__round=last).count() == figures["import"]["rows"] > 0
    fifth = figures["import"]["fifth"]  # whole lobbies of the same round, imported first
    assert 0 < fifth["rows"] < figures["import"]["rows"]
    path = tmp_path / "benchmarks.md"
    path.write_text("# Benchmarks\n\nA person's reading.\n")
    report.write(path, figures, command="make bench DRIVERS=80")
    report.write(path, figures, command="make bench DRIVERS=80")
    text = path.read_text()
    assert text.count("<!-- bench:80:start -->") == 1
    assert "A person's reading." in text and "rows/s" in text
    assert "the first fifth of its lobbies" in text


def test_a_failing_step_keeps_the_figures_measured_before_it(db, monkeypatch):
    def fails(bench):
        raise AssertionError("timed out waiting for the payout run")

    monkeypatch.setattr(runner, "step_reference", fails)
    steps = ("import", "reference", "payouts")
    figures = runner.run(runner.Options(drivers=80, runs=1, steps=steps, log=lambda _: None))

    assert figures["import"]["rows"] > 0 and "payouts" not in figures
    assert figures["failed"] == {
        "step": "reference",
        "error": "AssertionError: timed out waiting for the payout run",
    }
    text = report.render(figures, command="make bench DRIVERS=80")
    assert "**Step `reference` failed** (AssertionError: timed out" in text
    assert "rows/s" in text


def test_the_payout_step_is_reported_with_one_worker_two_and_the_reference():
    one = {"seconds": 3.0, "inside": 2.5, "runs": [3.0], "one_row_per_award": True}
    two = {"seconds": 2.0, "inside": 1.5, "runs": [2.0], "one_row_per_award": True}
    figures = {
        "drivers": 80,
        "runs": 1,
        "machine": {"python": "3.11", "django": "5.2", "load_average": [0.5]},
        "started_at": "2035-01-01T00:00:00+00:00",
        "finished_at": "2035-01-01T00:01:00+00:00",
        "payouts": {
            **two,
            "one_worker": one,
            "two_workers": two,
            "speedup": 1.67,
            "reference": {"seconds": 1.4, "runs": [1.4], "same_rows": True},
            "ratio": 1.07,
            "awards": 1234,
            "credits": 1,
            "batch_size": 5000,
        },
    }

    text = report.render(figures, command="make bench DRIVERS=80")

    assert "2.5 s, then **1.5 s** (**1.67×** faster) | faster with two: met" in text
    assert "ratio two workers / reference **1.07×** | ≤ 1.2×: met" in text


@pytest.mark.integration
def test_every_step_runs_on_postgresql_with_a_real_worker_and_gunicorn(
    transactional_db, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", processes.database_url())
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")
    steps = [step for step in runner.STEPS if step not in {"pages", "live"} or shutil.which("wrk")]
    figures = runner.run(
        runner.Options(drivers=300, runs=1, seconds=1, steps=tuple(steps), log=lambda _: None)
    )

    assert "failed" not in figures, figures.get("failed")
    assert figures["reference"]["same"]
    payouts = figures["payouts"]
    assert payouts["one_row_per_award"] and payouts["reference"]["same_rows"]
    assert payouts["one_worker"]["inside"] > 0 and payouts["two_workers"]["inside"] > 0
    assert payouts["ratio"] > 0 and payouts["speedup"] > 0
    assert figures["memory"]["payout workers"]["processes"] >= 4  # two workers and their pools
    assert figures["publish"]["standing_rows"] > 0
    assert figures["publish"]["dump"] >= 0
    assert all(memory["largest_mib"] > 0 for memory in figures["memory"].values())
    if "pages" in steps:
        assert all(page["errors"] == 0 for page in figures["pages"].values())
        assert all(page["first_view_ms"] > 0 for page in figures["pages"].values())
        assert {runner.PROFILE_PAGE, runner.COMPARE_PAGE} <= set(figures["pages"])
    drill = figures["scaleout"]
    assert drill["publications_with_round"] == 1 and drill["page_failures"] == []
    assert drill["ledger_rows"] == drill["ledger_awards"] == drill["awards"] > 0
    if "live" in steps:
        assert all(figures["live"][n]["errors"] == 0 for n in ("32", "256"))
        assert figures["live"]["256"]["requests"] > 0
