"""Scale-out, shown (issue #21): machines die and join while a publication and a payout run.

Two web machines and two worker machines share PostgreSQL and Redis; the worker
machine holding the publication is killed whole, a third one joins
(``leagues.bench.scaleout``, also the benchmark's ``scaleout`` step). And the close
of a round, delivered again while its first delivery still publishes, publishes once.
"""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from leagues import roles
from leagues.bench import holds, processes, scaleout
from leagues.models import Publication
from leagues.services import payouts, seasons
from leagues.tasks import close_round
from leagues.tests.factories import RegistrationFactory, SeasonFactory, UserFactory
from tests.season_data import make_round, published_season, race

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def round_to_close(drivers: int = 40):
    """A running season published after round 1; round 2 raced, not closed."""
    season, registrations = published_season(drivers=drivers, rounds=1)
    round_ = make_round(season, 2)
    for index, registration in enumerate(registrations):
        race(registration, round_, 500 + index)
    return round_, registrations


def payout_to_make(registrations):
    """The same drivers' closed season, its payout run started (not queued)."""
    season = SeasonFactory(year=2023)
    round_ = make_round(season, 1)
    for index, earlier in enumerate(registrations):
        registration = RegistrationFactory(season=season, driver=earlier.driver)
        race(registration, round_, 900 - index)
    from leagues.services.standings import close_round as close

    close(round=round_)
    seasons.close_season(season=season)
    season.refresh_from_db()
    staff = UserFactory(username="payer")
    staff.groups.add(Group.objects.get(name=roles.PAYOUT_STAFF))
    return payouts.start_payout_run(season=season, user=staff)


def test_a_worker_machine_dies_and_another_joins_during_a_publication_and_a_payout_run(
    monkeypatch,
):
    monkeypatch.setenv("DATABASE_URL", processes.database_url())  # every machine on the test db
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")
    round_, registrations = round_to_close()
    run = payout_to_make(registrations)
    query = f"season={round_.season.label}&region=EMEA&league=GT1&tier=REGIONAL&scope=EMEA"

    figures = scaleout.run_drill(
        round_=round_,
        payout_run=run,
        pages=["/healthz", f"/standings/?{query}"],
        batch_size=5,
        log=print,  # shown when the test fails, with the figures
    )
    print(figures)

    assert figures["killed"] in {"worker-1", "worker-2"}
    published = Publication.objects.get(season=round_.season, status="published")
    assert published.rounds_included == [1, 2]
    assert figures["publications_with_round"] == 1
    assert figures["awards"] > 0
    assert figures["ledger_rows"] == figures["ledger_awards"] == figures["awards"]
    assert figures["paid_awards"] == figures["awards"]
    assert figures["page_failures"] == []
    assert all(count > 0 for count in figures["pages_answered_since_the_kill"].values())
    assert set(figures["pages_answered"]) == {"web-1", "web-2"}


def test_a_close_delivered_again_while_the_first_still_publishes_publishes_once():
    round_, _ = round_to_close(drivers=6)
    errors: list[BaseException] = []

    def deliver():
        try:
            close_round(round_.pk)
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    with holds.trigger("leagues_standing", "TRUE", "PERFORM pg_sleep(2)", each="STATEMENT"):
        first = threading.Thread(target=deliver)
        first.start()
        assert holds.someone_asleep_in_a_trigger(), "the first delivery never published"
        again = threading.Thread(target=deliver)  # the broker's second delivery
        again.start()
        first.join(timeout=60)
        again.join(timeout=60)

    assert errors == []
    assert scaleout.publications_with(round_) == 1
    published = Publication.objects.get(season=round_.season, status="published")
    assert published.rounds_included == [1, 2]
