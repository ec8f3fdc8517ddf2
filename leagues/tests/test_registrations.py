import datetime as dt
import html
import io
import re

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from leagues import csvfiles, rules
from leagues.exceptions import RuleViolation
from leagues.models import Driver, MainArea, Rating, Registration, SecondaryArea
from leagues.services.ratings import import_ratings
from leagues.services.registrations import import_registrations, register_driver
from leagues.tests.factories import DriverFactory, SeasonFactory, UserFactory

pytestmark = pytest.mark.django_db

IN_WINDOW = dt.datetime(2024, 4, 10, tzinfo=dt.UTC)
HEADER = ",".join(csvfiles.REGISTRATIONS)
RATINGS_HEADER = ",".join(csvfiles.RATINGS)


def real_driver(**fields):
    """A driver in Paris, France (from the reference data)."""
    main = MainArea.objects.get(code="FR-IDF")
    secondary = main.secondary_areas.first()
    return DriverFactory(country=main.country, main_area=main, secondary_area=secondary, **fields)


@pytest.mark.parametrize(
    ("dr_points", "league"),
    [
        (0, "GT3"),
        (9_999, "GT3"),
        (10_000, "GT2"),
        (29_999, "GT2"),
        (30_000, "GT1"),
        (100_000, "GT1"),
    ],
)
def test_registration_league_follows_the_dr_points(dr_points, league):
    registration = register_driver(
        driver=real_driver(dr_points=dr_points), season=SeasonFactory(), now=IN_WINDOW
    )
    assert registration.league == league
    assert registration.region == "EMEA"


def test_a_registration_snapshot_never_follows_later_profile_changes():
    driver = real_driver(dr_points=12_000, display_name="Before")
    registration = register_driver(driver=driver, season=SeasonFactory(), now=IN_WINDOW)
    rating = registration.rating
    import_ratings(f"{RATINGS_HEADER}\n{driver.online_id},45000,S,80,2024-04-20T00:00:00Z\n")
    driver.refresh_from_db()
    assert driver.dr_points == 45_000
    driver.display_name = "After"
    driver.country_id = "JP"
    driver.save()
    registration.refresh_from_db()
    assert (registration.league, registration.dr_points, registration.display_name) == (
        "GT2",
        12_000,
        "Before",
    )
    assert registration.country_id == "FR" and registration.rating == rating


def test_registration_takes_the_newest_rating_whatever_order_they_arrived_in():
    driver = real_driver(dr_points=None)
    import_ratings(
        f"{RATINGS_HEADER}\n{driver.online_id},31000,A,40,2024-04-09T12:00:00Z\n"
        f"{driver.online_id},8000,B,30,2024-03-01T12:00:00Z\n"
    )
    import_ratings(f"{RATINGS_HEADER}\n{driver.online_id},50000,S,45,2024-04-01T00:00:00Z\n")
    registration = register_driver(driver=driver, season=SeasonFactory(), now=IN_WINDOW)
    assert (registration.dr_points, registration.league) == (31_000, "GT1")
    assert registration.rating.rated_at == dt.datetime(2024, 4, 9, 12, tzinfo=dt.UTC)


def test_a_driver_with_no_rating_registers_in_gt3_with_dr_0():
    registration = register_driver(
        driver=real_driver(dr_points=None), season=SeasonFactory(), now=IN_WINDOW
    )
    assert (registration.dr_points, registration.league, registration.rating) == (0, "GT3", None)


def test_registering_twice_is_refused_by_the_database_constraint():
    driver, season = real_driver(), SeasonFactory()
    register_driver(driver=driver, season=season, now=IN_WINDOW)
    with pytest.raises(RuleViolation, match="already registered"):
        register_driver(driver=driver, season=season, now=IN_WINDOW)
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    "now", [dt.datetime(2024, 3, 31, tzinfo=dt.UTC), dt.datetime(2024, 5, 4, tzinfo=dt.UTC)]
)
def test_registering_outside_the_window_is_refused(now):
    with pytest.raises(RuleViolation, match="Registration"):
        register_driver(driver=real_driver(), season=SeasonFactory(), now=now)
    assert not Registration.objects.exists()


def test_a_secondary_area_outside_the_main_area_is_refused():
    driver = real_driver()
    driver.secondary_area = (
        SecondaryArea.objects.exclude(main_area=driver.main_area)
        .filter(main_area__country_id="FR")
        .first()
    )
    with pytest.raises(RuleViolation, match="not inside"):
        register_driver(driver=driver, season=SeasonFactory(), now=IN_WINDOW)
    assert not Registration.objects.exists()


def profile_post(**overrides):
    main = MainArea.objects.get(code="FR-IDF")
    data = {
        "online_id": "Flying_Frog",
        "display_name": "Flying Frog",
        "birth_date": "2000-02-29",
        "country": "FR",
        "main_area": main.pk,
        "secondary_area": main.secondary_areas.all()[0].pk,
    }
    data.update(overrides)
    return data


def post_bad_profile(client, overrides, language="en"):
    """Post a new profile next to a driver whose online id is taken_id; ``__JP__`` and
    ``__OTHER__`` stand for a Japanese main area and a secondary area outside Paris."""
    DriverFactory(online_id="taken_id")
    if overrides.get("main_area") == "__JP__":
        overrides["main_area"] = MainArea.objects.filter(country_id="JP")[0].pk
    if overrides.get("secondary_area") == "__OTHER__":
        overrides["secondary_area"] = (
            SecondaryArea.objects.filter(main_area__country_id="FR")
            .exclude(main_area__code="FR-IDF")[0]
            .pk
        )
    client.force_login(UserFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(reverse("leagues:profile"), profile_post(**overrides))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"birth_date": "2999-01-01"}, "birth_date", "future"),
        ({"online_id": "taken_id"}, "online_id", "already exists"),
        ({"main_area": "__JP__"}, "main_area", "Choose an area of the chosen country"),
        ({"secondary_area": "__OTHER__"}, "secondary_area", "not inside"),
    ],
)
def test_the_profile_form_refuses_bad_input_and_saves_nothing(client, overrides, field, message):
    response = post_bad_profile(client, overrides)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Driver.objects.count() == 1


def confirmation_link(body: object) -> str:
    """The path of the confirmation link in an email's text."""
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", str(body))
    assert found, body
    return found.group(1)


def test_sign_up_then_profile_then_register_shows_the_league(client, settings):
    season = SeasonFactory(
        registration_opens=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        registration_closes=dt.datetime(2999, 1, 1, tzinfo=dt.UTC),
        status="open",
    )
    response = client.post(
        reverse("leagues:signup"),
        {
            "username": "frog",
            "email": "f@example.com",
            "password1": "a-Long-pass-42",
            "password2": "a-Long-pass-42",
        },
    )
    assert response.status_code == 302
    assert client.post(reverse("leagues:profile"), profile_post()).status_code == 302
    assert client.get(reverse("leagues:register", args=[season.label])).status_code == 403
    assert client.get(confirmation_link(mail.outbox[-1].body)).status_code == 302
    page = page_text(client.get(reverse("leagues:register", args=[season.label])))
    assert "No rating from the game yet: counts as DR 0 (GT3)" in page
    assert "To get rated, race rated races in the game" in page
    assert client.post(reverse("leagues:register", args=[season.label]), {}).status_code == 400
    response = client.post(
        reverse("leagues:register", args=[season.label]), {"confirm": "on"}, follow=True
    )
    assert "You are registered" in response.content.decode()
    assert (Registration.objects.get().league, Registration.objects.get().dr_points) == ("GT3", 0)
    again = client.post(reverse("leagues:register", args=[season.label]), {"confirm": "on"})
    assert again.status_code == 400
    assert Registration.objects.count() == 1


def test_a_profile_post_carrying_ratings_and_titles_changes_none_of_them(client):
    driver = real_driver(dr_points=12_000, user=UserFactory())
    client.force_login(driver.user)
    post = profile_post(
        online_id=driver.online_id,
        dr_points="99000",
        sr_grade="S",
        rated_races="500",
        bio_titles="World champion",
        rating=999,
    )
    assert client.post(reverse("leagues:profile"), post).status_code == 302
    driver.refresh_from_db()
    assert (driver.dr_points, driver.sr_grade, driver.rated_races) == (12_000, "A", 50)
    assert driver.ratings.count() == 1
    assert "World champion" not in page_text(
        client.get(reverse("leagues:driver_detail", args=[driver.online_id]))
    )


def test_my_page_shows_eligibility_reasons(client):
    driver = real_driver(dr_points=12_000, birth_date=dt.date(2015, 1, 1), user=UserFactory())
    register_driver(driver=driver, season=SeasonFactory(), now=IN_WINDOW)
    client.force_login(driver.user)
    text = client.get(reverse("leagues:me")).content.decode()
    assert "only GT1 leads to live events" in text
    assert "age of majority in France is 18" in text


def csv_text(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


def paris_row(online_id="new_driver", **overrides):
    main = MainArea.objects.get(code="FR-IDF")
    values = {
        "season": "2024",
        "online_id": online_id,
        "display_name": "New Driver",
        "region": "EMEA",
        "country": "FR",
        "main_area": "FR-IDF",
        "secondary_area": main.secondary_areas.all()[0].code,
        "league": "GT2",
        "dr_points": "15000",
        "birth_date": "1990-01-31",
    }
    values.update(overrides)
    return ",".join(values[column] for column in csvfiles.REGISTRATIONS)


def test_importing_registrations_creates_drivers_and_is_idempotent():
    SeasonFactory()
    text = csv_text(paris_row("a_driver"), paris_row("b_driver", dr_points="30000", league="GT1"))
    report = import_registrations(text)
    assert (report.created, report.errors) == (2, [])
    again = import_registrations(text)
    assert (again.created, again.unchanged) == (0, 2)
    assert Registration.objects.count() == 2
    driver = Driver.objects.get(online_id="b_driver")
    assert driver.user is None and driver.rating is not None
    assert (driver.dr_points, driver.rating.source) == (30_000, "registrations")
    assert Registration.objects.get(driver=driver).rating == driver.rating
    assert Rating.objects.count() == 2


def test_a_registrations_file_for_a_closed_season_is_refused():
    SeasonFactory(status="closed")
    report = import_registrations(csv_text(paris_row("late_driver")))
    assert report.errors == ["Row 2: season 2024 is closed; its registrations are final"]
    assert not Driver.objects.exists() and not Rating.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"country": "XX"}, "unknown country"),
        ({"region": "ASIA"}, "is in region EMEA"),
        ({"league": "GT1"}, "does not match DR"),
        ({"dr_points": "-5"}, "dr_points must be"),
        ({"birth_date": "2999-01-01"}, "future"),
        ({"main_area": "JP-13"}, "not an area of the chosen country"),
        ({"season": "1999"}, "unknown season"),
    ],
)
def test_a_bad_row_rejects_the_whole_file_and_names_the_row(row, message):
    SeasonFactory()
    report = import_registrations(csv_text(paris_row("good_one"), paris_row("bad_one", **row)))
    assert not report.ok
    assert report.errors[0].startswith("Row 3:")
    assert message in report.errors[0]
    assert not Registration.objects.exists()
    assert not Driver.objects.exists()


def test_a_wrong_header_is_refused():
    report = import_registrations("season,online_id\n2024,x\n")
    assert "Wrong header" in report.errors[0]


def test_import_and_export_commands_round_trip(tmp_path):
    SeasonFactory()
    path = tmp_path / "registrations.csv"
    path.write_text(csv_text(paris_row("cmd_driver")))
    call_command("import_registrations", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("export_registrations", "--season", "2024", stdout=out)
    # Birth dates never leave the site: the export leaves the column empty ...
    exported = csv_text(paris_row("cmd_driver", birth_date=""))
    assert out.getvalue() == exported
    # ... and importing the exported file again keeps the date on file.
    path.write_text(exported)
    call_command("import_registrations", str(path), stdout=io.StringIO())
    assert Driver.objects.get().birth_date == dt.date(1990, 1, 31)


def test_the_import_command_exits_non_zero_on_a_bad_file(tmp_path):
    SeasonFactory()
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(paris_row("x_driver", country="XX")))
    with pytest.raises(CommandError, match="Rejected"):
        call_command("import_registrations", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Driver.objects.exists()


# Languages: refusals reach drivers in the language of the site ---------------------------


def open_season():
    return SeasonFactory(
        registration_opens=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        registration_closes=dt.datetime(2999, 1, 1, tzinfo=dt.UTC),
        status="open",
    )


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def register_on_site(client, driver, season, language):
    client.force_login(driver.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.post(reverse("leagues:register", args=[season.label]), {"confirm": "on"})


@pytest.mark.parametrize(
    ("language", "already"),
    [
        ("en", "You are already registered for the {season}."),
        ("fr", "Vous êtes déjà inscrit à la {season}."),
        ("ja", "{season}にはすでに登録済みです。"),
    ],
)
def test_registering_twice_on_the_site_is_refused_in_the_visitors_language(
    client, language, already
):
    season = open_season()
    driver = real_driver(user=UserFactory())
    register_driver(driver=driver, season=season)

    response = register_on_site(client, driver, season, language)

    assert response.status_code == 400
    with translation.override(language):
        expected = already.format(season=season)
    assert expected in page_text(response)
    assert Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("en", "Fix your profile before registering: {secondary} is not inside {main}."),
        ("fr", "Corrigez votre profil avant de vous inscrire : {secondary} ne se trouve pas dans"),
        ("ja", "登録の前にプロフィールを修正してください：{secondary}は{main}の中にありません。"),
    ],
)
def test_the_register_view_shows_the_services_refusal_in_the_visitors_language(
    client, language, refusal
):
    season = open_season()
    driver = real_driver(user=UserFactory())
    driver.secondary_area = (
        SecondaryArea.objects.exclude(main_area=driver.main_area)
        .filter(main_area__country_id="FR")
        .first()
    )
    driver.save()

    response = register_on_site(client, driver, season, language)

    assert response.status_code == 400
    expected = refusal.format(secondary=driver.secondary_area, main=driver.main_area)
    assert expected in page_text(response)
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "est déjà inscrit à la"),
        ("ja", "はすでに"),
        ("it", "è già iscritto alla"),
        ("es", "ya está inscrito en la"),
        ("pt", "já está inscrito na"),
    ],
)
def test_the_services_double_registration_refusal_follows_the_active_language(language, message):
    driver, season = real_driver(), SeasonFactory()
    register_driver(driver=driver, season=season, now=IN_WINDOW)
    with translation.override(language), pytest.raises(RuleViolation, match=message):
        register_driver(driver=driver, season=season, now=IN_WINDOW)


def test_the_english_refusals_are_word_for_word_as_before():
    driver, season = real_driver(), SeasonFactory()
    register_driver(driver=driver, season=season, now=IN_WINDOW)
    with pytest.raises(RuleViolation) as twice:
        register_driver(driver=driver, season=season, now=IN_WINDOW)
    assert twice.value.messages == [f"{driver} is already registered for the {season}."]
    assert str(season) == "2024 Official season"
    early, late = dt.datetime(2024, 3, 31, tzinfo=dt.UTC), dt.datetime(2024, 5, 4, tzinfo=dt.UTC)
    assert season.registration_refusal(early) == (
        "Registration for the 2024 Official season opens 2024-04-01 00:00 UTC."
    )
    assert season.registration_refusal(late) == (
        "Registration for the 2024 Official season closed 2024-05-04 00:00 UTC."
    )
    season.status = "closed"
    assert season.registration_refusal(IN_WINDOW) == "The 2024 Official season is closed."


@pytest.mark.parametrize(
    ("language", "reasons"),
    [
        (
            "en",
            "Registered in GT2; only GT1 leads to live events. Aged {age} on the event's first "
            "day; the age of majority in France is 18.",
        ),
        (
            "fr",
            "Inscrit en GT2 ; seule la GT1 mène aux événements en direct. {age} ans le premier "
            "jour de l'événement ; âge de la majorité (France) : 18 ans.",
        ),
        (
            "ja",
            "GT2で登録しています。ライブイベントに進めるのはGT1のみです。 イベント初日の時点で"
            "{age}歳です。Franceの成人年齢は18歳です。",
        ),
    ],
)
def test_the_public_driver_page_shows_eligibility_reasons_in_the_visitors_language(
    client, language, reasons
):
    driver = real_driver(dr_points=12_000, birth_date=dt.date(2015, 1, 1))
    register_driver(driver=driver, season=SeasonFactory(), now=IN_WINDOW)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    text = page_text(client.get(reverse("leagues:driver_detail", args=[driver.online_id])))

    age = rules.age_on(driver.birth_date, dt.date.today())
    assert reasons.format(age=age) in text


def test_a_csv_import_keeps_its_row_errors_in_english_whatever_the_language():
    SeasonFactory()
    with translation.override("fr"):
        report = import_registrations(csv_text(paris_row("bad_one", main_area="JP-13")))
    assert "is not an area of the chosen country" in report.errors[0]


@pytest.mark.parametrize(
    ("language", "field", "overrides", "message"),
    [
        (
            "fr",
            "birth_date",
            {"birth_date": "2999-01-01"},
            "La date de naissance est dans le futur.",
        ),
        ("pt", "online_id", {"online_id": "-x"}, "Um ID online tem de 3 a 32 letras"),
        (
            "it",
            "online_id",
            {"online_id": "taken_id"},
            "Esiste già un pilota con questo ID online.",
        ),
        ("es", "secondary_area", {"secondary_area": "__OTHER__"}, "no está dentro de"),
    ],
)
def test_the_profile_form_refuses_in_the_visitors_language(
    client, language, field, overrides, message
):
    response = post_bad_profile(client, overrides, language)
    assert message in " ".join(response.context["form"].errors[field])
    assert Driver.objects.count() == 1


def test_a_confirmation_link_confirms_only_its_own_account_and_address(client):
    from leagues.services import email_confirmation

    user = UserFactory(email="first@example.com")
    email_confirmation.send_confirmation(user=user)
    link = confirmation_link(mail.outbox[-1].body)
    user.email = "second@example.com"
    user.save()
    refused = client.get(link)
    assert refused.status_code == 400 and "not valid or has expired" in refused.text
    forged = signing.dumps({"user": user.pk, "email": user.email}, salt="another purpose")
    assert client.get(reverse("leagues:confirm_email", args=[forged])).status_code == 400
    assert client.get(reverse("leagues:confirm_email", args=["x\x00y"])).status_code == 400
    assert user.pending_email.email == "first@example.com"
    email_confirmation.send_confirmation(user=user)
    assert client.get(confirmation_link(mail.outbox[-1].body)).status_code == 302
    assert not type(user.pending_email).objects.filter(user=user).exists()


def test_an_unconfirmed_driver_asks_for_a_new_link(client):
    from leagues.services import email_confirmation

    driver = real_driver(user=UserFactory(email="late@example.com"))
    email_confirmation.send_confirmation(user=driver.user)
    client.force_login(driver.user)
    page = client.get(reverse("leagues:register", args=[open_season().label]))
    assert page.status_code == 403 and "late@example.com" in page.text
    client.post(reverse("leagues:resend_confirmation"))
    assert len(mail.outbox) == 1  # just sent: not again within a minute
    driver.user.pending_email.sent_at -= dt.timedelta(minutes=2)
    driver.user.pending_email.save()
    client.post(reverse("leagues:resend_confirmation"))
    assert len(mail.outbox) == 2 and mail.outbox[-1].to == ["late@example.com"]
