"""The admin of rewards: the season's reward table, its payout run and the ledger.

The reward table is an inline of the season (``RewardRateInline``); it is
validated as a whole by the payouts service and frozen once a run exists.
Runs and ledger rows are written only by the payout job: read-only here.
"""

import copy

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leagues import rules
from leagues.exceptions import RuleViolation
from leagues.models import PayoutRun, RewardPayout, RewardRate, Season, SeasonStatus
from leagues.selectors.desk import season_close_gaps
from leagues.services import payouts, seasons

from .base import ReadOnlyAdmin, grouped
from .confirm import confirmation


class RewardRateFormSet(BaseInlineFormSet):
    """Validate the whole table (and the season's GT1 multiplier) through the service."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        season = self.instance
        table = copy.deepcopy(rules.DEFAULT_REWARDS)
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("tier") not in table:
                continue
            table[data["tier"]][data["medal"]] = data["credits"]
        stored = Season.objects.filter(pk=season.pk).values_list("gt1_multiplier", flat=True)
        multiplier_changed = season.pk is not None and season.gt1_multiplier not in stored
        try:
            payouts.check_reward_table(
                season=season,
                table=table,
                gt1_multiplier=season.gt1_multiplier,
                changed=self.has_changed() or multiplier_changed,
            )
        except RuleViolation as error:
            raise ValidationError(error.messages) from error


class RewardRateInline(admin.TabularInline):
    """A season's reward table: the defaults on first sight, read-only once payouts started."""

    model = RewardRate
    formset = RewardRateFormSet
    extra = 0
    fields = ("tier", "medal", "credits")

    def get_formset(self, request, obj=None, **kwargs):
        if obj is not None and obj.pk and not self._payouts_started(obj):
            payouts.ensure_reward_table(season=obj)
        return super().get_formset(request, obj, **kwargs)

    @staticmethod
    def _payouts_started(obj) -> bool:
        return obj is not None and PayoutRun.objects.filter(season_id=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        return not self._payouts_started(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._payouts_started(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._payouts_started(obj) and super().has_delete_permission(request, obj)


@admin.action(
    description=_("Close the selected seasons (publish their final standings)"),
    permissions=["change"],
)
def close_season(modeladmin, request, queryset):
    """SeasonAdmin's action: close each season through the service, report each outcome."""
    now = timezone.now()
    page = confirmation(
        modeladmin,
        request,
        queryset,
        title="Close seasons",
        changes=[
            f"Publish the final standings of the {season} and close it: the final standings "
            "are frozen, payouts are made from them, and nothing reopens it."
            for season in queryset
        ],
        gaps=[gap for season in queryset for gap in season_close_gaps(season=season, now=now)],
    )
    if page is not None:
        return page
    for season in queryset:
        try:
            closed = seasons.advance_season(
                season=season, to=SeasonStatus.CLOSED, user=request.user
            )
        except RuleViolation as error:
            messages.error(request, " ".join(error.messages))
            continue
        if closed:
            messages.success(request, _("%(season)s is closed.") % {"season": season})
        else:
            messages.info(request, _("%(season)s was already closed.") % {"season": season})


@admin.register(PayoutRun)
class PayoutRunAdmin(ReadOnlyAdmin):
    list_display = (
        "season",
        "status",
        "started_by",
        "started_at",
        "finished_at",
        "paid_awards",
        "expected_awards",
        grouped(PayoutRun, "paid_credits"),
        grouped(PayoutRun, "expected_credits"),
        "links",
    )
    list_filter = ("status",)
    list_select_related = ("season", "started_by")
    readonly_fields = ("links",)

    @admin.display(description=_("Links"))
    def links(self, run):
        ledger = (
            reverse("admin:leagues_rewardpayout_changelist") + f"?season__id__exact={run.season_id}"
        )
        page = reverse("leagues:payout_run", kwargs={"season": run.season.label})
        csv = reverse("leagues:payout_csv", kwargs={"season": run.season.label})
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">payouts.csv</a>',
            page,
            _("run page"),
            ledger,
            _("ledger"),
            csv,
        )


@admin.register(RewardPayout)
class RewardPayoutAdmin(ReadOnlyAdmin):
    list_display = (
        "online_id",
        "season",
        "league",
        "tier",
        "scope",
        "medal",
        grouped(RewardPayout, "credits"),
        "paid_at",
    )
    list_filter = ("season", "league", "tier", "medal")
    search_fields = ("=registration__driver__online_id",)
    search_help_text = _("Exact online id")
    list_select_related = ("season", "registration__driver")
    raw_id_fields = ("registration", "run")
    show_full_result_count = False

    @admin.display(description=_("Online id"), ordering="registration__driver__online_id")
    def online_id(self, payout):
        return payout.registration.driver.online_id
