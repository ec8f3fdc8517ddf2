"""Six languages, formats per language, English admin, and times in the visitor's zone."""

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from leagues.models import EntrySlot
from leagues.tests.factories import RoundFactory, SeasonFactory, UserFactory
from nationscup.middleware import TIMEZONE_COOKIE
from tests.season_data import published_season

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"

# Labels of the standings page: the heading, the filter button, two table headers.
STANDINGS_LABELS = {
    "en": ["Standings", "Show", "Rank", "Points", "Find a driver (online id)"],
    "fr": ["Classements", "Afficher", "Rang", "Points", "Trouver un pilote (identifiant en ligne)"],
    "it": ["Classifiche", "Mostra", "Posizione", "Punti", "Trova un pilota (ID online)"],
    "es": ["Clasificaciones", "Mostrar", "Puesto", "Puntos", "Buscar un piloto (ID en línea)"],
    "pt": ["Classificações", "Mostrar", "Posição", "Pontos", "Encontrar um piloto (ID online)"],
    "ja": ["ランキング", "表示", "順位", "ポイント", "ドライバーを探す（オンラインID）"],
}
MEDAL_LINE = {
    "en": "top 6 of 120",
    "fr": "6 premiers sur 120",
    "it": "primi 6 su 120",
    "es": "primeros 6 de 120",
    "pt": "primeiros 6 de 120",
    "ja": "120人中上位6人",
}


@pytest.fixture
def season():
    return published_season()[0]


def standings(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(
        reverse("leagues:standings"), {"season": "2024", "region": "EMEA", "league": "GT1"}
    )


@pytest.mark.parametrize("language", list(STANDINGS_LABELS))
def test_each_language_renders_the_standings_page_with_translated_labels(client, season, language):
    page = standings(client, language)
    text = page.content.decode()
    assert page.status_code == 200
    assert f'<html lang="{language}">' in text
    for label in STANDINGS_LABELS[language]:
        assert label in text, (language, label)
    assert MEDAL_LINE[language] in text
    if language != "en":
        assert "Find a driver (online id)" not in text


def test_the_browser_language_is_used_when_no_language_was_chosen(client, season):
    page = client.get(reverse("leagues:standings"), headers={"accept-language": "ja,en;q=0.5"})
    assert "ランキング" in page.content.decode()


def test_the_language_switcher_remembers_the_choice(client, season):
    home = client.get(reverse("leagues:home")).content.decode()
    assert 'action="/i18n/setlang/"' in home
    assert 'lang="ja">日本語</option>' in home
    response = client.post(reverse("set_language"), {"language": "it", "next": "/standings/"})
    assert response.status_code == 302 and response["Location"] == "/standings/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"
    assert "Classifiche" in client.get("/standings/").content.decode()


def test_the_admin_stays_in_english(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    assert "Site administration" in page.content.decode()
    assert "Aller au contenu" in client.get(reverse("leagues:home")).content.decode()


@pytest.mark.parametrize(
    ("language", "dr", "date"),
    [
        ("en", "DR 35,000 at registration", "Sat 20 Apr"),
        ("fr", "DR 35\xa0000 à l'inscription", "sam 20 Avr"),
        ("it", "DR 35.000 all'iscrizione", "Sab 20 Apr"),
        ("ja", "登録時DR 35,000", "4月20日(土)"),
    ],
)
def test_numbers_and_dates_follow_the_language(client, season, language, dr, date):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("leagues:driver_season", args=["2024", "d000"]))
    text = page.content.decode()
    assert dr in text.replace("&#x27;", "'")
    season_page = client.get(reverse("leagues:season_detail", args=["2024"])).content.decode()
    assert date in season_page


@pytest.mark.parametrize("language", ["fr", "it", "es", "pt", "ja"])
def test_every_public_string_of_a_page_has_a_translation(language):
    with translation.override(language):
        for text in ["Standings", "Log in", "Season", "Email notifications", "Time zone"]:
            assert translation.gettext(text) != text


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt")
@pytest.mark.parametrize("language", ["fr", "it", "es", "pt", "ja"])
def test_the_committed_mo_files_are_compiled_from_the_po_files(tmp_path, language):
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(folder / "django.po")], check=True
    )
    assert compiled.read_bytes() == (folder / "django.mo").read_bytes()


# Time zones ---------------------------------------------------------------------------


@pytest.fixture
def dst_round():
    """Slots around the 2024 spring-forward changes of Europe (31 Mar) and the US (10 Mar)."""
    season = SeasonFactory()
    round_ = RoundFactory(season=season, number=1, date=dt.date(2024, 3, 31))
    for moment in [
        dt.datetime(2024, 3, 10, 6, 30, tzinfo=dt.UTC),
        dt.datetime(2024, 3, 10, 7, 30, tzinfo=dt.UTC),
        dt.datetime(2024, 3, 31, 0, 30, tzinfo=dt.UTC),
        dt.datetime(2024, 3, 31, 1, 30, tzinfo=dt.UTC),
    ]:
        EntrySlot.objects.create(round=round_, region="EMEA", league="GT1", starts_at=moment)
    return round_


def season_page(client, zone: str | None) -> str:
    if zone is not None:
        client.cookies[TIMEZONE_COOKIE] = zone
    return client.get(reverse("leagues:season_detail", args=["2024"])).content.decode()


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Europe/Paris", ["Sun 31 Mar 01:30 CET", "Sun 31 Mar 03:30 CEST"]),
        ("America/New_York", ["Sun 10 Mar 01:30 EST", "Sun 10 Mar 03:30 EDT"]),
        ("Asia/Tokyo", ["Sun 10 Mar 15:30 JST", "Sun 31 Mar 09:30 JST"]),
        ("Australia/Sydney", ["Sun 31 Mar 11:30 AEDT", "Sun 31 Mar 12:30 AEDT"]),
        (None, ["Sun 31 Mar 00:30 UTC", "Sun 31 Mar 01:30 UTC"]),
    ],
)
def test_times_are_shown_in_the_visitors_zone_across_a_dst_change(client, dst_round, zone, shown):
    text = season_page(client, zone)
    for label in shown:
        assert label in text, (zone, label)


def test_every_time_keeps_its_utc_value_on_hover(client, dst_round):
    text = season_page(client, "Europe/Paris")
    assert '<time datetime="2024-03-31T01:30:00+00:00" title="2024-03-31 01:30 UTC" data-tz>' in (
        text
    )


def test_an_unknown_zone_in_the_cookie_falls_back_to_utc(client, dst_round):
    assert "Sun 31 Mar 01:30 UTC" in season_page(client, "Mars/Olympus_Mons")


def test_the_time_zone_page_remembers_a_chosen_zone(client, dst_round):
    page = client.get(reverse("time_zone"), {"next": "/seasons/2024/"})
    assert page.status_code == 200 and "Europe/Paris" in page.content.decode()
    response = client.post(
        reverse("time_zone"), {"timezone": "Asia/Tokyo", "next": "/seasons/2024/"}
    )
    assert response.status_code == 302 and response["Location"] == "/seasons/2024/"
    assert client.cookies[TIMEZONE_COOKIE].value == "Asia/Tokyo"
    assert "09:30 JST" in client.get("/seasons/2024/").content.decode()


def test_the_time_zone_page_refuses_unknown_zones_and_foreign_redirects(client):
    assert client.post(reverse("time_zone"), {"timezone": "Nowhere/City"}).status_code == 400
    response = client.post(
        reverse("time_zone"), {"timezone": "UTC", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
