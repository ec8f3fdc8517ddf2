"""The organisers' admin: one event page with its sessions, entrants, results and decisions."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from leagues.admin.base import grouped
from leagues.admin.confirm import confirmation
from leagues.exceptions import RuleViolation
from leagues.models import Driver
from live_events import rules
from live_events.models import (
    Broadcast,
    EventEntry,
    Finalist,
    FinalistStatus,
    GridSlot,
    LiveEvent,
    LiveSeasonSettings,
    NationalTeam,
    Prediction,
    PredictionReward,
    Session,
    SessionResult,
    StewardDecision,
    WatchReward,
)
from live_events.services import teams
from live_events.services.events import (
    confirm_results,
    enter_finalists,
    generate_grid,
    generate_next_grid,
    grid_errors,
    set_grid,
)
from live_events.services.finalists import decline_finalist, propose_finalists
from live_events.services.predictions import score_predictions

TEMPORARY_POSITION = 10_000


def report(modeladmin, request, work, success: str) -> None:
    """Run ``work``; a refusal becomes an error message with the rulebook's words."""
    try:
        work()
    except RuleViolation as error:
        for message in error.messages:
            modeladmin.message_user(request, message, messages.ERROR)
    else:
        modeladmin.message_user(request, success, messages.SUCCESS)


@admin.register(LiveSeasonSettings)
class LiveSeasonSettingsAdmin(admin.ModelAdmin):
    list_display = ["season", "finalists", "max_per_country", "format", "finalists_confirmed_at"]
    readonly_fields = ["finalists_confirmed_at"]
    actions = ["propose"]

    @admin.action(
        description=_("Propose the finalist list again from the standings"), permissions=["change"]
    )
    def propose(self, request, queryset):
        page = confirmation(
            self,
            request,
            queryset,
            title="Propose the finalists again",
            changes=[
                f"Replace the proposed finalists and alternates of the {s.season} with a new "
                "proposal from the standings (hand additions and declines are kept)."
                for s in queryset.select_related("season")
            ],
        )
        if page is not None:
            return page
        for settings in queryset.select_related("season"):
            report(
                self,
                request,
                lambda s=settings: propose_finalists(season=s.season),
                f"Finalists of {settings.season} proposed.",
            )


@admin.register(Finalist)
class FinalistAdmin(admin.ModelAdmin):
    list_display = [
        "driver",
        "season",
        "region",
        "country",
        "status",
        "seed",
        "regional_rank",
        "source",
        "reason",
    ]
    list_filter = ["season", "region", "status", "source"]
    search_fields = ["driver__online_id", "driver__display_name"]
    raw_id_fields = ["driver", "registration"]
    readonly_fields = ["status", "seed", "reason", "regional_rank", "season_points", "order"]
    actions = ["decline"]

    def has_add_permission(self, request):
        # Hand additions go through the organiser's finalist page, which checks eligibility
        # and quotas.
        return False

    @admin.action(
        description=_("Mark as declined (the next eligible driver moves up)"),
        permissions=["change"],
    )
    def decline(self, request, queryset):
        page = confirmation(
            self,
            request,
            queryset,
            title="Mark finalists as declined",
            changes=[
                f"Mark {f.driver} ({f.season}) as declined; the next eligible driver of "
                f"{f.get_region_display()} moves up."
                for f in queryset.select_related("season", "driver")
            ],
        )
        if page is not None:
            return page
        for finalist in queryset.select_related("season", "driver"):
            report(
                self,
                request,
                lambda f=finalist: decline_finalist(finalist=f),
                f"{finalist.driver} declined.",
            )


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = [
        "order",
        "kind",
        "name",
        "laps",
        "car",
        "track",
        "starts_at",
        "ends_at",
        "results_confirmed_at",
    ]
    readonly_fields = ["results_confirmed_at"]
    show_change_link = True


class BroadcastInline(admin.TabularInline):
    model = Broadcast
    extra = 0


class EventEntryInline(admin.TabularInline):
    model = EventEntry
    extra = 0
    raw_id_fields = ["driver"]


class ResultFormSet(forms.BaseInlineFormSet):
    """Checks each session's whole timing sheet: positions, entrants, times in order."""

    def clean(self):
        # The rulebook's messages first: they say more than the generic unique-together one.
        if any(self.errors):
            return
        self.check_sheets()
        super().clean()

    def check_sheets(self):
        # A new event has no entrants yet: every result typed with it is refused by name.
        entrants = (
            set(self.instance.entries.values_list("driver_id", flat=True))
            if self.instance.pk
            else set()
        )
        sheets: dict[Session, list[rules.Timing]] = {}
        touched = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                if data and data.get("session"):
                    touched.add(data["session"])
                continue
            session, driver = data["session"], data["driver"]
            if session.event_id != self.instance.pk:
                raise forms.ValidationError(f"{session} is not a session of this event.")
            if form.has_changed():
                touched.add(session)
            sheets.setdefault(session, []).append(
                rules.Timing(
                    key=driver.pk,
                    finish_position=data["finish_position"],
                    status=data["status"],
                    laps=0 if not session.is_race else data["laps"],
                    time_ms=data["total_time_ms"] if session.is_race else data["best_lap_ms"],
                    label=driver.display_name,
                )
            )
        errors = []
        for session in touched:
            if session.is_confirmed:
                errors.append(
                    f"The results of {session.name} are confirmed; add a stewards' decision "
                    "instead of changing them."
                )
        for session, timings in sheets.items():
            errors += [f"{session.name}: {e}" for e in rules.timing_sheet_errors(timings, entrants)]
        if errors:
            raise forms.ValidationError(errors)


class SessionResultInline(admin.TabularInline):
    model = SessionResult
    formset = ResultFormSet
    extra = 0
    raw_id_fields = ["driver"]
    fields = [
        "session",
        "finish_position",
        "driver",
        "status",
        "laps",
        "total_time_ms",
        "best_lap_ms",
    ]
    ordering = ["session__order", "finish_position"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Session.objects.filter(event_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StewardDecisionInline(admin.TabularInline):
    model = StewardDecision
    extra = 0
    raw_id_fields = ["driver"]
    fields = ["session", "driver", "kind", "seconds", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Session.objects.filter(event_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(LiveEvent)
class LiveEventAdmin(admin.ModelAdmin):
    list_display = ["name", "season", "city", "starts_on", "kind"]
    list_filter = ["season", "kind"]
    search_fields = ["name", "city", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["season", "name", "slug", "kind"]}),
        (
            _("Where and when"),
            {"fields": ["venue", "city", "time_zone", "starts_on", "ends_on"]},
        ),
        (_("For drivers and audience"), {"fields": ["equipment", "travel", "audience"]}),
        (_("Watch campaign"), {"fields": ["watch_credits"]}),
    ]
    inlines = [
        SessionInline,
        BroadcastInline,
        EventEntryInline,
        SessionResultInline,
        StewardDecisionInline,
    ]
    actions = ["generate_next_grid_action", "enter_finalists_action"]

    def has_organise_permission(self, request):
        """Grids and entries are organisers' work; stewards change events only for decisions."""
        return request.user.has_perm("live_events.change_session")

    @admin.action(description=_("Generate the next grid"), permissions=["organise"])
    def generate_next_grid_action(self, request, queryset):
        for event in queryset:
            report(
                self,
                request,
                lambda e=event: generate_next_grid(event=e),
                f"{event}: next grid generated.",
            )

    @admin.action(description=_("Enter the season's confirmed finalists"), permissions=["organise"])
    def enter_finalists_action(self, request, queryset):
        for event in queryset.select_related("season"):
            report(
                self,
                request,
                lambda e=event: enter_finalists(event=e),
                f"{event}: finalists entered.",
            )

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            if formset.model is SessionResult:
                # Park edited rows on far positions so swapped positions never collide.
                for offset, inline_form in enumerate(formset.forms):
                    if inline_form.instance.pk and "finish_position" in inline_form.changed_data:
                        SessionResult.objects.filter(pk=inline_form.instance.pk).update(
                            finish_position=TEMPORARY_POSITION + offset
                        )
            super().save_formset(request, form, formset, change)
        if formset.model is StewardDecision:
            for session in {d.session for d in formset.new_objects + formset.changed_objects}:
                score_predictions(session=Session.objects.get(pk=session.pk))


class GridFormSet(forms.BaseInlineFormSet):
    """A grid is edited only with a recorded reason for each driver moved."""

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None:
            return
        slots = {slot.driver_id: slot for slot in self.instance.grid.select_related("driver")}
        positions = {
            f.instance.driver_id: (f.cleaned_data["position"], f.cleaned_data.get("reason", ""))
            for f in self.forms
            if f.cleaned_data
        }
        errors = grid_errors(slots, positions)
        if errors:
            raise forms.ValidationError(errors)
        self.positions = positions


class GridSlotInline(admin.TabularInline):
    model = GridSlot
    formset = GridFormSet
    extra = 0
    can_delete = False
    fields = ["position", "driver", "generated_position", "reason"]
    readonly_fields = ["driver", "generated_position"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "starts_at", "results_confirmed_at"]
    list_filter = ["event__season", "event", "kind"]
    inlines = [GridSlotInline]
    readonly_fields = ["results_confirmed_at"]
    actions = ["generate_grid_action", "confirm_results_action"]

    def get_inlines(self, request, obj):
        """A session being added has no grid yet: it is generated from the previous session."""
        return self.inlines if obj is not None else []

    @admin.action(
        description=_("Generate the grid from the previous session"), permissions=["change"]
    )
    def generate_grid_action(self, request, queryset):
        for session in queryset.select_related("event"):
            report(
                self,
                request,
                lambda s=session: generate_grid(session=s),
                f"{session}: grid generated.",
            )

    @admin.action(description=_("Confirm the results (scores predictions)"), permissions=["change"])
    def confirm_results_action(self, request, queryset):
        page = confirmation(
            self,
            request,
            queryset,
            title="Confirm session results",
            changes=[
                f"Confirm the results of {session}: they can then only change through a "
                "stewards' decision, and the predictions on it are scored and credited."
                for session in queryset.select_related("event")
            ],
        )
        if page is not None:
            return page
        for session in queryset.select_related("event"):
            report(
                self,
                request,
                lambda s=session: confirm_results(session=s),
                f"{session}: results confirmed.",
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is GridSlot and getattr(formset, "positions", None):
            set_grid(session=form.instance, positions=formset.positions)
            return
        super().save_formset(request, form, formset, change)


@admin.register(Prediction)
class PredictionAdmin(admin.ModelAdmin):
    list_display = ["user", "session", "winner", "winner_correct", "points", "scored_at"]
    list_filter = ["session__event__season", "winner_correct"]
    raw_id_fields = ["user", "session", "winner", "second", "third"]
    search_fields = ["user__username"]


@admin.register(PredictionReward)
class PredictionRewardAdmin(admin.ModelAdmin):
    list_display = ["prediction", "user", grouped(PredictionReward, "credits"), "paid_at"]
    raw_id_fields = ["prediction", "user"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WatchReward)
class WatchRewardAdmin(admin.ModelAdmin):
    list_display = [
        "event",
        "user",
        "session",
        "language",
        grouped(WatchReward, "credits"),
        "paid_at",
    ]
    list_filter = ["event__season", "event"]
    raw_id_fields = ["event", "session", "user"]
    search_fields = ["user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NationalTeamForm(forms.ModelForm):
    """A team and its drivers, checked by the teams service (the refusal names the reason)."""

    #: The service's refusal at save time, which the admin shows as this form's error.
    refusal: RuleViolation | None = None

    drivers = forms.ModelMultipleChoiceField(
        queryset=Driver.objects.none(),
        help_text=_("Eligible finalists of the season, all of the team's nation."),
    )

    class Meta:
        model = NationalTeam
        fields = ["season", "country", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        finalists = Finalist.objects.filter(status=FinalistStatus.SELECTED)
        if self.instance.pk:
            finalists = finalists.filter(season_id=self.instance.season_id)
            self.fields["drivers"].initial = [m.driver_id for m in self.instance.members.all()]
        drivers = self.fields["drivers"]
        assert isinstance(drivers, forms.ModelMultipleChoiceField)  # as declared above
        drivers.queryset = Driver.objects.filter(pk__in=finalists.values("driver_id")).order_by(
            "display_name"
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        if self.refusal is not None:
            raise forms.ValidationError(self.refusal.messages)
        season = data.get("season") or self.instance.season
        team = NationalTeam(pk=self.instance.pk, season=season, country=data["country"])
        try:
            teams.check_team(team=team, name=data["name"], drivers=list(data["drivers"]))
        except RuleViolation as error:
            raise forms.ValidationError(error.messages) from error
        return data


SAVE_REFUSAL = "national_team_save_refusal"


@admin.register(NationalTeam)
class NationalTeamAdmin(admin.ModelAdmin):
    """National teams of team-format seasons; saved through the teams service."""

    form = NationalTeamForm
    list_display = ["name", "season", "country", "drivers"]
    list_filter = ["season"]
    search_fields = ["name", "members__driver__display_name", "members__driver__online_id"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("season", "country")
            .prefetch_related("members__driver")
        )

    @admin.display(description=_("Drivers"))
    def drivers(self, obj):
        return ", ".join(member.driver.display_name for member in obj.members.all())

    def get_readonly_fields(self, request, obj=None):
        # A team stays in its season; a team of another season is formed anew.
        return ["season"] if obj is not None else []

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """The form's check passed but the service refused at save time (another organiser
        saved a conflicting team in between): the admin's transaction rolled back, so
        nothing is written, and the page is shown again with the refusal as its error."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RuleViolation as refusal:
            setattr(request, SAVE_REFUSAL, refusal)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, SAVE_REFUSAL, None)
        if refusal is None:
            return form
        return type(form.__name__, (form,), {"refusal": refusal})

    def save_model(self, request, obj, form, change):
        drivers = list(form.cleaned_data["drivers"])
        name, country = form.cleaned_data["name"], form.cleaned_data["country"]
        if change:
            teams.change_team(team=obj, country=country, name=name, drivers=drivers)
        else:
            saved = teams.form_team(season=obj.season, country=country, name=name, drivers=drivers)
            obj.pk = saved.pk
