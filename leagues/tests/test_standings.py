import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from leagues import csvfiles
from leagues.models import Lobby, Publication, RaceResult, RankingSummary, RoundRank, Standing
from leagues.services.slots import generate_slots
from leagues.services.standings import close_round, publish_standings, rounds_due
from leagues.tests.factories import RegistrationFactory, RoundFactory, SeasonFactory, UserFactory
from leagues.tests.standings_reference import expected_rows, published_rows, random_season

pytestmark = pytest.mark.django_db


@pytest.fixture
def season():
    return SeasonFactory()


def make_round(season, number):
    round_ = RoundFactory(
        season=season, number=number, date=dt.date(2024, 4, 14) + dt.timedelta(days=3 * number)
    )
    generate_slots(round=round_)
    return round_


def race(registration, round_, points, *, hour=13, status="FIN"):
    slot = round_.slots.get(region="EMEA", league="GT1", starts_at__hour=hour)
    lobby = Lobby.objects.create(slot=slot, label=f"{registration.pk}-{hour}")
    return RaceResult.objects.create(
        lobby=lobby,
        slot=slot,
        registration=registration,
        position=1,
        status=status,
        dr_points=registration.dr_points,
        points=points,
    )


def ranking(publication, tier="REGIONAL", scope="EMEA"):
    return list(
        Standing.objects.filter(publication=publication, league="GT1", tier=tier, scope=scope)
        .order_by("position")
        .values_list("registration__driver__online_id", "rank", "season_points", "medal")
    )


def registrations(season, n):
    return [RegistrationFactory(season=season, driver__online_id=f"d{i:02d}") for i in range(n)]


def test_ties_share_a_rank_and_all_get_the_better_medal_at_a_boundary(season):
    round_ = make_round(season, 1)
    regs = registrations(season, 21)
    points = [100, 90, 90, 90] + [50 - i for i in range(17)]
    for reg, p in zip(regs, points, strict=True):
        race(reg, round_, p)
    close_round(round=round_)
    rows = ranking(publish_standings(season=season))
    assert [r[1] for r in rows[:5]] == [1, 2, 2, 2, 5]
    assert [r[3] for r in rows[:7]] == [
        "GOLD",
        "GOLD",
        "GOLD",
        "GOLD",
        "SILVER",
        "SILVER",
        "BRONZE",
    ]
    summary = RankingSummary.objects.get(league="GT1", tier="REGIONAL", scope="EMEA")
    assert (summary.ranked, summary.gold_cutoff, summary.silver_cutoff, summary.bronze_cutoff) == (
        21,
        2,
        6,
        16,
    )


@pytest.mark.parametrize(
    ("size", "gold", "silver", "bronze"),
    [(1, 1, 0, 0), (2, 1, 0, 1), (3, 1, 0, 2), (19, 1, 4, 10), (20, 1, 4, 10), (21, 2, 4, 10)],
)
def test_medal_counts_for_small_rankings(season, size, gold, silver, bronze):
    round_ = make_round(season, 1)
    for index, reg in enumerate(registrations(season, size)):
        race(reg, round_, 1000 - index)
    close_round(round=round_)
    medals = [r[3] for r in ranking(publish_standings(season=season))]
    assert (medals.count("GOLD"), medals.count("SILVER"), medals.count("BRONZE")) == (
        gold,
        silver,
        bronze,
    )


def test_the_cascade_splits_equal_totals_by_all_rounds_then_best_round(season):
    season.best_rounds = 1
    season.save()
    r1, r2 = make_round(season, 1), make_round(season, 2)
    a, b, c = registrations(season, 3)
    race(a, r1, 50), race(a, r2, 10)  # total 50, all 60, best 50
    race(b, r1, 50), race(b, r2, 20)  # total 50, all 70
    race(c, r1, 50)  # total 50, all 50
    close_round(round=r1), close_round(round=r2)
    rows = ranking(publish_standings(season=season))
    assert [(r[0], r[1]) for r in rows] == [("d01", 1), ("d00", 2), ("d02", 3)]


def test_only_the_last_race_counts_and_drivers_with_only_dnfs_are_ranked(season):
    round_ = make_round(season, 1)
    a, b = registrations(season, 2)
    race(a, round_, 300, hour=13)
    race(a, round_, 0, hour=17, status="DNF")
    race(b, round_, 0, status="DNF")
    close_round(round=round_)
    rows = ranking(publish_standings(season=season))
    assert [(r[0], r[1], r[2]) for r in rows] == [("d00", 1, 0), ("d01", 1, 0)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_sql_publication_equals_the_pure_python_rules(seed):
    season, rounds = random_season(seed=seed)
    for round_ in rounds:
        close_round(round=round_)
    publication = publish_standings(season=season)
    assert published_rows(publication) == expected_rows(season)


@pytest.mark.parametrize("seed", [1, 2])
def test_each_summary_and_rank_chart_point_agrees_with_the_published_standings(seed):
    season, rounds = random_season(seed=seed)
    for round_ in rounds:
        close_round(round=round_)
    publication = publish_standings(season=season)
    sizes: dict[tuple[str, str, str], tuple[int, str]] = {}
    for standing in publication.standings.all():
        key = (standing.league, standing.tier, standing.scope)
        count, region = sizes.get(key, (0, standing.region))
        sizes[key] = (count + 1, min(region, standing.region))
    summaries = {
        (s.league, s.tier, s.scope): (s.ranked, s.region, s.gold_cutoff, s.bronze_cutoff)
        for s in publication.rankings.all()
    }
    assert summaries == {
        key: (n, region, -(-5 * n // 100), -(-75 * n // 100)) for key, (n, region) in sizes.items()
    }
    regional = publication.standings.filter(tier="REGIONAL")
    expected = {
        (s.registration_id, s.rank, sizes[(s.league, "REGIONAL", s.scope)][0]) for s in regional
    }
    points = set(
        RoundRank.objects.filter(round_number=rounds[-1].number).values_list(
            "registration_id", "rank", "ranked"
        )
    )
    assert points == expected


def test_publishing_twice_leaves_one_published_version(season, django_capture_on_commit_callbacks):
    make_round(season, 1)
    with django_capture_on_commit_callbacks(execute=True):
        first = publish_standings(season=season)
        second = publish_standings(season=season)
        third = publish_standings(season=season)
    statuses = dict(Publication.objects.values_list("version", "status"))
    assert statuses == {2: "superseded", 3: "published"}
    assert (first.version, second.version, third.version) == (1, 2, 3)


def test_closing_twice_changes_nothing(season):
    round_ = make_round(season, 1)
    race(registrations(season, 1)[0], round_, 10)
    assert close_round(round=round_) is True
    assert close_round(round=round_) is False
    assert round_.scores.count() == 1


def test_a_round_is_due_after_its_last_slot_and_the_grace_period(season):
    round_ = make_round(season, 1)
    last = round_.slots.order_by("-starts_at").first().starts_at
    assert rounds_due(now=last + dt.timedelta(minutes=89)) == []
    assert rounds_due(now=last + dt.timedelta(minutes=90)) == [round_]


def test_the_beat_job_closes_due_rounds_and_publishes(season, django_capture_on_commit_callbacks):
    from leagues.tasks import close_due_rounds

    round_ = make_round(season, 1)
    race(registrations(season, 1)[0], round_, 10)
    with django_capture_on_commit_callbacks(execute=True):  # each close is queued on commit
        assert close_due_rounds() == [round_.pk]
    round_.refresh_from_db()
    assert round_.is_closed
    assert Publication.objects.get(status="published").rounds_included == [1]


def test_the_close_job_publishes_whenever_it_closes_and_a_rerun_only_when_missing(
    season, django_capture_on_commit_callbacks
):
    from leagues.bench.runner import reopen
    from leagues.tasks import close_round as close_job

    def job():
        with django_capture_on_commit_callbacks(execute=True):
            return close_job(round_.pk)

    round_ = make_round(season, 1)
    race(registrations(season, 1)[0], round_, 10)
    assert job() is True
    assert job() is False  # redelivered: the publication is already there
    assert season.publications.count() == 1
    reopen(round_)
    assert job() is True
    assert season.publications.get(status="published").version == 2


def publish_one_round(season, drivers):
    """Round 1 raced by ``drivers`` registrations (d00 wins), closed and published."""
    round_ = make_round(season, 1)
    regs = registrations(season, drivers)
    for index, reg in enumerate(regs):
        race(reg, round_, 1000 - index)
    close_round(round=round_)
    publish_standings(season=season)
    return regs


@pytest.fixture
def published(season):
    return publish_one_round(season, 120)


def test_the_standings_page_shows_medals_thresholds_and_publication(client, published):
    page = client.get(
        reverse("leagues:standings"), {"season": "2024", "region": "EMEA", "league": "GT1"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "top 6 of 120" in text
    assert "includes rounds 1" in text
    assert "d00" in text and "d49" in text and "d50" not in text


def test_deep_pages_read_a_position_range_and_cost_constant_queries(
    client, published, django_assert_max_num_queries
):
    url = reverse("leagues:standings")
    with django_assert_max_num_queries(8):
        page = client.get(url, {"season": "2024", "page": 3})
    assert "d119" in page.content.decode() and "d99" not in page.content.decode()


def test_a_drivers_season_page_costs_a_fixed_number_of_queries_and_names_its_rankings(
    client, published, django_assert_max_num_queries
):
    winner = published[0]
    url = reverse("leagues:driver_season", args=["2024", winner.driver.online_id])
    with django_assert_max_num_queries(7):  # a cache miss: the page is rendered
        page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    for name in (winner.main_area.name, winner.secondary_area.name, winner.country.name):
        assert name in text
    assert "Medal on course for" in text and "Provisional: the standings change" in text
    missing = [
        ("2099", winner.driver.online_id),
        ("2024", "nobody"),
        ("x" * 40, "nobody"),
        ("9" * 40, winner.driver.online_id),
        ("2024-exhibition", winner.driver.online_id),
    ]
    for label, online_id in missing:
        response = client.get(reverse("leagues:driver_season", args=[label, online_id]))
        assert response.status_code == 404, label


def test_find_a_driver_jumps_to_their_page(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("leagues:standings"), {"season": "2024", "find": " d75 "})
    assert response.status_code == 302
    assert "page=2" in response["Location"]
    missing = client.get(reverse("leagues:standings"), {"season": "2024", "find": "nobody"})
    assert "nobody is not in this ranking" in missing.content.decode()


def test_the_signed_in_drivers_row_is_pinned_and_highlighted(client, published):
    user = UserFactory()
    driver = published[100].driver
    driver.user = user
    driver.save()
    client.force_login(user)
    response = client.get(reverse("leagues:standings"), {"season": "2024"})
    text = response.content.decode()
    assert 'class="pinned-row"' in text
    assert 'id="driver-d100"' in text and "is-me" in text


def test_a_bad_filter_is_a_400(client, published):
    assert (
        client.get(reverse("leagues:standings"), {"season": "2024", "tier": "GALAXY"}).status_code
        == 400
    )


def test_standings_csv_and_export_command_use_the_contract(client, published):
    response = client.get(reverse("leagues:standings_csv"), {"season": "2024"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == ",".join(csvfiles.STANDINGS)
    assert lines[1] == "2024,EMEA,GT1,REGIONAL,EMEA,1,d00,1000,1,GOLD"
    assert len(lines) == 121
    out = io.StringIO()
    call_command("export_standings", "--season", "2024", stdout=out)
    assert len(out.getvalue().splitlines()) == 1 + 4 * 120


def test_a_scope_from_another_region_falls_back_to_the_first_of_the_new_region(client, published):
    response = client.get(
        reverse("leagues:standings"),
        {"season": "2024", "region": "ASIA", "tier": "DOMESTIC", "scope": "FR"},
    )
    assert response.status_code == 200
    assert response.context["chosen"]["scope"] != "FR"


def test_the_domestic_ranking_defaults_to_the_drivers_own_country(client, published):
    user = UserFactory()
    driver = published[3].driver
    driver.user = user
    driver.save()
    client.force_login(user)
    response = client.get(reverse("leagues:standings"), {"season": "2024", "tier": "DOMESTIC"})
    assert response.context["chosen"]["scope"] == driver.country_id
