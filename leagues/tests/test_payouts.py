import copy
import io
import random
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.sites import AdminSite
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.base import SessionBase
from django.core.management import CommandError, call_command
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.test import RequestFactory, TestCase
from django.urls import reverse

from leagues import csvfiles, rules
from leagues.admin.rewards import PayoutRunAdmin, RewardRateFormSet, close_season
from leagues.admin.seasons import SeasonAdmin
from leagues.demo.payouts import pay_closed_seasons
from leagues.exceptions import RuleViolation
from leagues.models import (
    PayoutRun,
    Publication,
    RewardPayout,
    RewardRate,
    Season,
    StaffAction,
)
from leagues.selectors import payouts as selectors
from leagues.services import payouts, seasons
from leagues.services.standings import close_round, publish_standings
from leagues.signals import payout_run_finished
from leagues.tasks import queue_payout_run
from leagues.tests.factories import (
    CountryFactory,
    DriverFactory,
    EntrySlotFactory,
    LobbyFactory,
    MainAreaFactory,
    RaceResultFactory,
    RegistrationFactory,
    RoundFactory,
    SeasonFactory,
    SecondaryAreaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

FOUR_GOLDS_GT1 = 9_000_000


def race(registration, round_, points):
    slot = round_.slots.first() or EntrySlotFactory(round=round_)
    RaceResultFactory(
        lobby=LobbyFactory(slot=slot), slot=slot, registration=registration, points=points
    )


def season_with_results(*, gt1=20, gt2=8, rounds=1):
    """A season whose drivers (EMEA, FR) raced; GT1 and GT2 drivers, distinct points."""
    season = SeasonFactory()
    registrations = [
        RegistrationFactory(season=season, driver__online_id=f"g1_{i:03d}") for i in range(gt1)
    ] + [
        RegistrationFactory(
            season=season, driver__online_id=f"g2_{i:03d}", driver__dr_points=15_000
        )
        for i in range(gt2)
    ]
    for number in range(1, rounds + 1):
        round_ = RoundFactory(season=season, number=number)
        for index, registration in enumerate(registrations):
            race(registration, round_, 1000 - index)
        close_round(round=round_)
    return season


def closed_season(**kwargs):
    season = season_with_results(**kwargs)
    seasons.close_season(season=season)
    season.refresh_from_db()
    return season


@pytest.fixture
def staff():
    user = UserFactory(username="payer")
    user.groups.add(Group.objects.get_or_create(name=selectors.PAYOUT_GROUP)[0])
    return user


def start(season, user, batch_size=payouts.BATCH_SIZE, **kwargs):
    """Start a payout run; its job runs here, eagerly, when the start "commits"."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        run = payouts.start_payout_run(season=season, user=user, **kwargs)
        queue_payout_run(run, batch_size=batch_size)
    return run


def pay(season, user, **kwargs):
    start(season, user, **kwargs)
    return PayoutRun.objects.get(season=season)


# Closing a season


def test_closing_a_season_publishes_final_standings_and_freezes_them():
    season = season_with_results()
    assert seasons.close_season(season=season) is True
    season.refresh_from_db()
    assert season.status == "closed" and season.closed_at is not None
    final = selectors.final_publication(season)
    assert final is not None and final.is_final
    with pytest.raises(RuleViolation, match="frozen"):
        publish_standings(season=season)


def test_closing_a_closed_season_again_changes_nothing():
    season = closed_season()
    versions = Publication.objects.count()
    assert seasons.close_season(season=season) is False
    assert Publication.objects.count() == versions


def test_a_season_with_an_open_round_cannot_close():
    season = season_with_results()
    RoundFactory(season=season, number=2)
    with pytest.raises(RuleViolation, match="round\\(s\\) 2"):
        seasons.close_season(season=season)
    season.refresh_from_db()
    assert season.status == "running"
    assert not season.publications.filter(is_final=True).exists()


# Amounts


def test_a_gt1_driver_with_four_golds_gets_nine_million_credits_with_the_default_table(staff):
    season = closed_season(gt1=1, gt2=0)
    pay(season, staff)
    payout_rows = RewardPayout.objects.filter(season=season)
    assert sorted(payout_rows.values_list("medal", flat=True)) == ["GOLD"] * 4
    assert sum(payout_rows.values_list("credits", flat=True)) == FOUR_GOLDS_GT1


def test_gt2_drivers_are_paid_the_table_and_gt1_drivers_the_multiplier(staff):
    season = closed_season(gt1=1, gt2=1)
    pay(season, staff)
    regional = dict(
        RewardPayout.objects.filter(season=season, tier="REGIONAL").values_list("league", "credits")
    )
    assert regional == {"GT1": 3_000_000, "GT2": 1_500_000}


def test_the_preview_totals_equal_the_ledger_totals_and_the_csv_files_agree(staff):
    season = closed_season(gt1=37, gt2=23)
    preview = selectors.payout_preview(season=season)
    assert preview.awards > 0 and RewardPayout.objects.count() == 0
    preview_csv = list(selectors.preview_rows(season=season))
    run = pay(season, staff, expected_awards=preview.awards, expected_credits=preview.credits)
    assert run.status == "finished"
    assert (run.paid_awards, run.paid_credits) == (preview.awards, preview.credits)
    assert (run.expected_awards, run.expected_credits) == (preview.awards, preview.credits)
    assert selectors.ledger_totals(season=season) == (preview.awards, preview.credits)
    assert list(selectors.ledger_rows(season=season)) == preview_csv
    assert sum(line.credits for line in preview.by_region) == preview.credits
    assert preview.largest[0].credits == FOUR_GOLDS_GT1


# Exactly once


def test_starting_a_run_twice_gives_one_run_and_one_ledger(staff):
    season = closed_season()
    first = start(season, staff)
    second = start(season, staff)
    assert first.pk == second.pk
    assert PayoutRun.objects.count() == 1
    assert RewardPayout.objects.count() == first.expected_awards


def test_a_finished_run_run_again_pays_nothing_more(staff):
    season = closed_season()
    run = pay(season, staff)
    signals = []
    payout_run_finished.connect(lambda **kw: signals.append(kw), weak=False)
    payouts.pay_run(run=run)
    with TestCase.captureOnCommitCallbacks(execute=True):
        queue_payout_run(payouts.resume_payout_run(run=run, user=staff))
    run.refresh_from_db()
    assert RewardPayout.objects.count() == run.expected_awards == run.paid_awards
    assert signals == []


def test_a_run_that_fails_halfway_is_resumed_without_a_duplicate(staff, monkeypatch):
    season = closed_season(gt1=30, gt2=10)
    real_locked = payouts._lock_running
    calls = []

    def failing_third_batch(run):
        calls.append(run.pk)
        if len(calls) == 3:
            raise RuntimeError("worker lost")
        return real_locked(run)

    monkeypatch.setattr(payouts, "_lock_running", failing_third_batch)
    with pytest.raises(RuntimeError):
        start(season, staff, batch_size=10)
    run = PayoutRun.objects.get(season=season)
    assert run.status == "failed" and "worker lost" in run.last_error
    assert 0 < run.paid_awards == RewardPayout.objects.count() < run.expected_awards

    monkeypatch.setattr(payouts, "_lock_running", real_locked)
    start(season, staff, batch_size=10)  # starting a failed run resumes it
    run.refresh_from_db()
    assert run.status == "finished" and run.last_error == ""
    assert RewardPayout.objects.count() == run.expected_awards == run.paid_awards
    assert StaffAction.objects.filter(action="payout run failed").count() == 1


def test_a_ledger_row_written_before_a_crash_is_not_written_again(staff):
    season = closed_season()
    run = payouts.start_payout_run(season=season, user=staff)
    final = selectors.final_publication(season)
    assert final is not None
    standing = final.standings.exclude(medal="").earliest("pk")
    RewardPayout.objects.create(
        season=season,
        run=run,
        registration_id=standing.registration_id,
        league=standing.league,
        tier=standing.tier,
        scope=standing.scope,
        medal=standing.medal,
        credits=1,
    )
    payouts.pay_run(run=run, batch_size=3)
    run.refresh_from_db()
    assert RewardPayout.objects.count() == run.expected_awards == run.paid_awards


# Refusals


def test_a_payout_before_the_season_is_closed_is_refused_and_writes_nothing(staff):
    season = season_with_results()
    publish_standings(season=season, final=True)
    with pytest.raises(RuleViolation, match="not closed"):
        payouts.start_payout_run(season=season, user=staff)
    assert not PayoutRun.objects.exists() and not RewardRate.objects.exists()


def test_a_user_outside_the_payout_group_cannot_start_a_run():
    season = closed_season()
    with pytest.raises(RuleViolation, match="Payout staff"):
        payouts.start_payout_run(season=season, user=UserFactory(is_staff=True))
    assert not PayoutRun.objects.exists()


def test_the_check_is_the_run_payouts_permission_not_the_group_name():
    holder = UserFactory(username="holder")
    holder.user_permissions.add(Permission.objects.get(codename="run_payouts"))
    renamed = Group.objects.get(name=selectors.PAYOUT_GROUP)
    member = UserFactory(username="member")
    member.groups.add(renamed)
    renamed.permissions.remove(Permission.objects.get(codename="run_payouts"))
    assert selectors.can_run_payouts(holder)
    assert not selectors.can_run_payouts(member)


def test_a_run_confirmed_on_stale_totals_is_refused(staff):
    season = closed_season()
    preview = selectors.payout_preview(season=season)
    with pytest.raises(RuleViolation, match="changed since the preview"):
        payouts.start_payout_run(
            season=season, user=staff, expected_awards=preview.awards, expected_credits=1
        )
    assert not PayoutRun.objects.exists()


def bad_table():
    table = copy.deepcopy(rules.DEFAULT_REWARDS)
    table["DOMESTIC"]["GOLD"] = 2_000_000  # more than regional gold
    table["MAIN_AREA"]["BRONZE"] = -1
    return table


def test_a_reward_table_that_breaks_the_rules_is_refused():
    season = SeasonFactory()
    with pytest.raises(RuleViolation) as refused:
        payouts.update_reward_table(season=season, table=bad_table(), gt1_multiplier=2)
    assert any(
        "REGIONAL must pay at least as much as DOMESTIC" in m for m in refused.value.messages
    )
    assert any("negative" in m for m in refused.value.messages)
    assert not RewardRate.objects.exists()


def test_a_reward_table_edit_after_payouts_started_is_refused(staff):
    season = closed_season()
    pay(season, staff)
    table = selectors.reward_table(season)
    table["REGIONAL"]["GOLD"] += 1
    with pytest.raises(RuleViolation, match="can no longer change"):
        payouts.update_reward_table(season=season, table=table, gt1_multiplier=2)
    assert RewardRate.objects.get(season=season, tier="REGIONAL", medal="GOLD").credits == 1_500_000


def test_a_valid_reward_table_is_stored_and_used_by_the_preview(staff):
    season = closed_season(gt1=1, gt2=0)
    table = selectors.reward_table(season)
    table["REGIONAL"]["GOLD"] = 2_000_000
    payouts.update_reward_table(season=season, table=table, gt1_multiplier=3)
    season.refresh_from_db()
    assert selectors.payout_preview(season=season).credits == 3 * (
        2_000_000 + 1_250_000 + 1_000_000 + 750_000
    )


# Admin


def admin_formset(season, rows, multiplier=2):
    FormSet: type[BaseInlineFormSet] = inlineformset_factory(
        Season, RewardRate, formset=RewardRateFormSet, fields=("tier", "medal", "credits"), extra=0
    )
    data = {
        "reward_rates-TOTAL_FORMS": str(len(rows)),
        "reward_rates-INITIAL_FORMS": str(len(rows)),
    }
    for index, rate in enumerate(rows):
        data.update(
            {
                f"reward_rates-{index}-id": str(rate.pk),
                f"reward_rates-{index}-season": str(season.pk),
                f"reward_rates-{index}-tier": rate.tier,
                f"reward_rates-{index}-medal": rate.medal,
                f"reward_rates-{index}-credits": str(rate.credits),
            }
        )
    season.gt1_multiplier = multiplier
    return FormSet, data


def test_the_admin_reward_table_refuses_a_silver_above_gold():
    season = SeasonFactory()
    payouts.ensure_reward_table(season=season)
    rates = list(season.reward_rates.order_by("pk"))
    FormSet, data = admin_formset(season, rates)
    silver = next(i for i, r in enumerate(rates) if (r.tier, r.medal) == ("REGIONAL", "SILVER"))
    data[f"reward_rates-{silver}-credits"] = "1600000"
    formset = FormSet(data, instance=season, prefix="reward_rates")
    assert not formset.is_valid()
    assert "REGIONAL: GOLD must pay at least as much as SILVER." in formset.non_form_errors()


def test_the_admin_reward_table_is_frozen_once_payouts_started(staff):
    season = closed_season()
    pay(season, staff)
    rates = list(season.reward_rates.order_by("pk"))
    FormSet, data = admin_formset(season, rates, multiplier=3)
    formset = FormSet(data, instance=season, prefix="reward_rates")
    assert not formset.is_valid()
    assert "can no longer change" in str(formset.non_form_errors())


def test_the_admin_action_closes_a_season_or_says_why_not():
    ready, not_ready = season_with_results(), SeasonFactory(year=2023)
    RoundFactory(season=not_ready, number=1)
    # As confirmed on the action's confirmation page (leagues/tests/test_guard_rails.py).
    request = RequestFactory().post("/", {"confirmed": "yes", "acknowledge": "yes"})
    request.user = UserFactory()
    request.session = SessionBase()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]  # as MessageMiddleware
    season_admin = admin.site._registry[Season]
    close_season(season_admin, request, Season.objects.filter(pk__in=[ready.pk, not_ready.pk]))
    ready.refresh_from_db()
    not_ready.refresh_from_db()
    assert (ready.status, not_ready.status) == ("closed", "running")
    assert any("round(s) 1" in str(m) for m in get_messages(request))


def test_the_payout_admin_pages_are_read_only(admin_client, staff):
    season = closed_season(gt1=2, gt2=0)
    pay(season, staff)
    run_list = admin_client.get(reverse("admin:leagues_payoutrun_changelist"))
    assert run_list.status_code == 200
    assert reverse("leagues:payout_run", kwargs={"season": season.label}) in run_list.text
    online_id = RewardPayout.objects.earliest("pk").registration.driver.online_id
    ledger = admin_client.get(reverse("admin:leagues_rewardpayout_changelist"), {"q": online_id})
    assert ledger.status_code == 200 and online_id in ledger.text
    run_admin = PayoutRunAdmin(PayoutRun, AdminSite())
    assert not run_admin.has_add_permission(None)
    assert not run_admin.has_change_permission(None)


# Pages


def test_payout_pages_answer_403_outside_the_payout_group(client):
    season = closed_season(gt1=2, gt2=0)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    label = {"season": season.label}
    for name in ("payout_preview", "payout_preview_csv", "payout_confirm", "payout_csv"):
        assert client.get(reverse(f"leagues:{name}", kwargs=label)).status_code == 403
    assert client.post(reverse("leagues:payout_confirm", kwargs=label)).status_code == 403
    assert not PayoutRun.objects.exists()


def test_payout_pages_send_anonymous_visitors_to_log_in(client):
    season = closed_season(gt1=2, gt2=0)
    response = client.get(reverse("leagues:payout_preview", kwargs={"season": season.label}))
    assert response.status_code == 302 and "login" in response.url


def test_the_preview_page_refuses_a_season_that_is_not_closed(client, staff):
    season = season_with_results()
    client.force_login(staff)
    label = {"season": season.label}
    response = client.get(reverse("leagues:payout_preview", kwargs=label))
    assert response.status_code == 400 and "not closed" in response.text
    response = client.post(
        reverse("leagues:payout_confirm", kwargs=label),
        {"expected_awards": 0, "expected_credits": 0},
    )
    assert response.status_code == 400 and "not closed" in response.text
    assert not PayoutRun.objects.exists()


def test_preview_confirm_run_and_export_from_the_pages(client, staff):
    season = closed_season(gt1=1, gt2=3)
    client.force_login(staff)
    label = {"season": season.label}
    preview = client.get(reverse("leagues:payout_preview", kwargs=label))
    assert preview.status_code == 200 and "9,000,000" in preview.text
    preview_csv = b"".join(
        client.get(reverse("leagues:payout_preview_csv", kwargs=label)).streaming_content
    ).decode()
    assert preview_csv.splitlines()[0] == ",".join(csvfiles.PAYOUTS)
    assert not RewardPayout.objects.exists()

    confirm = client.get(reverse("leagues:payout_confirm", kwargs=label))
    totals = selectors.payout_preview(season=season)
    assert totals.publication is not None
    assert f'value="{totals.credits}"' in confirm.text
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("leagues:payout_confirm", kwargs=label),
            {
                "expected_awards": totals.awards,
                "expected_credits": totals.credits,
                "expected_publication": totals.publication.pk,
                "expected_table": totals.table_digest,
            },
        )
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200 and "Finished" in page.text and staff.username in page.text
    ledger_csv = b"".join(
        client.get(reverse("leagues:payout_csv", kwargs=label)).streaming_content
    ).decode()
    assert ledger_csv == preview_csv


def test_export_payouts_writes_the_ledger_as_payouts_csv(staff):
    season = closed_season(gt1=1, gt2=0)
    with pytest.raises(CommandError, match="not been paid"):
        call_command("export_payouts", "--season", season.label, stdout=io.StringIO())
    pay(season, staff)
    out = io.StringIO()
    call_command("export_payouts", "--season", season.label, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "season,online_id,league,tier,scope,medal,credits"
    assert lines[1] == "2024,g1_000,GT1,REGIONAL,EMEA,GOLD,3000000"
    assert len(lines) == 5


def test_a_driver_sees_their_own_awards_on_their_season_page(client, staff):
    season = closed_season(gt1=1, gt2=0)
    pay(season, staff)
    registration = season.registrations.get()
    registration.driver.user = UserFactory()
    registration.driver.save()
    url = reverse(
        "leagues:driver_season",
        kwargs={"season": season.label, "online_id": registration.driver.online_id},
    )
    assert "9,000,000" not in client.get(url).text
    client.force_login(registration.driver.user)
    page = client.get(url)
    assert page.status_code == 200 and "9,000,000" in page.text


# Demo


def test_the_demo_step_pays_every_closed_season_once():
    UserFactory(username="admin", is_superuser=True, is_staff=True)
    season = closed_season(gt1=3, gt2=2)
    pay_closed_seasons(rng=random.Random(0), log=lambda line: None)
    pay_closed_seasons(rng=random.Random(0), log=lambda line: None)
    run = PayoutRun.objects.get(season=season)
    assert run.status == "finished"
    assert RewardPayout.objects.count() == run.expected_awards


def test_a_driver_alone_in_another_country_wins_its_domestic_and_area_golds(staff):
    season = SeasonFactory()
    italy = SecondaryAreaFactory(main_area=MainAreaFactory(country=CountryFactory(code="IT")))
    french = [RegistrationFactory(season=season) for _ in range(3)]
    italian = RegistrationFactory(
        season=season, driver=DriverFactory(secondary_area=italy, dr_points=12_000)
    )
    round_ = RoundFactory(season=season, number=1)
    for points, registration in enumerate([*french, italian]):
        race(registration, round_, 100 - points)
    close_round(round=round_)
    seasons.close_season(season=season)
    run = pay(season, staff)
    awards = dict(RewardPayout.objects.filter(registration=italian).values_list("tier", "scope"))
    assert awards == {
        "REGIONAL": "EMEA",
        "DOMESTIC": "IT",
        "MAIN_AREA": "IT-M1",
        "SECONDARY_AREA": "IT-M1-S1",
    }
    assert run.paid_awards == RewardPayout.objects.count()


def test_the_preview_page_costs_the_same_few_queries_whatever_the_season_size(
    client, staff, django_assert_max_num_queries
):
    season = closed_season(gt1=40, gt2=20)
    client.force_login(staff)
    # Constant per request: the session, the user, the permissions the header reads, the page.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("leagues:payout_preview", kwargs={"season": season.label}))
    assert response.status_code == 200


# A run is pinned to what was confirmed; a season never goes back


def reopen_and_change_behind_the_services(season):
    """What an organiser could do in the admin before: reopen, race more, close again."""
    Season.objects.filter(pk=season.pk).update(status="running")
    round_ = RoundFactory(season=season, number=2)
    for index in range(12):
        newcomer = RegistrationFactory(season=season, driver__online_id=f"late_{index:02d}")
        race(newcomer, round_, 5000 - index)
    close_round(round=round_)
    publish_standings(season=season, final=True)
    RewardRate.objects.filter(season=season, tier="REGIONAL", medal="GOLD").update(
        credits=9_999_999
    )
    Season.objects.filter(pk=season.pk).update(status="closed")


def test_a_resumed_run_pays_the_publication_and_table_it_was_confirmed_on(staff):
    season = closed_season()
    confirmed = selectors.final_publication(season)
    run = payouts.start_payout_run(season=season, user=staff)
    reopen_and_change_behind_the_services(season)
    assert selectors.final_publication(season) != confirmed

    payouts.pay_run(run=run)
    run.refresh_from_db()
    assert run.status == "finished" and run.publication == confirmed
    assert (run.paid_awards, run.paid_credits) == (run.expected_awards, run.expected_credits)
    paid = set(RewardPayout.objects.values_list("registration_id", "tier", "medal"))
    medals = set(
        confirmed.standings.exclude(medal="").values_list("registration_id", "tier", "medal")
    )
    assert paid == medals
    assert not RewardPayout.objects.filter(credits=2 * 9_999_999).exists()
    preview = selectors.payout_preview(season=season)
    assert (preview.awards, preview.credits) == (run.expected_awards, run.expected_credits)


def test_a_run_whose_ledger_differs_from_the_confirmed_totals_stops_and_says_so(staff):
    season = closed_season()
    run = payouts.start_payout_run(season=season, user=staff)
    gold = run.publication.standings.filter(medal="GOLD").first()
    assert gold is not None
    gold.delete()
    signals = []
    payout_run_finished.connect(lambda **kw: signals.append(kw), weak=False)

    with TestCase.captureOnCommitCallbacks(execute=True):
        payouts.pay_run(run=run)
    run.refresh_from_db()
    assert run.status == "stopped" and run.finished_at is None
    assert run.paid_awards == run.expected_awards - 1
    assert f"{run.expected_awards} awards" in run.last_error
    assert f"{run.paid_awards} awards" in run.last_error
    assert StaffAction.objects.filter(action="payout run stopped").count() == 1
    assert not StaffAction.objects.filter(action="payout run finished").exists()
    assert signals == []


def test_a_confirmation_made_on_other_final_standings_or_another_table_is_refused(staff):
    season = closed_season()
    preview = selectors.payout_preview(season=season)
    assert preview.publication is not None
    confirmed: dict[str, Any] = {
        "expected_awards": preview.awards,
        "expected_credits": preview.credits,
    }
    with pytest.raises(RuleViolation, match="final standings .* changed"):
        payouts.start_payout_run(
            season=season,
            user=staff,
            expected_publication=preview.publication.pk + 1,
            expected_table=preview.table_digest,
            **confirmed,
        )
    with pytest.raises(RuleViolation, match="reward table .* changed"):
        payouts.start_payout_run(
            season=season,
            user=staff,
            expected_publication=preview.publication.pk,
            expected_table="0" * 16,
            **confirmed,
        )
    assert not PayoutRun.objects.exists()


def test_a_seasons_status_moves_forward_only():
    season = SeasonFactory(status="upcoming")
    assert seasons.advance_season(season=season, to="open") is True
    assert seasons.advance_season(season=season, to="open") is False
    assert seasons.advance_season(season=season, to="running") is True
    with pytest.raises(RuleViolation, match="only moves forward"):
        seasons.advance_season(season=season, to="open")
    season.refresh_from_db()
    assert season.status == "running"


def test_a_paid_season_can_never_be_reopened(staff):
    season = closed_season()
    pay(season, staff)
    for status in ("upcoming", "open", "running"):
        with pytest.raises(RuleViolation, match="only moves forward"):
            seasons.advance_season(season=season, to=status)
    season.refresh_from_db()
    assert season.status == "closed"


def test_the_season_admin_shows_the_status_but_offers_no_field_to_edit_it(admin_client):
    season = closed_season()
    admin = SeasonAdmin(Season, AdminSite())
    request = RequestFactory().get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert "status" not in admin.get_form(request, season).base_fields
    page = admin_client.get(reverse("admin:leagues_season_change", args=[season.pk]))
    assert page.status_code == 200 and 'name="status"' not in page.text


def test_the_admin_actions_move_a_season_forward_or_say_why_not():
    upcoming, running = SeasonFactory(status="upcoming"), SeasonFactory(year=2023)
    request = RequestFactory().post("/")
    request.user = UserFactory()
    request.session = SessionBase()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]  # as MessageMiddleware
    admin = SeasonAdmin(Season, AdminSite())
    admin.open_registration(request, Season.objects.filter(pk__in=[upcoming.pk, running.pk]))
    upcoming.refresh_from_db()
    running.refresh_from_db()
    assert (upcoming.status, running.status) == ("open", "running")
    assert any("only moves forward" in str(m) for m in get_messages(request))
