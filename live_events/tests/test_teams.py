"""National teams of a team-format season: formation, refusals, results and the admin."""

import datetime as dt
import threading
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from leagues import roles
from leagues.exceptions import RuleViolation
from leagues.models import Season
from leagues.tests.factories import (
    CountryFactory,
    DriverFactory,
    RegistrationFactory,
    SeasonFactory,
    UserFactory,
)
from live_events import admin as live_admin
from live_events import rules
from live_events.models import EventEntry, Finalist, LiveSeasonSettings, NationalTeam, TeamMember
from live_events.selectors.history import live_hall_of_fame
from live_events.selectors.pages import championship, event_page
from live_events.services.events import enter_finalists
from live_events.services.finalists import (
    add_finalist_by_hand,
    decline_finalist,
    propose_finalists,
)
from live_events.services.teams import change_team, form_team
from live_events.tests.factories import (
    LiveEventFactory,
    event_with_entrants,
    finalists_of,
    publish_regional_standings,
    run_session,
    team_season,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def france():
    return CountryFactory(code="FR", name="France", region="EMEA")


@pytest.fixture
def japan():
    return CountryFactory(code="JP", name="Japan", region="ASIA")


def refusal(**kwargs) -> list[str]:
    with pytest.raises(RuleViolation) as refused:
        form_team(**kwargs)
    return refused.value.messages


# --- The rule ---------------------------------------------------------------------------------


def candidate(key, nation="FR", other_team=""):
    return rules.TeamCandidate(key=key, label=key.upper(), nation=nation, other_team=other_team)


def errors(members, **kwargs):
    arguments: dict[str, Any] = {"team_season": True, "size": 3, "name": "Bleus", "nation": "FR"}
    return rules.team_formation_errors(nation_label="France", members=members, **arguments | kwargs)


def test_three_distinct_finalists_of_the_nation_make_a_team():
    assert errors([candidate("a"), candidate("b"), candidate("c")]) == []


def test_the_rule_names_every_reason_a_team_is_refused():
    assert errors([], team_season=False) == [
        "The season's live events are individual: set the team format to form teams."
    ]
    assert errors([candidate("a"), candidate("b")]) == ["A team has 3 drivers; 2 are named."]
    assert errors([candidate("a"), candidate("a"), candidate("b")]) == [
        "A driver is named twice.",
        "A team has 3 drivers; 2 are named.",
    ]
    members = [candidate("a", nation="JP"), candidate("b", nation=None), candidate("c", "FR", "X")]
    assert errors(members, name=" ") == [
        "Give the team a name.",
        "A races for another nation than France.",
        "B is not an eligible finalist of the season.",
        "C is already in the team X.",
    ]
    trio = [candidate("a"), candidate("b"), candidate("c")]
    assert errors(trio, names_taken=["bleus"], nations_taken=["FR"]) == [
        "Another team of the season is already called Bleus.",
        "France already has a team this season.",
    ]


# --- Forming a team ---------------------------------------------------------------------------


def test_a_nation_forms_its_team_from_its_finalists(france):
    season = team_season()
    drivers = finalists_of(season, france, 3)

    team = form_team(season=season, country=france, name=" Les Bleus ", drivers=drivers)

    assert team.name == "Les Bleus"
    assert set(team.members.values_list("driver", flat=True)) == {d.pk for d in drivers}
    assert set(TeamMember.objects.values_list("season", flat=True)) == {season.pk}


def test_a_team_of_the_wrong_size_is_refused_and_nothing_is_written(france):
    season = team_season()
    drivers = finalists_of(season, france, 4)
    for named in (drivers[:2], drivers):
        messages = refusal(season=season, country=france, name="Bleus", drivers=named)
        assert messages == [f"A team has 3 drivers; {len(named)} are named."]
    assert not NationalTeam.objects.exists() and not TeamMember.objects.exists()


def test_a_driver_of_another_nation_is_refused(france, japan):
    season = team_season()
    drivers = finalists_of(season, france, 2) + finalists_of(season, japan, 1)
    assert refusal(season=season, country=france, name="Bleus", drivers=drivers) == [
        f"{drivers[2].display_name} races for another nation than France."
    ]


def test_a_driver_who_is_not_an_eligible_finalist_is_refused(france):
    season = team_season()
    alternate = finalists_of(season, france, 1, status="ALTERNATE")[0]
    stranger = DriverFactory(secondary_area__main_area__country=france)
    drivers = finalists_of(season, france, 1) + [alternate, stranger]
    assert refusal(season=season, country=france, name="Bleus", drivers=drivers) == [
        f"{alternate.display_name} is not an eligible finalist of the season.",
        f"{stranger.display_name} is not an eligible finalist of the season.",
    ]


def test_a_finalist_of_another_season_is_not_eligible(france):
    season, other = team_season(), team_season(SeasonFactory(year=2023))
    drivers = finalists_of(other, france, 3)
    messages = refusal(season=season, country=france, name="Bleus", drivers=drivers)
    assert len(messages) == 3 and all("not an eligible finalist" in m for m in messages)


def test_a_driver_already_in_a_team_is_refused(france):
    season = team_season(team_size=2)
    first, second = finalists_of(season, france, 2), finalists_of(season, france, 1)
    form_team(season=season, country=france, name="Bleus", drivers=first)
    other = CountryFactory(code="MC", name="Monaco", region="EMEA")
    assert refusal(season=season, country=france, name="Rouges", drivers=[first[0], *second]) == [
        "France already has a team this season.",
        f"{first[0].display_name} is already in the team Bleus.",
    ]
    monegasque = finalists_of(season, other, 1)
    assert refusal(season=season, country=other, name="Rouges", drivers=[first[0], *monegasque])[
        -1
    ] == (f"{first[0].display_name} is already in the team Bleus.")


def test_a_team_name_or_a_nation_is_the_seasons_only_once(france, japan):
    season = team_season(team_size=1)
    form_team(
        season=season, country=france, name="Samurai", drivers=finalists_of(season, france, 1)
    )
    assert refusal(
        season=season, country=japan, name="SAMURAI", drivers=finalists_of(season, japan, 1)
    ) == ["Another team of the season is already called SAMURAI."]
    assert refusal(
        season=season, country=france, name="Bleus", drivers=finalists_of(season, france, 1)
    ) == ["France already has a team this season."]
    # Another season may use the name and the nation again.
    other = team_season(SeasonFactory(year=2023), team_size=1)
    form_team(season=other, country=france, name="Samurai", drivers=finalists_of(other, france, 1))


def test_an_individual_season_forms_no_team(france):
    season = SeasonFactory()
    drivers = finalists_of(season, france, 3)
    assert refusal(season=season, country=france, name="Bleus", drivers=drivers) == [
        "The season's live events are individual: set the team format to form teams."
    ]


def test_a_team_keeps_its_drivers_when_renamed_and_may_swap_one(france):
    season = team_season()
    drivers = finalists_of(season, france, 4)
    team = form_team(season=season, country=france, name="Bleus", drivers=drivers[:3])

    change_team(team=team, country=france, name="Les Bleus", drivers=[*drivers[1:]])

    team.refresh_from_db()
    assert team.name == "Les Bleus"
    assert set(team.members.values_list("driver", flat=True)) == {d.pk for d in drivers[1:]}


# --- Results ----------------------------------------------------------------------------------


def two_teams_racing(france, japan, *, kind="round", season=None):
    """Teams of two (France a, b; Japan c, d) entered in one event of a team season."""
    season = season or team_season(team_size=2)
    a, b = finalists_of(season, france, 2)
    c, d = finalists_of(season, japan, 2)
    bleus = form_team(season=season, country=france, name="Les Bleus", drivers=[a, b])
    samurai = form_team(season=season, country=japan, name="Samurai Blue", drivers=[c, d])
    event, _ = event_with_entrants(0, kind=kind, races=1, season=season)
    for number, driver in enumerate((a, b, c, d), start=1):
        EventEntry.objects.create(event=event, driver=driver, number=number)
    return event, (a, b, c, d), (bleus, samurai)


def test_the_event_and_championship_rank_the_teams_by_their_drivers_points(client, france, japan):
    event, (a, b, c, d), (bleus, samurai) = two_teams_racing(france, japan)
    qualifying, race = event.sessions.order_by("order")
    run_session(qualifying, [a, b, c, d])
    run_session(race, [c, a, d, b])  # Samurai 6 + 4, Bleus 5 + 3

    rows = event_page(event).team_rows
    assert [(row.rank, row.team, row.total) for row in rows] == [(1, samurai, 10), (2, bleus, 8)]
    assert set(rows[0].drivers) == {c, d}
    assert [(row.team, row.total) for row in championship(event.season).team_rows] == [
        (samurai, 10),
        (bleus, 8),
    ]
    for url in (
        event.get_absolute_url(),
        reverse("live_events:championship", args=[event.season.label]),
    ):
        body = client.get(url).content.decode()
        assert "Team results" in body
        assert body.index("Samurai Blue") < body.index("Les Bleus")


def test_an_individual_season_shows_no_team_results(client):
    event, (a, b) = event_with_entrants(2, races=1)
    run_session(event.sessions.get(order=2), [a, b])
    assert event_page(event).team_rows == []
    assert "Team results" not in client.get(event.get_absolute_url()).content.decode()


def test_the_world_final_winning_team_takes_the_nations_title(client, france, japan):
    final, (a, b, c, d), (bleus, samurai) = two_teams_racing(france, japan, kind="world_final")
    run_session(final.sessions.get(order=2), [a, c, b, d])  # the Grand Final counts double

    titles = live_hall_of_fame().team_titles
    assert [(t.season, t.team, t.total) for t in titles] == [(final.season, bleus, 2 * (12 + 8))]
    body = client.get(reverse("leagues:hall_of_fame")).content.decode()
    section = body[body.index('id="teams-title"') :]
    assert "Les Bleus" in section[: section.index("</section>")]


def test_equal_world_final_team_totals_are_split_by_the_best_grand_final_finish(france, japan):
    final, (a, b, c, d), (bleus, samurai) = two_teams_racing(france, japan, kind="world_final")
    LiveSeasonSettings.objects.filter(season=final.season).update(final_points=[4, 3, 2, 1])
    run_session(final.sessions.get(order=2), [c, a, b, d])  # Samurai 8 + 2, Bleus 6 + 4

    rows = championship(Season.objects.get(pk=final.season_id)).final_team_rows
    assert [(row.rank, row.team, row.total) for row in rows] == [(1, samurai, 10), (2, bleus, 10)]
    assert [t.team for t in live_hall_of_fame().team_titles] == [samurai]


def test_the_api_gives_the_teams_of_a_team_season_and_null_otherwise(client, france, japan):
    event, (a, b, c, d), _ = two_teams_racing(france, japan)
    run_session(event.sessions.get(order=2), [c, a, d, b])

    body = client.get(f"/api/v1/live-events/{event.slug}").json()
    assert body["format"] == "team"
    assert body["teams"] == [
        {
            "rank": 1,
            "name": "Samurai Blue",
            "country": "JP",
            "points": 10,
            "drivers": sorted([c.online_id, d.online_id]),
        },
        {
            "rank": 2,
            "name": "Les Bleus",
            "country": "FR",
            "points": 8,
            "drivers": sorted([a.online_id, b.online_id]),
        },
    ]
    individual, _ = event_with_entrants(1, races=1, season=SeasonFactory(year=2022))
    body = client.get(f"/api/v1/live-events/{individual.slug}").json()
    assert body["teams"] is None and body["format"] == "individual"


# --- The admin --------------------------------------------------------------------------------


@pytest.fixture
def organiser(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ORGANISER))
    client.force_login(user)
    return user


def test_an_organiser_forms_a_team_in_the_admin_and_sees_a_refusal_s_reason(
    client, organiser, france, japan
):
    season = team_season()
    drivers = finalists_of(season, france, 2) + finalists_of(season, japan, 1)
    url = reverse("admin:live_events_nationalteam_add")
    data = {
        "season": season.pk,
        "country": france.pk,
        "name": "Les Bleus",
        "drivers": [d.pk for d in drivers],
    }

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert f"{drivers[2].display_name} races for another nation than France." in (
        refused.content.decode()
    )
    assert not NationalTeam.objects.exists()

    data["drivers"] = [d.pk for d in drivers[:2] + finalists_of(season, france, 1)]
    assert client.post(url, data).status_code == 302
    team = NationalTeam.objects.get()
    assert team.members.count() == 3

    change = reverse("admin:live_events_nationalteam_change", args=[team.pk])
    assert client.get(change).status_code == 200
    edited = {**data, "name": "Bleus"}
    del edited["season"]
    assert client.post(change, edited).status_code == 302
    team.refresh_from_db()
    assert team.name == "Bleus" and team.members.count() == 3
    listing = client.get(reverse("admin:live_events_nationalteam_changelist"))
    assert drivers[0].display_name in listing.content.decode()


def test_a_driver_taken_by_another_organiser_between_the_check_and_the_save_is_a_form_error(
    client, organiser, france, monkeypatch
):
    season = team_season(team_size=2)
    shared, partner, other = finalists_of(season, france, 3)
    url = reverse("admin:live_events_nationalteam_add")
    data = {"season": season.pk, "country": france.pk, "name": "Les Bleus"}
    # The form's check passes; by the save another organiser has taken ``shared``.
    monkeypatch.setattr(live_admin.teams, "check_team", lambda **kwargs: None)
    monaco = CountryFactory(code="MC", name="Monaco", region="EMEA")
    rival = NationalTeam.objects.create(season=season, country=monaco, name="Rouges")
    TeamMember.objects.create(team=rival, season=season, driver=shared)

    refused = client.post(url, {**data, "drivers": [shared.pk, partner.pk]})

    assert refused.status_code == 200
    assert f"{shared.display_name} is already in the team Rouges." in refused.content.decode()
    assert list(NationalTeam.objects.values_list("name", flat=True)) == ["Rouges"]
    assert TeamMember.objects.count() == 1

    bleus = form_team(season=season, country=france, name="Les Bleus", drivers=[partner, other])
    change = reverse("admin:live_events_nationalteam_change", args=[bleus.pk])
    refused = client.post(change, {**data, "name": "Bleus", "drivers": [shared.pk, partner.pk]})

    assert refused.status_code == 200
    assert f"{shared.display_name} is already in the team Rouges." in refused.content.decode()
    bleus.refresh_from_db()
    assert bleus.name == "Les Bleus"
    assert set(bleus.members.values_list("driver", flat=True)) == {partner.pk, other.pk}


# --- Two organisers at once (PostgreSQL) ------------------------------------------------------


@pytest.mark.integration  # PostgreSQL: skipped on SQLite, as every integration test
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_formations_claiming_one_driver_one_wins_the_other_is_refused(france):
    season = team_season(team_size=2)
    shared, first, second = finalists_of(season, france, 3)
    barrier = threading.Barrier(2)
    outcomes: list = []

    def claim(name, partner):
        try:
            barrier.wait()
            outcomes.append(
                form_team(season=season, country=france, name=name, drivers=[shared, partner])
            )
        except RuleViolation as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=claim, args=("Bleus", first)),
        threading.Thread(target=claim, args=("Tricolores", second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    teams = [o for o in outcomes if isinstance(o, NationalTeam)]
    refusals = [o for o in outcomes if isinstance(o, RuleViolation)]
    assert len(teams) == 1 and len(refusals) == 1
    assert any("already" in message for message in refusals[0].messages)
    assert list(NationalTeam.objects.values_list("name", flat=True)) == [teams[0].name]
    assert TeamMember.objects.count() == 2
    assert TeamMember.objects.filter(driver=shared).count() == 1


def test_the_unique_member_constraint_holds_a_driver_to_one_team_per_season(france):
    season = team_season(team_size=1)
    (driver,) = finalists_of(season, france, 1)
    team = form_team(season=season, country=france, name="Bleus", drivers=[driver])
    other = NationalTeam.objects.create(season=season, country=CountryFactory(code="MC"), name="X")

    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(team=other, season=season, driver=driver)
    assert team.members.count() == 1


def test_the_api_championship_ranks_the_drivers_and_in_a_team_season_the_teams(
    client, france, japan
):
    event, (a, b, c, d), _ = two_teams_racing(france, japan)
    run_session(event.sessions.get(order=2), [c, a, d, b])

    body = client.get(f"/api/v1/seasons/{event.season.label}/live-championship").json()

    assert body["format"] == "team"
    assert [(row["online_id"], row["points"]) for row in body["rows"]] == [
        (c.online_id, 6),
        (a.online_id, 5),
        (d.online_id, 4),
        (b.online_id, 3),
    ]
    assert [(t["name"], t["points"]) for t in body["teams"]] == [
        ("Samurai Blue", 10),
        ("Les Bleus", 8),
    ]
    assert body["final"] == [] and body["final_teams"] == []
    individual = SeasonFactory(year=2022)
    body = client.get(f"/api/v1/seasons/{individual.label}/live-championship").json()
    assert body["teams"] is None and body["final_teams"] is None


# --- Entering an event ------------------------------------------------------------------------


def confirmed_finalists_of(season, country, n: int) -> list:
    """``n`` registered GT1 finalists of ``country`` in a season whose list is confirmed."""
    drivers = finalists_of(season, country, n)
    for driver in drivers:
        RegistrationFactory(season=season, driver=driver, dr_points=50_000)
    LiveSeasonSettings.objects.get_or_create(season=season)
    LiveSeasonSettings.objects.filter(season=season).update(finalists_confirmed_at=timezone.now())
    return drivers


def entered(event) -> set[int]:
    return set(event.entries.values_list("driver_id", flat=True))


def test_an_individual_season_enters_every_selected_finalist(france):
    season = SeasonFactory()
    drivers = confirmed_finalists_of(season, france, 3)
    event = LiveEventFactory(season=season)

    enter_finalists(event=event)

    assert entered(event) == {d.pk for d in drivers}


def test_a_team_season_enters_exactly_the_drivers_of_its_complete_teams(france, japan):
    season = team_season(team_size=2)
    a, b, spare = confirmed_finalists_of(season, france, 3)
    c, d = confirmed_finalists_of(season, japan, 2)
    form_team(season=season, country=france, name="Les Bleus", drivers=[a, b])
    form_team(season=season, country=japan, name="Samurai Blue", drivers=[c, d])
    event = LiveEventFactory(season=season)

    enter_finalists(event=event)

    assert entered(event) == {a.pk, b.pk, c.pk, d.pk}
    assert spare.pk not in entered(event)


def test_a_team_season_without_a_complete_team_enters_nobody(france):
    season = team_season(team_size=2)
    a, b = confirmed_finalists_of(season, france, 2)
    event = LiveEventFactory(season=season)

    with pytest.raises(RuleViolation) as refused:
        enter_finalists(event=event)
    assert refused.value.messages == [
        f"The {season} races in national teams of 2 and has no complete team yet: "
        "form the teams before entering them in an event."
    ]

    form_team(season=season, country=france, name="Les Bleus", drivers=[a, b])
    LiveSeasonSettings.objects.filter(season=season).update(team_size=3)  # the team is short
    with pytest.raises(RuleViolation):
        enter_finalists(event=event)
    assert not event.entries.exists()


# --- A team's driver leaving the finalists ----------------------------------------------------


@pytest.fixture
def team_of_finalists():
    """A team season of two-driver teams whose French finalists (and a German) are proposed
    from the standings; France's two finalists form Les Bleus."""
    season = SeasonFactory()
    LiveSeasonSettings.objects.create(
        season=season,
        finalists=3,
        region_quotas={"EMEA": 3},
        max_per_country=2,
        format="team",
        team_size=2,
    )
    LiveEventFactory(season=season, starts_on=dt.date(2024, 7, 1))
    france = CountryFactory(code="FR", name="France", region="EMEA")
    registrations = [
        RegistrationFactory(
            season=season,
            driver=DriverFactory(secondary_area__main_area__country=country),
            dr_points=50_000,
        )
        for country in (france, france, CountryFactory(code="DE", region="EMEA"))
    ]
    publish_regional_standings(season, {"EMEA": registrations})
    propose_finalists(season=season)
    first, second, german = (r.driver for r in registrations)
    form_team(season=season, country=france, name="Les Bleus", drivers=[first, second])
    return season, first, second, german


def finalist_statuses(season) -> dict[int, tuple[str, bool]]:
    return {f.driver_id: (f.status, f.declined) for f in Finalist.objects.filter(season=season)}


def test_a_team_driver_declining_is_refused_naming_the_team_and_nothing_changes(
    team_of_finalists,
):
    season, first, _, _ = team_of_finalists
    before = finalist_statuses(season)

    with pytest.raises(RuleViolation) as refused:
        decline_finalist(finalist=Finalist.objects.get(season=season, driver=first))

    assert refused.value.messages == [
        f"{first.display_name} would no longer be a finalist but races in the national team "
        "Les Bleus (France): change the team first."
    ]
    assert finalist_statuses(season) == before
    assert TeamMember.objects.filter(driver=first).exists()


def test_a_driver_added_by_hand_may_not_push_a_team_driver_to_alternate(team_of_finalists):
    season, first, second, german = team_of_finalists
    champion = RegistrationFactory(
        season=season, driver=DriverFactory(secondary_area__main_area__country=first.country)
    ).driver

    with pytest.raises(RuleViolation) as refused:
        add_finalist_by_hand(season=season, driver=champion, source="champion", note="Champion")

    assert "national team Les Bleus (France)" in " ".join(refused.value.messages)
    assert not Finalist.objects.filter(driver=champion).exists()


def test_a_finalist_in_no_team_still_declines_and_once_the_team_is_gone_so_may_its_driver(
    team_of_finalists,
):
    season, first, second, german = team_of_finalists

    decline_finalist(finalist=Finalist.objects.get(season=season, driver=german))

    assert finalist_statuses(season)[german.pk] == ("DECLINED", True)
    (team,) = NationalTeam.objects.all()
    team.delete()
    decline_finalist(finalist=Finalist.objects.get(season=season, driver=first))
    assert finalist_statuses(season)[first.pk] == ("DECLINED", True)
