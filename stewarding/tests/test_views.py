import pytest
from django.urls import reverse

from leagues.models import StaffAction
from stewarding.models import Case, Decision, Statement
from stewarding.services.cases import file_protest
from stewarding.services.decisions import decide
from stewarding.tests.lobbies import raced_lobby, steward
from tests.test_api import assert_matches

pytestmark = pytest.mark.django_db


@pytest.fixture
def raced():
    return raced_lobby()


def protest_url(raced):
    return reverse("stewarding:protest", args=[raced.season.label, raced.round.number])


def test_a_starter_files_a_protest_from_the_round_page(client, raced):
    client.force_login(raced.user(1))
    round_page = client.get(
        reverse("leagues:round_detail", args=[raced.season.label, raced.round.number])
    )
    assert protest_url(raced) in round_page.content.decode()

    form = client.get(protest_url(raced))
    choices = dict(form.context["form"].fields["against"].choices)
    response = client.post(
        protest_url(raced),
        {
            "against": f"{raced.lobby.pk}:{raced.drivers[0].pk}",
            "lap": 3,
            "description": "Pushed me wide.",
            "video_url": "https://youtu.be/x",
        },
    )

    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "stewarding:my_case", args=[case.pk]
    )
    assert raced.drivers[1].display_name not in str(choices)  # not against oneself
    assert case.accused == raced.drivers[0]


def test_a_refused_protest_shows_the_reason_and_stores_nothing(client, raced):
    client.force_login(raced.user(1))
    response = client.post(
        protest_url(raced),
        {
            "against": f"{raced.lobby.pk}:{raced.drivers[0].pk}",
            "lap": 3,
            "description": "x",
            "video_url": "http://youtu.be/x",
        },
    )
    assert response.status_code == 200
    assert "https://" in " ".join(response.context["form"].non_field_errors())
    assert not Case.objects.exists()


def test_the_season_page_offers_the_protest_to_the_driver_only(client, raced):
    url = reverse(
        "leagues:driver_season", args=[raced.season.label, raced.drivers[1].driver.online_id]
    )
    client.force_login(raced.user(1))
    assert protest_url(raced) in client.get(url).content.decode()
    client.force_login(raced.user(2))
    assert protest_url(raced) not in client.get(url).content.decode()


def test_the_accused_sees_the_case_and_gives_one_statement(client, raced):
    case = file_protest(
        user=raced.user(1), lobby=raced.lobby, accused=raced.drivers[0], lap=1, description="Hit"
    )
    client.force_login(raced.user(0))
    assert f"#{case.pk}" in client.get(reverse("leagues:me")).content.decode()
    url = reverse("stewarding:my_case", args=[case.pk])

    client.post(url, {"text": "He moved under braking."})

    assert Statement.objects.get().text == "He moved under braking."
    assert client.get(url).context["form"] is None
    client.force_login(raced.user(3))
    assert client.get(url).status_code == 404


def test_the_desk_is_for_stewards_only(client, raced):
    client.force_login(raced.user(0))
    assert client.get(reverse("stewarding:desk")).status_code == 403
    client.force_login(steward())
    assert client.get(reverse("stewarding:desk")).status_code == 200


def test_a_steward_decides_on_the_desk_and_it_is_audited(
    client, raced, django_assert_max_num_queries
):
    case = file_protest(
        user=raced.user(1), lobby=raced.lobby, accused=raced.drivers[0], lap=1, description="Hit"
    )
    client.force_login(steward())
    with django_assert_max_num_queries(12):
        desk = client.get(reverse("stewarding:desk"))
    assert f"#{case.pk}" in desk.content.decode()
    url = reverse("stewarding:case", args=[case.pk])
    page = client.get(url)
    assert "Hit" in page.content.decode() and page.context["form"] is not None

    response = client.post(
        url, {"kind": "penalty", "places": 2, "licence_points": 3, "reason": "Late lunge."}
    )

    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.kind, decision.places, decision.licence_points) == ("penalty", 2, 3)
    assert StaffAction.objects.filter(action="steward decision").exists()
    assert client.get(url).context["form"] is None  # decided: no second decision


def test_a_steward_who_is_a_party_gets_no_form_and_a_refusal(client, raced):
    case = file_protest(
        user=raced.user(1), lobby=raced.lobby, accused=raced.drivers[0], lap=1, description="Hit"
    )
    party = raced.user(1)
    party.groups.add(steward("other").groups.get())
    client.force_login(party)
    url = reverse("stewarding:case", args=[case.pk])
    assert client.get(url).context["is_party"]

    response = client.post(url, {"kind": "dsq", "licence_points": 0, "reason": "Mine."})

    assert "another steward decides it" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_steward_opens_a_review_from_the_lobby(client, raced):
    client.force_login(steward())
    response = client.post(
        reverse("stewarding:review", args=[raced.lobby.pk]),
        {"accused": raced.drivers[3].pk, "lap": 2, "description": "Short cut."},
    )
    case = Case.objects.get()
    assert response.status_code == 302 and (case.kind, case.accused) == ("review", raced.drivers[3])


def test_the_api_lists_a_rounds_published_decisions(client, raced):
    case = file_protest(
        user=raced.user(1), lobby=raced.lobby, accused=raced.drivers[0], lap=1, description="Hit"
    )
    decide(steward=steward(), case=case, kind="dsq", licence_points=4, reason="Ramming.")
    path = f"/seasons/{raced.season.label}/rounds/{raced.round.number}/decisions"

    body = assert_matches(
        client.get("/api/v1" + path), "/seasons/{season}/rounds/{number}/decisions"
    )

    (decision,) = body["decisions"]
    assert decision["online_id"] == raced.drivers[0].driver.online_id
    assert (decision["kind"], decision["licence_points"], decision["reason"]) == (
        "dsq",
        4,
        "Ramming.",
    )
    assert client.get("/api/v1/seasons/2024/rounds/99/decisions").status_code == 404
