"""factory_boy factories: each builds the smallest valid object of its kind."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from leagues import rules
from leagues.models import (
    Country,
    Driver,
    EntrySlot,
    Lobby,
    MainArea,
    RaceResult,
    RaceServer,
    Rating,
    RatingSource,
    Registration,
    Round,
    Season,
    SecondaryArea,
)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("correct-horse-battery")


class CountryFactory(factory.django.DjangoModelFactory[Country]):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "FR"
    name = factory.LazyAttribute(lambda o: f"Country {o.code}")
    region = "EMEA"
    age_of_majority = 18


class MainAreaFactory(factory.django.DjangoModelFactory[MainArea]):
    class Meta:
        model = MainArea
        django_get_or_create = ("code",)

    country = factory.SubFactory(CountryFactory)
    code = factory.LazyAttribute(lambda o: f"{o.country.code}-M1")
    name = factory.LazyAttribute(lambda o: f"Main area {o.code}")


class SecondaryAreaFactory(factory.django.DjangoModelFactory[SecondaryArea]):
    class Meta:
        model = SecondaryArea
        django_get_or_create = ("code",)

    main_area = factory.SubFactory(MainAreaFactory)
    code = factory.LazyAttribute(lambda o: f"{o.main_area.code}-S1")
    name = factory.LazyAttribute(lambda o: f"Secondary area {o.code}")


RATING_FIELDS = ("dr_points", "rated_races", "sr_grade")


class DriverFactory(factory.django.DjangoModelFactory[Driver]):
    class Meta:
        model = Driver

    online_id = factory.Sequence(lambda n: f"driver_{n:05d}")
    display_name = factory.LazyAttribute(lambda o: o.online_id.replace("_", " ").title())
    birth_date = dt.date(1995, 6, 15)
    secondary_area = factory.SubFactory(SecondaryAreaFactory)
    main_area = factory.LazyAttribute(lambda o: o.secondary_area.main_area)
    country = factory.LazyAttribute(lambda o: o.main_area.country)
    # The driver's current rating, recorded as a ratings-feed reading; dr_points=None
    # makes a driver the site has no rating for.
    dr_points = 35_000
    rated_races = 50
    sr_grade = "A"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        rating = {name: kwargs.pop(name) for name in RATING_FIELDS}
        driver = super()._create(model_class, *args, **kwargs)
        if rating["dr_points"] is not None:
            driver.rating = Rating.objects.create(
                driver=driver,
                rated_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
                source=RatingSource.FEED,
                **rating,
            )
            driver.save(update_fields=["rating"])
        return driver

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        for name in RATING_FIELDS:
            kwargs.pop(name)
        return super()._build(model_class, *args, **kwargs)


def race_server_token(name: str = "emea-1", region: str = "EMEA") -> str:
    """A new active race server; its Bearer token (only the hash is stored)."""
    server = RaceServer(name=name, region=region)
    token = server.set_new_token()
    server.save()
    return token


class SeasonFactory(factory.django.DjangoModelFactory[Season]):
    class Meta:
        model = Season
        django_get_or_create = ("year", "kind")

    year = 2024
    kind = "official"
    registration_opens = dt.datetime(2024, 4, 1, tzinfo=dt.UTC)
    registration_closes = dt.datetime(2024, 5, 4, tzinfo=dt.UTC)
    status = "running"


class RegistrationFactory(factory.django.DjangoModelFactory[Registration]):
    """A registration whose snapshot is copied from its driver."""

    class Meta:
        model = Registration

    season = factory.SubFactory(SeasonFactory)
    driver = factory.SubFactory(DriverFactory)
    display_name = factory.LazyAttribute(lambda o: o.driver.display_name)
    birth_date = factory.LazyAttribute(lambda o: o.driver.birth_date)
    dr_points = factory.LazyAttribute(lambda o: o.driver.dr_points)
    league = factory.LazyAttribute(lambda o: rules.league_for_dr(o.dr_points))
    country = factory.LazyAttribute(lambda o: o.driver.country)
    region = factory.LazyAttribute(lambda o: o.country.region)
    main_area = factory.LazyAttribute(lambda o: o.driver.main_area)
    secondary_area = factory.LazyAttribute(lambda o: o.driver.secondary_area)


class RoundFactory(factory.django.DjangoModelFactory[Round]):
    class Meta:
        model = Round

    season = factory.SubFactory(SeasonFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = factory.LazyAttribute(lambda o: dt.date(2024, 4, 17) + dt.timedelta(days=3 * o.number))
    track = "Circuit de la Sarthe"
    car_category = "Gr.2"


class EntrySlotFactory(factory.django.DjangoModelFactory[EntrySlot]):
    class Meta:
        model = EntrySlot

    round = factory.SubFactory(RoundFactory)
    region = "EMEA"
    league = "GT1"
    starts_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.round.date, dt.time(13), tzinfo=dt.UTC)
    )


class LobbyFactory(factory.django.DjangoModelFactory[Lobby]):
    class Meta:
        model = Lobby

    slot = factory.SubFactory(EntrySlotFactory)
    label = factory.Sequence(lambda n: f"L{n}")


class RaceResultFactory(factory.django.DjangoModelFactory[RaceResult]):
    class Meta:
        model = RaceResult

    lobby = factory.SubFactory(LobbyFactory)
    slot = factory.LazyAttribute(lambda o: o.lobby.slot)
    registration = factory.SubFactory(RegistrationFactory)
    position = 1
    status = "FIN"
    dr_points = factory.LazyAttribute(lambda o: o.registration.dr_points)
    points = 0
