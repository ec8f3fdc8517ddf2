from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from leagues import csvfiles, rules
from leagues.models import EntrySlot, Lobby, RaceResult, RaceServer, Region, Round
from leagues.selectors.desk import round_states
from leagues.selectors.exports import result_rows
from leagues.services.audit import record_action
from leagues.services.results import import_results
from leagues.services.slots import generate_slots
from leagues.tasks import close_round
from operations.outbox import enqueue

from .base import grouped
from .confirm import confirmation
from .csv_files import CsvFilesAdminMixin


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("__str__", "season", "number", "date", "car_category", "status", "closed_at")
    list_filter = ("season", "status")
    search_fields = ("track", "car_category")
    readonly_fields = ("status", "closed_at", "entry_slots")
    actions = ["generate_slots_action", "close_rounds_action"]
    fieldsets = (
        (None, {"fields": ("season", "number", "date", "status", "closed_at", "entry_slots")}),
        (
            "Race format",
            {
                "fields": (
                    "track",
                    "car_category",
                    "race_kind",
                    "tuning",
                    "balance_of_performance",
                    "damage",
                    "tyre_wear",
                    "fuel_wear",
                    "mandatory_tyres",
                    ("laps_gt1", "laps_gt2", "laps_gt3"),
                )
            },
        ),
    )

    @admin.display(description="Entry slots")
    def entry_slots(self, round_: Round) -> str:
        """A round has over a hundred slots: they are a filtered list, not inline forms."""
        if round_.pk is None:
            return "Generated from the season's slot hours when the round is saved."
        changelist = reverse("admin:leagues_entryslot_changelist")
        counts = dict(
            round_.slots.values_list("region").annotate(n=Count("id")).values_list("region", "n")
        )
        links = format_html_join(
            " · ",
            '<a href="{}?round__id__exact={}&amp;region__exact={}">{} ({})</a>',
            (
                (changelist, round_.pk, region, Region(region).label, counts[region])
                for region in rules.REGIONS
                if region in counts
            ),
        )
        return format_html(
            '<a href="{}?round__id__exact={}">All {} slots</a>; by region: {}',
            changelist,
            round_.pk,
            sum(counts.values()),
            links,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            added = generate_slots(round=obj)
            messages.info(request, f"{added} entry slots generated from the season's slot hours.")

    @admin.action(
        description="Generate missing entry slots from the season's slot hours",
        permissions=["change"],
    )
    def generate_slots_action(self, request, queryset):
        added = sum(generate_slots(round=round_) for round_ in queryset.select_related("season"))
        messages.success(request, f"{added} entry slots added.")

    @admin.action(
        description="Close the selected rounds and publish the standings", permissions=["change"]
    )
    def close_rounds_action(self, request, queryset):
        states = round_states(rounds=queryset)
        page = confirmation(
            self,
            request,
            queryset,
            title="Close rounds and publish the standings",
            changes=[
                f"{s.round} of {s.round.season} is already closed: nothing changes."
                if s.round.is_closed
                else f"Close {s.round} of {s.round.season}: each driver's last race of its "
                f"{s.results:,} results ({s.slots_with_lobbies} of {s.slots} slots with lobbies) "
                "becomes their round score, frozen; then publish the standings."
                for s in states
            ],
            gaps=[gap for s in states for gap in s.gaps],
        )
        if page is not None:
            return page
        for round_ in queryset:
            enqueue(close_round, round_.pk)
            record_action(
                user=request.user, action="close round", detail=f"{round_} of {round_.season}"
            )
        messages.success(
            request,
            f"Closing {queryset.count()} round(s); the standings are published when it is done.",
        )


@admin.register(EntrySlot)
class EntrySlotAdmin(admin.ModelAdmin):
    list_display = ("__str__", "round", "region", "league", "starts_at", "lobby_count")
    list_display_links = ("__str__",)
    list_editable = ("starts_at",)
    list_filter = ("round__season", "region", "league", "round")
    list_select_related = ("round",)
    search_fields = ("round__track",)
    ordering = ("round", "region", "league", "starts_at")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lobby_total=Count("lobbies"))

    @admin.display(description="Lobbies", ordering="lobby_total")
    def lobby_count(self, slot) -> int:
        return slot.lobby_total


class RaceResultInline(admin.TabularInline):
    model = RaceResult
    extra = 0
    raw_id_fields = ("registration",)
    readonly_fields = ("registration", "position", "status", "dr_points", "points")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Lobby)
class LobbyAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        grouped(Lobby, "sof"),
        "starters",
        "imported_at",
        "posted_by",
        "replaced_by",
    )
    list_filter = ("slot__round__season", "slot__region", "slot__league", "posted_by")
    list_select_related = ("slot", "posted_by", "replaced_by")
    readonly_fields = (
        "slot",
        "label",
        "sof",
        "starters",
        "imported_at",
        "posted_by",
        "replaced_by",
        "replaced_at",
    )
    inlines = [RaceResultInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False


@admin.register(RaceResult)
class RaceResultAdmin(CsvFilesAdminMixin, admin.ModelAdmin):
    """Results arrive by file or from race servers, never typed twice: this list is read-only."""

    list_display = (
        "registration",
        "slot",
        "lobby",
        "position",
        "status",
        grouped(RaceResult, "dr_points"),
        grouped(RaceResult, "points"),
    )
    list_filter = ("slot__round__season", "slot__region", "slot__league", "status")
    search_fields = ("registration__driver__online_id",)
    list_select_related = ("registration", "slot", "lobby__slot")
    raw_id_fields = ("registration", "lobby", "slot")
    show_full_result_count = False
    csv_name = "results.csv"
    csv_header = csvfiles.RESULTS
    csv_import = staticmethod(import_results)
    csv_export = staticmethod(result_rows)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RaceServer)
class RaceServerAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "is_active", "created_at")
    list_filter = ("region", "is_active")
    actions = ["rotate_token"]

    def save_model(self, request, obj, form, change):
        token = None if change else obj.set_new_token()
        super().save_model(request, obj, form, change)
        if token:
            messages.warning(request, f"Token for {obj} (shown once, keep it safe): {token}")

    @admin.action(
        description="Issue a new token (the old one stops working)", permissions=["change"]
    )
    def rotate_token(self, request, queryset):
        page = confirmation(
            self,
            request,
            queryset,
            title="Issue new race server tokens",
            changes=[
                f"Issue a new token for {server}; the token it uses now stops working at once."
                for server in queryset
            ],
        )
        if page is not None:
            return page
        for server in queryset:
            token = server.set_new_token()
            server.save(update_fields=["token_hash"])
            messages.warning(request, f"New token for {server} (shown once): {token}")
