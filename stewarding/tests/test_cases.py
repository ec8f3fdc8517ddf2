import datetime as dt

import pytest

from leagues.exceptions import RuleViolation
from leagues.models import StaffAction
from leagues.tests.factories import RegistrationFactory, UserFactory
from stewarding.models import Case, Statement
from stewarding.services.cases import add_statement, file_protest, open_review
from stewarding.tests.lobbies import raced_lobby, steward

pytestmark = pytest.mark.django_db


@pytest.fixture
def raced():
    return raced_lobby()


def protest(raced, by=1, against=0, **kwargs) -> Case:
    values: dict = {"lap": 3, "description": "Divebombed me into turn 1."} | kwargs
    return file_protest(
        user=raced.user(by), lobby=raced.lobby, accused=raced.drivers[against], **values
    )


def test_a_starter_files_a_protest_against_another_starter_and_it_is_audited(raced):
    case = protest(raced, video_url="https://youtu.be/abc")

    assert (case.kind, case.status, case.round, case.lap) == ("protest", "open", raced.round, 3)
    assert case.protester == raced.drivers[1] and case.accused == raced.drivers[0]
    assert StaffAction.objects.filter(action="protest filed", detail__startswith=f"case {case.pk}")


def refused(call, message):
    with pytest.raises(RuleViolation, match=message):
        call()
    assert not Case.objects.exists()


def test_a_protest_after_the_window_is_refused(raced):
    raced.round.status, raced.round.closed_at = "closed", dt.datetime(2024, 4, 20, tzinfo=dt.UTC)
    raced.round.save()
    late = dt.datetime(2024, 4, 21, 0, 0, 1, tzinfo=dt.UTC)
    refused(lambda: protest(raced, now=late), "closed 24 hours after")
    assert protest(raced, now=late - dt.timedelta(seconds=1))


def test_a_protest_by_someone_who_did_not_start_in_the_lobby_is_refused(raced):
    outsider = RegistrationFactory(season=raced.season, driver__user=UserFactory())
    other_lobby = raced_lobby(season=raced.season, label="B")
    for user in (outsider.driver.user, UserFactory(), other_lobby.user(0)):
        refused(
            lambda user=user: file_protest(
                user=user, lobby=raced.lobby, accused=raced.drivers[0], lap=1, description="x"
            ),
            "Only a driver who started in this lobby",
        )


def test_a_protest_against_oneself_or_a_non_starter_is_refused(raced):
    refused(lambda: protest(raced, by=1, against=1), "against yourself")
    other = raced_lobby(season=raced.season, label="B")
    refused(
        lambda: file_protest(
            user=raced.user(1), lobby=raced.lobby, accused=other.drivers[0], lap=1, description="x"
        ),
        "did not start in this lobby",
    )


def test_a_second_protest_against_the_same_driver_in_the_lobby_is_refused(raced):
    protest(raced)
    with pytest.raises(RuleViolation, match="already protested"):
        protest(raced, description="And again.")
    assert Case.objects.count() == 1
    assert protest(raced, by=2)  # another protester may


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": "x" * 2001}, "2001 characters long; at most 2000"),
        ({"description": "   "}, "Write what happened"),
        ({"video_url": "http://youtu.be/abc"}, "https://"),
        ({"video_url": "javascript:alert(1)"}, "https://"),
        ({"lap": 0}, "lap must be between 1 and 10"),
        ({"lap": 11}, "lap must be between 1 and 10"),
    ],
)
def test_a_protest_with_bad_details_is_refused_with_the_reason(raced, changes, message):
    refused(lambda: protest(raced, **changes), message)


def test_no_protest_once_the_season_is_closed(raced):
    raced.season.status = "closed"
    raced.season.save()
    refused(lambda: protest(raced), "is closed")


def test_a_steward_opens_a_review_without_a_protest_and_a_driver_cannot(raced):
    case = open_review(
        steward=steward(), lobby=raced.lobby, accused=raced.drivers[2], lap=2, description="Cut"
    )
    assert case.opened_by is not None
    assert (case.kind, case.protester, case.opened_by.username) == ("review", None, "steward")
    with pytest.raises(RuleViolation, match="Only a steward"):
        open_review(
            steward=raced.user(1),
            lobby=raced.lobby,
            accused=raced.drivers[2],
            lap=2,
            description="x",
        )


def test_the_accused_adds_one_statement_and_nobody_else_may(raced):
    case = protest(raced)
    add_statement(user=raced.user(0), case=case, text="He braked early.")

    with pytest.raises(RuleViolation, match="already given"):
        add_statement(user=raced.user(0), case=case, text="Again.")
    with pytest.raises(RuleViolation, match="Only the driver a case is about"):
        add_statement(user=raced.user(2), case=case, text="I saw it.")
    assert list(Statement.objects.values_list("text", flat=True)) == ["He braked early."]


def test_a_season_with_an_undecided_case_cannot_close_and_the_refusal_lists_it(raced):
    from leagues.services.seasons import advance_season
    from leagues.services.standings import close_round
    from stewarding.services.decisions import decide

    close_round(round=raced.round)
    case = protest(raced)

    with pytest.raises(
        RuleViolation, match=rf"await a decision: Protest #{case.pk} \(round 1, R1A D1\)"
    ):
        advance_season(season=raced.season, to="closed")
    raced.season.refresh_from_db()
    assert raced.season.status == "running"

    decide(steward=steward(), case=case, kind="none", reason="Racing incident.")
    assert advance_season(season=raced.season, to="closed")
