"""Demo step: the 2024 live events (invented event names, venues, commentators).

Runs after the leagues' demo. It uses the published GT1 regional standings
when there are some, else the GT1 registrations; with fewer than a dozen GT1
drivers it registers invented ones so the pages always have a full field.
"""

import datetime as dt
import random
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import F
from django.utils import timezone

from leagues.demo.accounts import DEMO_ADMIN_USERNAME
from leagues.demo.online import _race, _register, _round
from leagues.demo.payouts import pay_season
from leagues.exceptions import RuleViolation
from leagues.models import (
    Country,
    Driver,
    MainArea,
    RaceServer,
    Rating,
    RatingSource,
    Registration,
    Season,
    SeasonKind,
    SeasonStatus,
    SecondaryArea,
)
from leagues.services.ratings import refresh_current_ratings
from leagues.services.seasons import close_season
from leagues.services.standings import close_round, publish_standings
from live_events.models import (
    Broadcast,
    EventEntry,
    Finalist,
    FinalistStatus,
    LiveEvent,
    LiveTiming,
    NationalTeam,
    Session,
    StewardDecision,
)
from live_events.replay import running_orders
from live_events.services.events import (
    ResultLine,
    add_steward_decision,
    confirm_results,
    enter_finalists,
    generate_grid,
    grid_penalty,
    record_results,
)
from live_events.services.finalists import (
    add_finalist_by_hand,
    confirm_finalists,
    decline_finalist,
    propose_finalists,
)
from live_events.services.predictions import make_prediction
from live_events.services.settings import ensure_live_settings
from live_events.services.teams import form_team

EVENTS = [
    # slug, name, city, venue, first day, kind, races
    (
        "montreal-2024",
        "Nations Cup Live · Montréal",
        "Montréal",
        "Quai Lumière Hall",
        dt.date(2024, 6, 8),
        "round",
        2,
    ),
    (
        "prague-2024",
        "Nations Cup Live · Prague",
        "Prague",
        "Vltava Riverside Arena",
        dt.date(2024, 7, 20),
        "round",
        2,
    ),
    (
        "tokyo-2024",
        "Nations Cup Live · Tokyo",
        "Tokyo",
        "Ariake Horizon Forum",
        dt.date(2024, 9, 14),
        "round",
        2,
    ),
    (
        "amsterdam-2024",
        "Nations Cup World Finals · Amsterdam",
        "Amsterdam",
        "IJhaven Dome",
        dt.date(2024, 11, 23),
        "world_final",
        3,
    ),
]
TRACKS = ["Lakeside Ring", "Castle Hill Circuit", "Bayfront Street Circuit", "Polder Park GP"]
CARS = ["Gr.3 prototype coupé", "Gr.4 touring car", "Single-seater SF-24", "Gr.1 endurance car"]
COMMENTATORS = {
    "en": "Jamie Hollis, Priya Raman",
    "fr": "Élodie Marchand, Hugo Ferrand",
    "it": "Marco Bellandi, Sara Ventura",
    "es": "Lucía Robles, Diego Arrieta",
    "pt": "Rafael Moura, Inês Carvalho",
    "ja": "Kenta Morisawa, Aya Tachibana",
}
# Invented GT1 drivers, added only when the season has too few (country, online id, name).
FALLBACK_DRIVERS = [
    ("US", "RedlineRowan", "Rowan Pierce"),
    ("CA", "NorthApex", "Émile Gagnon"),
    ("US", "DesertDrift", "Caleb Ortiz"),
    ("BR", "Serra_Veloz", "Tiago Serra"),
    ("MX", "ElCometa", "Andrés Lozano"),
    ("AR", "PampaPace", "Bruno Ferreyra"),
    ("FR", "Cote_Rapide", "Julien Arnaud"),
    ("DE", "Kurvenkoenig", "Lukas Brenner"),
    ("GB", "WetLineWill", "Will Ashdown"),
    ("ES", "Curva_Dorada", "Pablo Ibarra"),
    ("IT", "Staccata", "Matteo Rinaldi"),
    ("JP", "Kaze_no_Line", "Haruto Ishikawa"),
    ("JP", "ApexKitsune", "Ren Kobayashi"),
    ("KR", "HanRiverRun", "Min-jun Seo"),
    ("AU", "Southern_Slip", "Lachlan Reid"),
    ("NZ", "KiwiSlipstream", "Tane Walker"),
]


def create_live_events(*, rng: random.Random, log) -> None:
    """The 2024 finalists, the Montréal, Prague and Tokyo rounds and the Amsterdam final."""
    season = (
        Season.objects.filter(year=2024, kind=SeasonKind.OFFICIAL).first()
        or Season.objects.order_by("-year").first()
    )
    if season is None:
        log("live events: no season to attach live events to; skipped.")
        return
    if LiveEvent.objects.filter(season=season).exists():
        log("live events: already present; left as they are.")
        return
    settings = ensure_live_settings(season=season)
    _ensure_gt1_drivers(season, rng)
    events = [_create_event(season, rng, *row) for row in EVENTS]
    proposal = propose_finalists(season=season)
    _decline_one(proposal, season, log)
    finalists = confirm_finalists(season=season)
    log(f"live events: {len(finalists)} finalists confirmed (quotas {settings.region_quotas}).")
    viewers = _demo_viewers()
    skill = {f.driver_id: rng.gauss(0, 0.4) for f in finalists}
    for event in events:
        enter_finalists(event=event)
        _run_event(event, rng, skill, viewers)
        log(f"live events: {event.name} run ({event.sessions.count()} sessions).")


def _ensure_gt1_drivers(season: Season, rng: random.Random) -> None:
    if Registration.objects.filter(season=season, league="GT1").count() >= 16:
        return
    for code, online_id, name in FALLBACK_DRIVERS:
        _register_invented(season, rng, code, online_id, name)


def _register_invented(season: Season, rng: random.Random, code, online_id, name) -> None:
    """An invented adult GT1 driver registered in ``season`` (skipped where the country or
    the online id is missing or taken)."""
    country = Country.objects.filter(code=code).first()
    main = MainArea.objects.filter(country=country).first() if country else None
    secondary = SecondaryArea.objects.filter(main_area=main).first() if main else None
    if country is None or main is None or secondary is None:
        return
    if Driver.objects.filter(online_id=online_id).exists():
        return
    driver = Driver.objects.create(
        online_id=online_id,
        display_name=name,
        birth_date=dt.date(rng.randint(1992, 2004), rng.randint(1, 12), rng.randint(1, 28)),
        country=country,
        main_area=main,
        secondary_area=secondary,
        bio_team=rng.choice(["Apex Collective", "Slipstream Racing", "Team Kerb", ""]),
    )
    rating = Rating.objects.create(
        driver=driver,
        dr_points=rng.randint(40_000, 80_000),
        rated_races=rng.randint(40, 300),
        sr_grade="S",
        rated_at=season.registration_opens,
        source=RatingSource.FEED,
    )
    refresh_current_ratings(driver_ids=[driver.pk])
    driver.rating = rating
    Registration.objects.get_or_create(
        season=season,
        driver=driver,
        defaults={
            "display_name": name,
            "birth_date": driver.birth_date,
            "dr_points": driver.dr_points,
            "rating": rating,
            "league": "GT1",
            "region": country.region,
            "country": country,
            "main_area": main,
            "secondary_area": secondary,
        },
    )


def _create_event(season, rng, slug, name, city, venue, first_day, kind, races) -> LiveEvent:
    event = LiveEvent.objects.create(
        season=season,
        slug=slug,
        name=name,
        city=city,
        venue=venue,
        starts_on=first_day,
        ends_on=first_day + dt.timedelta(days=1),
        kind=kind,
    )
    languages = list(COMMENTATORS) if kind == "world_final" else ["en", rng.choice(["fr", "es"])]
    Broadcast.objects.bulk_create(
        Broadcast(
            event=event,
            language=code,
            commentators=COMMENTATORS[code],
            stream_url=f"https://stream.nationscup.example/{slug}/{code}",
        )
        for code in languages
    )
    day = dt.datetime.combine(first_day, dt.time(15), tzinfo=dt.UTC)
    names = ["Qualifying", *(f"Race {n}" for n in range(1, races + 1))]
    if kind == "world_final":
        names[-1] = "Grand Final"
    car, track = rng.choice(CARS), rng.choice(TRACKS)
    for order, session_name in enumerate(names, start=1):
        Session.objects.create(
            event=event,
            order=order,
            kind="qualifying" if order == 1 else "race",
            name=session_name,
            laps=0 if order == 1 else 12 + 2 * (order - 2),
            car=car,
            track=track,
            starts_at=day + dt.timedelta(days=(order - 1) // 2, hours=2 * ((order - 1) % 2)),
        )
    return event


def _decline_one(proposal, season, log) -> None:
    """One selected driver with an alternate behind them declines, to show the mechanism."""
    regions_with_alternates = {f.region for f in proposal if f.status == FinalistStatus.ALTERNATE}
    for finalist in proposal:
        if (
            finalist.status == FinalistStatus.SELECTED
            and finalist.region in regions_with_alternates
        ):
            decline_finalist(finalist=finalist, note="Declined: work commitments that week.")
            log(f"live events: {finalist.driver} declined; the first alternate moved up.")
            return


def _demo_viewers():
    User = get_user_model()
    viewers = []
    for username in ("viewer_ana", "viewer_ben", "viewer_chloe"):
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@nationscup.local"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        viewers.append(user)
    return viewers


def _run_event(event, rng, skill, viewers) -> None:
    sessions = list(event.sessions.order_by("order"))
    entrants = [entry.driver for entry in event.entries.select_related("driver")]
    qualifying = sessions[0]
    laps = {d.pk: 90_000 + int((skill[d.pk] + rng.gauss(0, 0.25)) * 1000) for d in entrants}
    order = sorted(entrants, key=lambda d: (laps[d.pk], d.pk))
    record_results(
        session=qualifying,
        lines=[
            ResultLine(driver=d, finish_position=p, best_lap_ms=laps[d.pk])
            for p, d in enumerate(order, start=1)
        ],
    )
    confirm_results(session=qualifying)
    for race in sessions[1:]:
        grid = [slot.driver for slot in generate_grid(session=race)]
        if event.slug.startswith("tokyo") and race.order == 3:
            grid = [
                slot.driver
                for slot in grid_penalty(
                    session=race,
                    driver=grid[1],
                    places=3,
                    reason="3-place grid penalty: causing a collision in Race 1.",
                )
            ]
        for viewer in viewers:
            make_prediction(
                user=viewer,
                session=race,
                winner=rng.choice(grid[:4]),
                now=race.starts_at - dt.timedelta(hours=1),
            )
        record_results(session=race, lines=_race_lines(race, grid, rng, skill))
        if race.order == 2 and event.kind == "round":
            culprit = rng.choice(grid[:6])
            add_steward_decision(
                session=race,
                driver=culprit,
                kind=StewardDecision.Kind.TIME_PENALTY,
                seconds=5,
                note="Gaining an advantage by leaving the track at the final chicane.",
            )
        confirm_results(session=race)


def _race_lines(race, grid, rng, skill) -> list[ResultLine]:
    """Race times from pace, grid position and luck; a rare retirement outside the final."""
    times = {}
    for index, driver in enumerate(grid):
        lap = 90_000 + (skill[driver.pk] + rng.gauss(0, 0.3)) * 1000
        times[driver.pk] = int(lap * race.laps + index * 600 + rng.randint(0, 1500))
    retired = set()
    if race.event.kind == "round" and rng.random() < 0.5:
        retired.add(rng.choice(grid[3:]).pk)
    finishers = sorted((d for d in grid if d.pk not in retired), key=lambda d: times[d.pk])
    lines = [
        ResultLine(
            driver=d,
            finish_position=p,
            laps=race.laps,
            total_time_ms=times[d.pk],
            best_lap_ms=times[d.pk] // race.laps - rng.randint(200, 900),
        )
        for p, d in enumerate(finishers, start=1)
    ]
    for offset, pk in enumerate(retired, start=len(lines) + 1):
        driver = next(d for d in grid if d.pk == pk)
        lines.append(
            ResultLine(
                driver=driver,
                finish_position=offset,
                status="DNF",
                laps=rng.randint(1, race.laps - 1),
            )
        )
    return lines


# --- Today's live day (the running season) ---------------------------------------------------

LIVE_DAY_SERVER = "Demo timing · Lisbon"
# slug, name, city, venue, region, time zone, sessions: (name, minutes from now, length,
# car, confirmed)
LIVE_DAY = [
    (
        "lisbon-live",
        "Nations Cup Live · Lisbon",
        "Lisbon",
        "Tejo Waterfront Pavilion",
        "EMEA",
        "Europe/Lisbon",
        [
            ("Qualifying", -180, 30, "Gr.3 prototype coupé", True),
            ("Race 1", -100, 40, "Gr.3 prototype coupé", True),
            ("Race 2", -5, 120, "Gr.1 endurance car", False),
        ],
    ),
    (
        "mexico-city-live",
        "Nations Cup Live · Mexico City",
        "Mexico City",
        "Foro Reforma",
        "NA",
        "America/Mexico_City",
        [
            ("Qualifying", -60, 30, "Gr.4 touring car", True),
            ("Race 1", 180, 40, "Gr.4 touring car", False),
            ("Race 2", 300, 60, "Single-seater SF-24", False),
        ],
    ),
]
LIVE_RACE = ("lisbon-live", 3)  # the session whose timing the demo replays
FACTS = {
    "equipment": "Standard rigs on stage: direct-drive wheel base (15 Nm), load-cell pedals, "
    "the same seat and screen for every driver.",
    "travel": "Flights, two hotel nights and transfers covered for every finalist and one "
    "companion.",
    "audience": "Free entry with a ticket from the venue's site; doors open 90 minutes before "
    "qualifying; step-free access.",
}


def create_live_day(*, rng: random.Random, log) -> None:
    """Two live events of the running season today: Lisbon on now (qualifying and race 1
    confirmed, race 2 running: ``manage.py replay_live_timing`` replays its timing), and
    Mexico City later (qualifying done, race 1's prediction open). Both have the default
    watch campaign."""
    season = Season.objects.filter(status=SeasonStatus.RUNNING).order_by("-year").first()
    if season is None or LiveEvent.objects.filter(slug=LIVE_DAY[0][0]).exists():
        log("live day: no running season, or already present; skipped.")
        return
    ensure_live_settings(season=season)
    drivers = [
        registration.driver
        for registration in Registration.objects.filter(season=season, league="GT1")
        .select_related("driver")
        .order_by("-dr_points", "pk")[:24]
    ]
    if len(drivers) < 8:
        log("live day: too few GT1 drivers this season; skipped.")
        return
    now = timezone.now().replace(second=0, microsecond=0)
    viewers = _demo_viewers()
    skill = {d.pk: rng.gauss(0, 0.4) for d in drivers}
    for index, (slug, name, city, venue, region, zone, sessions) in enumerate(LIVE_DAY):
        entrants = drivers[index * 12 : index * 12 + 12] if len(drivers) >= 24 else drivers[:12]
        event = _live_day_event(season, now, slug, name, city, venue, region, zone, sessions)
        EventEntry.objects.bulk_create(
            EventEntry(event=event, driver=driver, number=number)
            for number, driver in enumerate(entrants, start=1)
        )
        _run_live_day(event, sessions, rng, {d.pk: skill[d.pk] for d in entrants}, viewers)
        log(f"live day: {event.name} ({event.sessions.count()} sessions).")
    if not RaceServer.objects.filter(name=LIVE_DAY_SERVER).exists():
        server = RaceServer(name=LIVE_DAY_SERVER, region="EMEA")
        server.set_new_token()  # nobody knows it: the replay command gives it a new one
        server.save()


def _live_day_event(season, now, slug, name, city, venue, region, zone, sessions) -> LiveEvent:
    event = LiveEvent.objects.create(
        season=season,
        slug=slug,
        name=name,
        city=city,
        venue=venue,
        region=region,
        time_zone=zone,
        starts_on=now.date(),
        ends_on=now.date(),
        **FACTS,
    )
    languages = ["en", "pt", "fr"] if region == "EMEA" else ["en", "es"]
    Broadcast.objects.bulk_create(
        Broadcast(
            event=event,
            language=code,
            commentators=COMMENTATORS[code],
            stream_url=f"https://stream.nationscup.example/{slug}/{code}",
        )
        for code in languages
    )
    track = TRACKS[len(slug) % len(TRACKS)]
    for order, (session_name, offset, length, car, _confirmed) in enumerate(sessions, start=1):
        starts_at = now + dt.timedelta(minutes=offset)
        Session.objects.create(
            event=event,
            order=order,
            kind="qualifying" if order == 1 else "race",
            name=session_name,
            laps=0 if order == 1 else 10 + 2 * order,
            car=car,
            track=track,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=length),
        )
    return event


def _run_live_day(event, sessions, rng, skill, viewers) -> None:
    """Confirm what is over, set the next race's grid, and let the viewers predict it."""
    entrants = [entry.driver for entry in event.entries.select_related("driver")]
    rows = list(event.sessions.order_by("order"))
    qualifying = rows[0]
    laps = {d.pk: 90_000 + int((skill[d.pk] + rng.gauss(0, 0.25)) * 1000) for d in entrants}
    order = sorted(entrants, key=lambda d: (laps[d.pk], d.pk))
    record_results(
        session=qualifying,
        lines=[
            ResultLine(driver=d, finish_position=p, best_lap_ms=laps[d.pk])
            for p, d in enumerate(order, start=1)
        ],
    )
    confirm_results(session=qualifying)
    for race, (_name, _offset, _length, _car, confirmed) in zip(rows[1:], sessions[1:]):
        grid = [slot.driver for slot in generate_grid(session=race)]
        for viewer in viewers:
            make_prediction(
                user=viewer,
                session=race,
                winner=rng.choice(grid[:4]),
                now=race.starts_at - dt.timedelta(minutes=30),
            )
        if not confirmed:
            return
        record_results(session=race, lines=_race_lines(race, grid, rng, skill))
        confirm_results(session=race)


def rebase_live_day(*, now: dt.datetime) -> bool:
    """Move today's demo events so that the replayed race is running at ``now`` (when
    ``make run`` starts on a later day); True if they moved."""
    slug, order = LIVE_RACE
    race = Session.objects.filter(event__slug=slug, order=order).first()
    if race is None or race.is_live_at(now):
        return False
    delta = now - dt.timedelta(minutes=5) - race.starts_at
    slugs = [row[0] for row in LIVE_DAY]
    Session.objects.filter(event__slug__in=slugs).update(
        starts_at=F("starts_at") + delta,
        ends_at=F("ends_at") + delta,
        results_confirmed_at=F("results_confirmed_at") + delta,
    )
    LiveEvent.objects.filter(slug__in=slugs).update(starts_on=now.date(), ends_on=now.date())
    LiveTiming.objects.filter(session__event__slug__in=slugs).delete()
    return True


def timing_feed(*, now: dt.datetime) -> tuple[Session, RaceServer, str, Iterator[list]]:
    """The demo's replayed race (running at ``now``), its timing server with a new token
    (returned, never stored), and the replayed running orders."""
    rebase_live_day(now=now)
    slug, order = LIVE_RACE
    race = Session.objects.select_related("event").get(event__slug=slug, order=order)
    server = RaceServer.objects.get(name=LIVE_DAY_SERVER)
    token = server.set_new_token()
    server.save(update_fields=["token_hash"])
    online_ids = list(
        race.event.entries.order_by("number").values_list("driver__online_id", flat=True)
    )
    return race, server, token, running_orders(online_ids, laps=race.laps or 12)


# --- The 2023 team-format season -------------------------------------------------------------

TEAM_SEASON_SEED = 2023
TEAM_SEASON_ROUNDS = [
    (dt.date(2023, 4, 15), "Brands Hatch", "Gr.4", "sprint"),
    (dt.date(2023, 4, 22), "Interlagos", "Gr.3", "management"),
    (dt.date(2023, 4, 29), "Fuji International Speedway", "Gr.3", "sprint"),
]
TEAM_EVENTS = [
    (
        "barcelona-2023",
        "Nations Cup Live · Barcelona",
        "Barcelona",
        "Montjuïc Pavilion",
        dt.date(2023, 6, 17),
        "round",
        2,
    ),
    (
        "seoul-2023",
        "Nations Cup Live · Seoul",
        "Seoul",
        "Han River Arena",
        dt.date(2023, 8, 19),
        "round",
        2,
    ),
    (
        "chicago-2023",
        "Nations Cup Live · Chicago",
        "Chicago",
        "Lakefront Hall",
        dt.date(2023, 9, 30),
        "round",
        2,
    ),
    (
        "monaco-2023",
        "Nations Cup World Finals · Monaco",
        "Monaco",
        "Port Hercule Pavilion",
        dt.date(2023, 11, 25),
        "world_final",
        3,
    ),
]
# The four nations of the 2023 team cup, each with invented GT1 drivers registered only when
# the nation has fewer than three adult GT1 drivers of its own (a small demo).
TEAM_NATIONS = {
    "ES": [
        ("Curva_Sur", "Álvaro Medina"),
        ("RiojaRacer", "Nerea Campos"),
        ("TarmacToro", "Iker Salinas"),
    ],
    "KR": [
        ("SeoulSector", "Ji-ho Park"),
        ("Busan_Brake", "Seo-yeon Lim"),
        ("HanApex", "Do-yun Kang"),
    ],
    "US": [
        ("MotorCityMax", "Max Delaney"),
        ("BayAreaBrake", "Tess Calloway"),
        ("LoneStarLine", "Cody Ramirez"),
    ],
    "JP": [
        ("Suzuka_Sora", "Sora Takeda"),
        ("TsukubaRin", "Rin Hayashi"),
        ("NaganoDrift", "Daiki Mori"),
    ],
}


def create_team_season(*, rng: random.Random, log) -> None:
    """The 2023 season, in the team format: three online rounds, closed and paid, then four
    national teams of three drivers invited by their federations race Barcelona, Seoul and
    Chicago and the World Finals in Monaco. The last step, on its own random stream: what
    the other steps made keeps its numbers."""
    if Season.objects.filter(year=2023, kind=SeasonKind.OFFICIAL).exists():
        log("2023 team season: already present; left as it is.")
        return
    own = random.Random(TEAM_SEASON_SEED)
    season = Season.objects.create(
        year=2023,
        registration_opens=dt.datetime(2023, 3, 1, tzinfo=dt.UTC),
        registration_closes=dt.datetime(2023, 4, 15, tzinfo=dt.UTC),
        status=SeasonStatus.RUNNING,
    )
    rounds = [
        _round(season, number, date, track, car, kind)
        for number, (date, track, car, kind) in enumerate(TEAM_SEASON_ROUNDS, start=1)
    ]
    _register(season, own, share=0.5)
    _ensure_team_drivers(season, own, first_day=TEAM_EVENTS[0][4])
    for round_ in rounds:
        _race(round_, own)
        close_round(round=round_)
    publish_standings(season=season)
    close_season(season=season)
    admin = get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME).first()
    if admin is not None:
        pay_season(season=season, admin=admin, log=log)
    events = [_create_event(season, own, *row) for row in TEAM_EVENTS]
    teams = _national_teams(season, log)
    finalists = Finalist.objects.filter(season=season, status=FinalistStatus.SELECTED)
    skill = {
        driver: own.gauss(0, 0.4)
        for driver in finalists.order_by("pk").values_list("driver_id", flat=True)
    }
    for event in events:
        enter_finalists(event=event)
        _run_event(event, own, skill, viewers=[])
    log(f"2023 team season: {len(teams)} national teams, {len(events)} live events run.")


def _ensure_team_drivers(season: Season, rng: random.Random, *, first_day: dt.date) -> None:
    """Three adult GT1 drivers for each team nation: its own, else invented ones."""
    for code, invented in TEAM_NATIONS.items():
        adults = [
            r
            for r in Registration.objects.filter(
                season=season, league="GT1", country_id=code
            ).select_related("country")
            if r.birth_date is not None
            and (r.birth_date.year + r.country.live_event_age, r.birth_date.month, r.birth_date.day)
            <= (first_day.year, first_day.month, first_day.day)
        ]
        for online_id, name in invented[: max(0, 3 - len(adults))]:
            _register_invented(season, rng, code, online_id, name)


def _national_teams(season: Season, log) -> list[NationalTeam]:
    """Each nation's federation invites its three best eligible GT1 drivers of the season."""
    registrations = (
        Registration.objects.filter(season=season, league="GT1", country_id__in=TEAM_NATIONS)
        .select_related("driver", "country")
        .annotate(total=models.Sum("round_scores__points"))
        .order_by(F("total").desc(nulls_last=True), "driver__online_id")
    )
    by_nation: dict[str, list] = {code: [] for code in TEAM_NATIONS}
    for registration in registrations:
        by_nation[registration.country_id].append(registration)
    settings = ensure_live_settings(season=season)
    settings.format, settings.team_size = settings.Format.TEAM, 3
    settings.finalists, settings.max_per_country = 3 * len(TEAM_NATIONS), 3
    settings.region_quotas = {}
    for code in TEAM_NATIONS:
        region = Country.objects.get(code=code).region
        settings.region_quotas[region] = settings.region_quotas.get(region, 0) + 3
    settings.save()
    named: dict[str, list] = {code: [] for code in TEAM_NATIONS}
    for code, candidates in by_nation.items():
        for registration in candidates:
            if len(named[code]) == 3:
                break
            try:
                add_finalist_by_hand(
                    season=season,
                    driver=registration.driver,
                    note=f"Named by the {registration.country.name} federation for the team cup.",
                )
            except RuleViolation:
                continue  # under age or suspended: the federation names the next one
            named[code].append(registration.driver)
    confirm_finalists(season=season)
    teams = [
        form_team(
            season=season,
            country=by_nation[code][0].country,
            name=f"Team {by_nation[code][0].country.name}",
            drivers=drivers,
        )
        for code, drivers in named.items()
        if len(drivers) == 3
    ]
    log(f"2023 team season: teams {', '.join(team.name for team in teams)}.")
    return teams
