"""The restore drill: a backup taken mid-payout, the database lost, restored, the run resumed.

PostgreSQL, Redis and a real worker (``integration``). The payout job is
stopped halfway by a trigger on the ledger (as in the payout drills), the
backup is taken, every table is dropped, the backup is restored and checked
against its manifest, and resuming the run pays exactly what was missing:
one ledger row per award.
"""

import json
import time

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from leagues.models import PayoutRun, RewardPayout
from leagues.selectors import payouts as selectors
from leagues.services import payouts, seasons
from leagues.services.standings import close_round
from leagues.tasks import queue_payout_run
from leagues.tests.factories import (
    EntrySlotFactory,
    LobbyFactory,
    RaceResultFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    UserFactory,
)
from operations import backups

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BATCH = 20


def closed_season():
    season = SeasonFactory()
    round_ = RoundFactory(season=season, number=1)
    slot = EntrySlotFactory(round=round_)
    registrations = [RegistrationFactory(season=season) for _ in range(60)] + [
        RegistrationFactory(season=season, driver__dr_points=15_000) for _ in range(20)
    ]
    for index, registration in enumerate(registrations):
        RaceResultFactory(
            lobby=LobbyFactory(slot=slot), slot=slot, registration=registration, points=900 - index
        )
    close_round(round=round_)
    seasons.close_season(season=season)
    season.refresh_from_db()
    return season


def stop_the_ledger_at(registration_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION restore_drill() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.registration_id = {int(registration_id)} THEN "
            "RAISE EXCEPTION 'restore drill'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER restore_drill BEFORE INSERT ON leagues_rewardpayout "
            "FOR EACH ROW EXECUTE FUNCTION restore_drill()"
        )


def release_the_ledger() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER restore_drill ON leagues_rewardpayout")
        cursor.execute("DROP FUNCTION restore_drill()")


def wait_for(run, condition, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if condition(run):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run stuck: {run.status} {run.paid_awards}/{run.expected_awards}")


def lose_the_database() -> None:
    """Every table, sequence and function of the database gone, as after losing the server."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()


def test_a_backup_taken_mid_payout_restores_and_the_resumed_run_pays_each_award_once(
    tmp_path, settings, celery_worker_process
):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = default_storage.save("imports/" + "c" * 32 + ".csv", ContentFile(b"season\n"))
    staff = UserFactory(username="payer")
    staff.groups.add(Group.objects.get_or_create(name=selectors.PAYOUT_GROUP)[0])
    season = closed_season()
    final = selectors.final_publication(season)
    assert final is not None
    awarded = sorted(
        final.standings.exclude(medal="").values_list("registration_id", flat=True).distinct()
    )
    stop_the_ledger_at(awarded[len(awarded) // 2])
    run = payouts.start_payout_run(season=season, user=staff)
    queue_payout_run(run, batch_size=BATCH)
    run = wait_for(run, lambda r: r.status == "failed")
    release_the_ledger()
    paid_before = RewardPayout.objects.count()
    assert 0 < paid_before == run.paid_awards < run.expected_awards

    folder = tmp_path / "backup"
    call_command("backup", "--output", str(folder))
    manifest = json.loads((folder / backups.MANIFEST).read_text())
    assert manifest["row_counts"]["leagues_rewardpayout"] == paid_before
    assert manifest["ledgers"]["leagues_rewardpayout"]["rows"] == paid_before
    assert manifest["uploaded_files"] == 1

    with pytest.raises(CommandError, match="already has .* tables; nothing was restored"):
        call_command("restore", str(folder))
    assert RewardPayout.objects.count() == paid_before

    lose_the_database()
    default_storage.delete(upload)
    call_command("restore", str(folder))
    assert default_storage.exists(upload)
    run = PayoutRun.objects.get(pk=run.pk)
    assert (run.status, run.paid_awards) == ("failed", paid_before)
    assert RewardPayout.objects.count() == paid_before

    queue_payout_run(payouts.resume_payout_run(run=run, user=staff), batch_size=BATCH)
    run = wait_for(run, lambda r: r.status == "finished")
    preview = selectors.payout_preview(season=season)
    awards, credits = selectors.ledger_totals(season=season)
    assert (awards, credits) == (preview.awards, preview.credits)
    assert (run.paid_awards, run.paid_credits) == (preview.awards, preview.credits)
    assert RewardPayout.objects.values("registration_id", "tier").distinct().count() == awards


def test_a_restored_database_that_differs_from_its_manifest_is_reported(tmp_path):
    folder = tmp_path / "backup"
    backups.write_backup(folder=folder)
    manifest = json.loads((folder / backups.MANIFEST).read_text())
    manifest["row_counts"]["leagues_country"] += 1
    (folder / backups.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(backups.BackupError, match="leagues_country: .* rows, expected"):
        backups.restore_backup(folder=folder, replace=True)


def test_a_backup_into_a_folder_that_holds_files_is_refused(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", "--output", str(tmp_path))
