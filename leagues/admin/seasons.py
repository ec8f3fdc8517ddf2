from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from leagues import csvfiles
from leagues.exceptions import RuleViolation
from leagues.models import Registration, Season, SeasonStatus, StaffAction
from leagues.selectors.desk import season_desk
from leagues.selectors.exports import registration_rows
from leagues.services.audit import record_action
from leagues.services.registrations import import_registrations
from leagues.services.seasons import advance_season
from leagues.tasks import publish_standings
from operations.outbox import enqueue

from .base import ReadOnlyAdmin, grouped
from .confirm import confirmation
from .csv_files import CsvFilesAdminMixin
from .rewards import RewardRateInline, close_season
from .slot_hours import SLOT_HOURS_HELP, SlotHoursField


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "year",
        "kind",
        "status",
        "registration_opens",
        "registration_closes",
        "best_rounds",
        "desk_link",
    )
    list_filter = ("status", "kind")
    search_fields = ("name", "year")
    inlines = [RewardRateInline]
    # The status moves forward only, through the actions (leagues.services.seasons).
    readonly_fields = ("status", "closed_at")
    actions = ["open_registration", "start_running", close_season, "publish_standings_action"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "slot_hours":
            return SlotHoursField(
                required=False,
                label="Slot hours",
                help_text=SLOT_HOURS_HELP,
                initial=db_field.default,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        desk = path(
            "<int:season_id>/desk/",
            self.admin_site.admin_view(self.desk_view),
            name="leagues_season_desk",
        )
        return [desk, *super().get_urls()]

    def desk_view(self, request, season_id: int):
        """The season dashboard: each round's state, publications, readiness to close and pay."""
        season = get_object_or_404(Season, pk=season_id)
        if not self.has_view_or_change_permission(request, season):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Desk: {season}",
            "opts": self.model._meta,
            "desk": season_desk(season=season, now=timezone.now()),
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/leagues/season_desk.html", context)

    @admin.display(description="Dashboard")
    def desk_link(self, season: Season) -> str:
        url = reverse("admin:leagues_season_desk", args=[season.pk])
        return format_html('<a href="{}">Desk</a>', url)

    def _advance(self, request, queryset, to: str) -> None:
        for season in queryset:
            try:
                moved = advance_season(season=season, to=to, user=request.user)
            except RuleViolation as error:
                messages.error(request, " ".join(error.messages))
                continue
            label = SeasonStatus(to).label
            if moved:
                messages.success(request, f"{season} is now {label}.")
            else:
                messages.info(request, f"{season} was already {label}.")

    @admin.action(description="Open registration for the selected seasons", permissions=["change"])
    def open_registration(self, request, queryset):
        self._advance(request, queryset, SeasonStatus.OPEN)

    @admin.action(description="Mark the selected seasons as running", permissions=["change"])
    def start_running(self, request, queryset):
        self._advance(request, queryset, SeasonStatus.RUNNING)

    @admin.action(description="Recompute and publish the standings now", permissions=["change"])
    def publish_standings_action(self, request, queryset):
        page = confirmation(
            self,
            request,
            queryset,
            title="Publish the standings now",
            changes=[
                f"Recompute every ranking of the {season} from its closed rounds and publish "
                "it as a new version; the pages switch to it when it is done."
                for season in queryset
            ],
        )
        if page is not None:
            return page
        for season in queryset:
            enqueue(publish_standings, season.pk)
            record_action(user=request.user, action="publish standings", detail=str(season))
        messages.success(request, "Publishing; the standings pages switch when it is done.")


@admin.register(Registration)
class RegistrationAdmin(CsvFilesAdminMixin, admin.ModelAdmin):
    list_display = (
        "driver",
        "display_name",
        "season",
        "league",
        "region",
        "country",
        grouped(Registration, "dr_points"),
        "registered_at",
    )
    list_filter = ("season", "league", "region", "country")
    search_fields = ("driver__online_id", "display_name")
    raw_id_fields = ("driver",)
    autocomplete_fields = ("country", "main_area", "secondary_area")
    list_select_related = ("driver", "season", "country")
    show_full_result_count = False
    csv_name = "registrations.csv"
    csv_header = csvfiles.REGISTRATIONS
    csv_import = staticmethod(import_registrations)
    csv_export = staticmethod(registration_rows)

    def get_fields(self, request, obj=None):
        """Adding takes a season and a driver; the snapshot is copied from the driver."""
        if obj is None:
            return ("season", "driver")
        return super().get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            snapshot = Registration.snapshot_of(obj.driver, obj.season)
            snapshot.pk = None
            obj.__dict__.update({k: v for k, v in snapshot.__dict__.items() if k != "_state"})
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        """A registration is a snapshot: once saved, it is not edited."""
        if obj is None:
            return ()
        return [field.name for field in self.model._meta.fields]


@admin.register(StaffAction)
class StaffActionAdmin(ReadOnlyAdmin):
    list_display = ("at", "user", "action", "detail")
    list_filter = ("action",)
    search_fields = ("user__username", "action", "detail")
