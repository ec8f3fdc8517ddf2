import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from leagues.models import Publication, Round, RoundScore
from leagues.services.results import import_results
from leagues.services.standings import close_round, publish_standings
from notifications.services import save_preference
from notifications.tasks import send_case_opened_email
from stewarding.services.cases import file_protest, open_review
from stewarding.services.decisions import decide
from stewarding.tests.lobbies import raced_lobby, steward

pytestmark = pytest.mark.django_db


def export(command: str, season) -> str:
    out = io.StringIO()
    call_command(command, "--season", season.label, stdout=out)
    return out.getvalue()


def review(raced, against: int):
    return open_review(
        steward=steward(f"opener-{raced.lobby.pk}-{against}"),
        lobby=raced.lobby,
        accused=raced.drivers[against],
        lap=2,
        description="Contact.",
    )


@pytest.fixture
def decided(django_capture_on_commit_callbacks):
    """A closed round of two lobbies, published, then a penalty in A and the B winner's DSQ."""
    a = raced_lobby(starters=6, statuses={6: "DNF"}, label="A")
    b = raced_lobby(starters=4, season=a.season, label="B")
    close_round(round=a.round)
    before = publish_standings(season=a.season)
    before_csv = export("export_standings", a.season)
    with django_capture_on_commit_callbacks(execute=True):
        decide(steward=steward(), case=review(a, 0), kind="penalty", places=3, reason="Dive.")
        decide(steward=steward(), case=review(b, 0), kind="dsq", reason="Illegal car.")
    return a, b, before, before_csv


def test_decisions_republish_standings_that_change(decided):
    a, b, before, before_csv = decided
    published = Publication.objects.get(season=a.season, status="published")
    assert published.version == before.version + 2
    after_csv = export("export_standings", a.season)
    assert after_csv != before_csv
    assert ",r1B_d1,0," in after_csv and ",r1B_d2,280," in after_csv


def test_standings_recomputed_from_the_exported_results_alone_equal_the_exported_standings(
    decided,
):
    a, _, _, _ = decided
    results_csv = export("export_results", a.season)
    standings_csv = export("export_standings", a.season)
    assert ",A,r1A_d1,4,FIN," in results_csv and ",B,r1B_d1,4,DSQ," in results_csv

    # Start the round again from nothing but the file: no decisions apply on import.
    RoundScore.objects.filter(round=a.round).delete()
    Round.objects.filter(pk=a.round.pk).update(status="scheduled", closed_at=None)
    report = import_results(results_csv)
    assert report.ok, report.errors
    close_round(round=Round.objects.get(pk=a.round.pk))
    publish_standings(season=a.season)

    assert export("export_standings", a.season) == standings_csv


def test_the_round_page_shows_the_decisions_and_both_orders(client, decided):
    a, b, _, _ = decided
    url = reverse("leagues:round_detail", args=[a.season.label, a.round.number])

    response = client.get(url, {"region": "EMEA", "league": "GT1"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Stewards&#x27; decisions" in body or "Stewards' decisions" in body
    assert "Illegal car." in body and "Dive." in body
    assert "Position penalty" in body and "Disqualification" in body
    assert "Finish" in body
    lobby_a = next(lobby for lobby in response.context["lobbies"] if lobby.label == "A")
    assert lobby_a.reclassified
    order = [
        (r.registration.driver.online_id, r.position, r.finished_at) for r in lobby_a.results.all()
    ]
    assert order[:4] == [("r1A_d2", 1, 2), ("r1A_d3", 2, 3), ("r1A_d4", 3, 4), ("r1A_d1", 4, 1)]


def test_both_drivers_who_opted_in_are_emailed_the_decision(django_capture_on_commit_callbacks):
    raced = raced_lobby()
    for index in (0, 1, 2):
        save_preference(
            driver=raced.drivers[index].driver,
            round_published=False,
            payout_made=False,
            case_decided=index != 2,
            language="en",
        )
    case = file_protest(
        user=raced.user(1), lobby=raced.lobby, accused=raced.drivers[0], lap=1, description="Hit"
    )
    with django_capture_on_commit_callbacks(execute=True):
        decide(steward=steward(), case=case, kind="warning", licence_points=2, reason="Careful.")

    assert sorted(m.to[0] for m in mail.outbox) == ["r1A_d1@example.com", "r1A_d2@example.com"]
    assert "Warning" in mail.outbox[0].subject
    assert "Careful." in mail.outbox[0].body and "2 licence points" in mail.outbox[0].body


def test_the_accused_who_opted_in_is_emailed_once_when_a_case_is_opened(
    django_capture_on_commit_callbacks,
):
    raced = raced_lobby()
    for index in (0, 1):
        save_preference(
            driver=raced.drivers[index].driver,
            round_published=False,
            payout_made=False,
            case_decided=True,
            language="en",
        )
    with django_capture_on_commit_callbacks(execute=True):
        case = file_protest(
            user=raced.user(1), lobby=raced.lobby, accused=raced.drivers[0], lap=3, description="X"
        )

    assert [m.to[0] for m in mail.outbox] == ["r1A_d1@example.com"]
    assert "Protest" in mail.outbox[0].subject and "round 1" in mail.outbox[0].subject
    assert reverse("stewarding:my_case", args=[case.pk]) in mail.outbox[0].body
    assert "lap 3" in mail.outbox[0].body
    # The job delivered twice sends nothing more.
    send_case_opened_email(case_id=case.pk)
    assert len(mail.outbox) == 1


def test_the_accused_who_did_not_opt_in_is_not_emailed_about_a_review(
    django_capture_on_commit_callbacks,
):
    raced = raced_lobby()
    with django_capture_on_commit_callbacks(execute=True):
        open_review(
            steward=steward(), lobby=raced.lobby, accused=raced.drivers[0], lap=2, description="Hm"
        )
    assert mail.outbox == []
