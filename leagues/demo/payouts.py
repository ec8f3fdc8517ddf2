"""Demo step: every closed season is paid, as a payout staff member would do it."""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from leagues.demo.accounts import DEMO_ADMIN_USERNAME
from leagues.models import PayoutRun, Season, SeasonStatus
from leagues.selectors.payouts import PAYOUT_GROUP, final_publication
from leagues.services.payouts import pay_run, start_payout_run


def pay_closed_seasons(*, rng: random.Random, log) -> None:
    """Run the whole payout of each closed season with final standings, synchronously."""
    admin = get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME).first()
    if admin is None:
        log("No demo admin; no payouts.")
        return
    admin.groups.add(Group.objects.get_or_create(name=PAYOUT_GROUP)[0])
    unpaid = Season.objects.filter(status=SeasonStatus.CLOSED).exclude(
        payout_run__status=PayoutRun.Status.FINISHED
    )
    for season in unpaid:
        if final_publication(season) is not None:
            pay_season(season=season, admin=admin, log=log)


def pay_season(*, season: Season, admin, log) -> None:
    """Run the whole payout of one closed season with final standings, synchronously."""
    run = pay_run(run=start_payout_run(season=season, user=admin))
    log(f"Paid the {season}: {run.paid_awards} awards, {run.paid_credits:,} credits.")
