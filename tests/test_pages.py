"""The public pages of issue 18: My Nations Cup, standings that follow the viewer, the rules
page, names in the visitor's language, the error pages, the time-zone picker."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path, reverse
from django.utils import timezone, translation

from leagues import names
from leagues.models import Lobby, RaceResult, Round
from leagues.services.slots import generate_slots
from leagues.services.standings import close_round, publish_standings
from leagues.templatetags.nations import page_numbers
from leagues.tests.factories import (
    CountryFactory,
    MainAreaFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    SecondaryAreaFactory,
    UserFactory,
)
from nationscup.security import debug_page_policy

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("secret internals")


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("not for you")


urlpatterns = [
    path("boom/", boom),
    path("forbidden/", forbidden),
    path("", include("nationscup.urls")),
]


def _race(registration, round_, points: int, *, hour: int = 13, sof: int = 35_000, position=1):
    slot = round_.slots.get(region="EMEA", league="GT1", starts_at__hour=hour)
    lobby = Lobby.objects.create(slot=slot, label=f"{registration.pk}-{hour}", sof=sof)
    return RaceResult.objects.create(
        lobby=lobby,
        slot=slot,
        registration=registration,
        position=position,
        dr_points=registration.dr_points,
        points=points,
    )


def _round(season, number: int, date: dt.date | None = None) -> Round:
    round_ = RoundFactory(
        season=season,
        number=number,
        date=date or dt.date(2024, 4, 14) + dt.timedelta(days=3 * number),
        laps_gt1=12,
        laps_gt2=7,
    )
    generate_slots(round=round_)
    return round_


@pytest.fixture
def league():
    """EMEA GT1: five drivers in Germany, three in France (two areas), published twice.

    ``me`` (France, Lyon) is 5th after round 1 and climbs in round 2; round 3 is open and
    ``me`` has raced it twice. Registration for the season is still open.
    """
    now = timezone.now()
    season = SeasonFactory(
        year=now.year,
        registration_opens=now - dt.timedelta(days=10),
        registration_closes=now + dt.timedelta(days=10),
    )
    germany = SecondaryAreaFactory(
        code="DE-BY-M",
        name="München",
        main_area=MainAreaFactory(code="DE-BY", name="Bayern", country=CountryFactory(code="DE")),
    )
    paris = SecondaryAreaFactory(
        code="FR-IDF-P",
        name="Paris",
        main_area=MainAreaFactory(
            code="FR-IDF", name="Île-de-France", country=CountryFactory(code="FR")
        ),
    )
    lyon = SecondaryAreaFactory(
        code="FR-ARA-L",
        name="Lyon",
        main_area=MainAreaFactory(
            code="FR-ARA", name="Auvergne-Rhône-Alpes", country=CountryFactory(code="FR")
        ),
    )
    germans = [
        RegistrationFactory(
            season=season, driver__online_id=f"de_{n}", driver__secondary_area=germany
        )
        for n in range(5)
    ]
    french = [
        RegistrationFactory(
            season=season, driver__online_id=f"fr_{n}", driver__secondary_area=paris
        )
        for n in range(2)
    ]
    user = UserFactory(username="me")
    me = RegistrationFactory(
        season=season, driver__online_id="me_1", driver__secondary_area=lyon, driver__user=user
    )
    everyone = [*germans, *french, me]
    one = _round(season, 1)
    for index, registration in enumerate(everyone):
        _race(registration, one, 900 - 100 * index if registration != me else 500)
    close_round(round=one)
    publish_standings(season=season)
    two = _round(season, 2)
    for index, registration in enumerate(everyone):
        _race(registration, two, 1000 if registration == me else 100 + index)
    close_round(round=two)
    publish_standings(season=season)
    three = _round(season, 3, date=now.date())
    _race(me, three, 250, hour=13, sof=41_000, position=2)
    _race(me, three, 120, hour=15, sof=38_000, position=9)
    return {"season": season, "me": me, "user": user, "germans": germans, "french": french}


def row_classes(text: str, online_id: str) -> list[str]:
    match = re.search(rf'<tr class="([^"]*)" id="driver-{online_id}"', text)
    return match.group(1).split() if match else []


def standings(client, **params):
    return client.get(reverse("leagues:standings"), {"season": params.pop("season"), **params})


# Standings that follow the viewer


def test_a_visitor_sees_the_largest_domestic_ranking_not_the_first_by_name(client, league):
    page = standings(client, season=league["season"].label, tier="DOMESTIC")
    assert page.context["chosen"]["scope"] == "DE"
    text = page.content.decode()
    assert "Germany (5)" in text and "France (3)" in text
    assert "Albania" not in text  # nobody is ranked there: not offered


def test_the_signed_in_driver_opens_on_their_own_country_and_areas(client, league):
    client.force_login(league["user"])
    label = league["season"].label
    for tier, scope in (
        ("DOMESTIC", "FR"),
        ("MAIN_AREA", "FR-ARA"),
        ("SECONDARY_AREA", "FR-ARA-L"),
    ):
        page = standings(client, season=label, tier=tier)
        assert page.context["chosen"]["scope"] == scope, tier
        assert "is-me" in row_classes(page.content.decode(), "me_1"), tier


def test_finding_a_driver_opens_their_own_area_and_marks_their_row(client, league):
    label = league["season"].label
    response = standings(client, season=label, tier="MAIN_AREA", find="fr_1")
    assert response.status_code == 302
    assert (
        "scope=FR-IDF" in response["Location"]
        and "highlight=fr_1#driver-fr_1" in response["Location"]
    )
    page = client.get(response["Location"])
    assert "is-found" in row_classes(page.content.decode(), "fr_1")


def test_area_choices_are_named_and_grouped_by_country(client, league):
    page = standings(client, season=league["season"].label, tier="SECONDARY_AREA")
    text = page.content.decode()
    assert '<optgroup label="France · Auvergne-Rhône-Alpes">' in text
    assert "Lyon (1)" in text and "FR-ARA-L (" not in text


def test_country_names_follow_the_visitors_language(client, league):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = standings(client, season=league["season"].label, tier="DOMESTIC")
    text = page.content.decode()
    assert "Allemagne (5)" in text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    assert "ドイツ" in standings(client, season=league["season"].label, tier="DOMESTIC").text


def test_medals_say_their_word_and_pages_are_numbered(client, league):
    text = standings(client, season=league["season"].label).content.decode()
    assert '<span class="medal-word">Gold</span>' in text
    assert page_numbers(1, 1) == [1]
    assert page_numbers(7, 20) == [1, None, 5, 6, 7, 8, 9, None, 20]
    assert page_numbers(2, 4) == [1, 2, 3, 4]


@pytest.mark.parametrize("tier", ["REGIONAL", "DOMESTIC", "SECONDARY_AREA"])
def test_the_standings_page_costs_a_bounded_number_of_queries(
    client, league, tier, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):
        assert standings(client, season=league["season"].label, tier=tier).status_code == 200
    client.force_login(league["user"])
    with django_assert_max_num_queries(12):
        assert standings(client, season=league["season"].label, tier=tier).status_code == 200


# My Nations Cup


def test_my_nations_cup_shows_ranks_movement_next_band_and_the_last_race_warning(client, league):
    client.force_login(league["user"])
    text = client.get("/").content.decode()
    assert "My Nations Cup" in text
    # Regional: 5th (tied) after round 1, 1st after round 2 with 1,500 points: gold.
    assert "▲</span> 4" in text
    assert "Top band" in text
    assert "Round 3: only your last race counts" in text
    assert "P9, 120 points" in text  # the later, worse race is the one that counts
    assert "You raced 2 times in this round" in text
    assert "Your slots (GT1, Europe / Middle East / Africa)" in text
    assert "calendar.ics?region=EMEA&amp;league=GT1" in text
    assert "You may race the live events" in text


def test_points_to_the_next_medal_are_counted_from_the_band_boundary(client, league):
    from leagues.selectors.home import my_nations_cup

    de_4 = league["germans"][4].driver
    page = my_nations_cup(driver=de_4)
    regional = page.ranks[0]
    # 8 ranked: gold to rank 1, silver to 2, bronze to 6; de_4 is 6th (bronze), 604 points.
    assert regional.standing.tier == "REGIONAL"
    assert regional.next_medal is not None
    boundary = {"GOLD": 1, "SILVER": 2, "BRONZE": 6}[regional.next_medal]
    ahead = (
        regional.standing.__class__.objects.filter(
            publication=page.publication, tier="REGIONAL", scope="EMEA", position=boundary
        )
        .get()
        .season_points
    )
    assert regional.points_to_next == max(ahead - regional.standing.season_points, 0) + 1


def test_my_nations_cup_costs_a_bounded_number_of_queries(
    client, league, django_assert_max_num_queries
):
    client.force_login(league["user"])
    with django_assert_max_num_queries(24):
        assert client.get("/").status_code == 200


def test_a_registered_driver_is_offered_no_register_button(client, league):
    client.force_login(league["user"])
    register = reverse("leagues:register", args=[league["season"].label])
    assert register not in client.get("/").content.decode()
    assert register not in client.get(reverse("leagues:me")).content.decode()
    refused = client.get(register).content.decode()
    assert "already registered" in refused and reverse("leagues:me") in refused


def test_visitors_see_the_season_the_next_live_event_and_the_champions(
    client, league, django_assert_max_num_queries
):
    from live_events.tests.factories import event_with_entrants

    event_with_entrants(3, races=1, starts_on=timezone.now().date() + dt.timedelta(days=3))
    with django_assert_max_num_queries(12):
        text = client.get("/").content.decode()
    assert "Running season" in text and "Next live event" in text
    assert "Sign up and register" in text


# The rules page


def test_the_rules_page_works_the_example_at_the_drivers_own_lobby_sof(client, league):
    client.force_login(league["user"])
    text = client.get(reverse("leagues:rules")).content.decode()
    assert "Worked example at your last lobby's SOF, 38,000" in text
    assert "<strong>304</strong>" in text  # 38,000 × 8 × 100 / 100,000
    assert "best 3 of 3 rounds count" in text  # the season has three rounds, not six
    assert "3,000,000" in text  # regional gold for GT1 (default table, ×2)


@pytest.mark.parametrize(
    "value", ["-5", "100001", "1e9", "%EF%BC%99", "3%005", "%ED%A0%80", "9" * 5000, "abc"]
)
def test_the_rules_page_refuses_a_sof_that_is_not_a_dr_number(client, league, value):
    response = client.get(f"{reverse('leagues:rules')}?sof={value}")
    assert response.status_code == 400
    # A NUL, bad UTF-8 or an over-long value is refused at the door, with its own reason.
    reasons = ("whole number of DR points from 0 to 100,000", "NUL", "UTF-8", "longer than")
    assert any(reason in response.content.decode() for reason in reasons)


def test_the_rules_page_takes_any_sof_and_costs_few_queries(
    client, league, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        text = client.get(reverse("leagues:rules"), {"sof": "60 000"}).content.decode()
    assert "<strong>480</strong>" in text


# Calendar, names, seasons


def test_the_calendar_shows_the_laps_of_the_league_shown(client, league):
    url = reverse("leagues:season_detail", args=[league["season"].label])
    assert "12 laps (GT1)" in client.get(url).content.decode()
    assert "7 laps (GT2)" in client.get(url, {"region": "EMEA", "league": "GT2"}).content.decode()
    assert "best 3 of 3 rounds count" in client.get(url).content.decode()


def test_names_come_from_cldr_and_flags_from_the_code():
    assert names.country_name("DE", language="fr") == "Allemagne"
    assert names.country_name("JP", language="ja") == "日本"
    assert names.country_name("QQ", "Nowhere") == "Nowhere"
    assert names.flag("fr") == "\U0001f1eb\U0001f1f7"
    assert names.flag("F1") == "" and names.flag("") == ""
    assert names.tier_name("MAIN_AREA") == "Main area"


def test_season_and_session_names_are_translated():
    from live_events.models.sessions import standard_session_name

    season = SeasonFactory.build(year=2024, kind="official", name="")
    with translation.override("fr"):
        assert str(season) == "Saison officielle 2024"
        assert standard_session_name("Race 2") == "Course 2"
        assert standard_session_name("Grand Final") == "Grande finale"
        assert standard_session_name("Shoot-out") == "Shoot-out"


# Error pages, the debug pages' policy, the favicon, the time-zone picker


@pytest.mark.urls("tests.test_pages")
@override_settings(DEBUG=False)
def test_error_pages_are_styled_and_lead_back_to_the_site(client):
    client.raise_request_exception = False
    for url, status in (("/no-such-page/", 404), ("/forbidden/", 403), ("/boom/", 500)):
        response = client.get(url)
        text = response.content.decode()
        assert response.status_code == status
        assert 'class="error-code"' in text and "css/site.css" in text
        assert 'class="nav-links"' in text and "Go to the home page" in text
        assert "secret internals" not in text


def test_debug_pages_get_their_inline_styles_by_hash_and_nothing_else():
    page = HttpResponse(
        b'<html><head><meta name="robots" content="NONE,NOARCHIVE"><style>b{}</style></head>'
    )
    policy = debug_page_policy(settings.CONTENT_SECURITY_POLICY, page)
    assert "style-src 'sha256-" in policy and "unsafe-inline" not in policy
    ordinary = HttpResponse(b"<html><style>b{}</style></html>")
    assert debug_page_policy(settings.CONTENT_SECURITY_POLICY, ordinary) == (
        settings.CONTENT_SECURITY_POLICY
    )


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon-32.png")
    assert (
        'rel="icon" href="/static/img/favicon.svg"'
        in client.get(reverse("leagues:rules")).content.decode()
    )


def test_the_time_zone_picker_is_searchable_and_grouped(client):
    text = client.get(reverse("time_zone")).content.decode()
    assert 'list="zone-names"' in text and "<datalist" in text
    assert "<summary>Europe" in text and "<summary>Asia" in text
    assert 'name="timezone" value="Europe/Paris">Paris</button>' in text
    assert text.count("<select") == 1  # the language switcher only
    response = client.post(reverse("time_zone"), {"timezone": ["", "Asia/Tokyo"]})
    assert response.status_code == 302
    assert client.cookies["nationscup_tz"].value == "Asia/Tokyo"


def test_the_drivers_season_names_their_areas_and_costs_bounded_queries(
    client, league, django_assert_max_num_queries
):
    url = reverse("leagues:driver_season", args=[league["season"].label, "me_1"])
    with django_assert_max_num_queries(14):
        text = client.get(url).content.decode()
    assert "Auvergne-Rhône-Alpes</a>" in text and "Lyon</a>" in text
    assert ">FR-ARA<" not in text and ">FR-ARA-L<" not in text
    assert "Provisional" in text  # round 3 is open


def test_the_round_page_keeps_points_on_a_phone_and_costs_bounded_queries(
    client, league, django_assert_max_num_queries
):
    url = reverse("leagues:round_detail", args=[league["season"].label, 2])
    with django_assert_max_num_queries(8):
        text = client.get(url, {"region": "EMEA", "league": "GT1"}).content.decode()
    assert 'class="num points-cell">1,000<' in text
    assert '<th class="wide-only">Status</th>' in text


def test_a_signed_in_user_without_a_driver_profile_is_asked_for_it_on_the_home_page(client, league):
    client.force_login(UserFactory(username="newcomer"))
    text = client.get("/").content.decode()
    assert reverse("leagues:profile") in text and "Sign up and register" not in text
