import random
import secrets

from django.contrib.auth import get_user_model

DEMO_ADMIN_USERNAME = "admin"


def create_demo_staff(*, rng: random.Random, log) -> None:
    """A superuser for the demo, with a random password printed once."""
    username, password = DEMO_ADMIN_USERNAME, secrets.token_urlsafe(12)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        return
    User.objects.create_superuser(username, f"{username}@nationscup.local", password)
    log(f"Demo admin created: user '{username}', password '{password}' (log in at /admin/)")


DEMO_DRIVER_USERNAME = "driver"


def create_demo_driver(*, rng: random.Random, log) -> None:
    """A driver's account on a GT1 driver of the current season, to see My Nations Cup."""
    from leagues.models import Registration
    from leagues.selectors.seasons import current_season

    User = get_user_model()
    season = current_season()
    if season is None or User.objects.filter(username=DEMO_DRIVER_USERNAME).exists():
        return
    candidates = (
        Registration.objects.filter(
            season=season, league="GT1", region="EMEA", driver__user__isnull=True
        )
        .select_related("driver")
        .order_by("driver__online_id")
    )
    # A driver who raced and has a previous season too, so every part of the page shows.
    registration = (
        candidates.filter(driver__registrations__season__year=season.year - 1)
        .filter(results__isnull=False)
        .distinct()
        .first()
    ) or candidates.first()
    if registration is None:
        return
    password = secrets.token_urlsafe(12)
    user = User.objects.create_user(
        DEMO_DRIVER_USERNAME, f"{DEMO_DRIVER_USERNAME}@nationscup.local", password
    )
    driver = registration.driver
    driver.user = user
    driver.save(update_fields=["user"])
    _race_open_round(registration, rng)
    log(
        f"Demo driver created: user '{DEMO_DRIVER_USERNAME}', password '{password}' "
        f"(drives as {driver.online_id}; log in at /accounts/login/)"
    )


def _race_open_round(registration, rng: random.Random) -> None:
    """One lobby of the round being raced, with the demo driver in it (not closed yet), so
    My Nations Cup shows the provisional result and the last-race warning."""
    from leagues import csvfiles
    from leagues.models import Registration, Round
    from leagues.selectors.exports import utc_iso
    from leagues.services.results import import_results

    round_ = (
        Round.objects.filter(season=registration.season, status=Round.Status.SCHEDULED)
        .order_by("number")
        .first()
    )
    if round_ is None:
        return
    slot = round_.slots.filter(region="EMEA", league="GT1").order_by("starts_at").first()
    if slot is None:
        return
    others = list(
        Registration.objects.filter(season=registration.season, region="EMEA", league="GT1")
        .exclude(pk=registration.pk)
        .order_by("-dr_points")
        .values_list("driver__online_id", "dr_points")[:11]
    )
    racers = [(registration.driver.online_id, registration.dr_points), *others]
    rng.shuffle(racers)
    lines = [
        (
            registration.season.label,
            round_.number,
            utc_iso(slot.starts_at),
            "EMEA",
            "GT1",
            "A",
            online_id,
            position,
            "FIN",
            dr_points,
        )
        for position, (online_id, dr_points) in enumerate(racers, start=1)
    ]
    report = import_results("".join(csvfiles.csv_lines(csvfiles.RESULTS, lines)))
    if not report.ok:
        raise RuntimeError("Demo results were refused: " + "; ".join(report.errors[:5]))
