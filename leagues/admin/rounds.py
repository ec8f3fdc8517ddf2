from django.contrib import admin, messages

from leagues import csvfiles
from leagues.models import EntrySlot, Lobby, RaceResult, RaceServer, Round
from leagues.selectors.exports import result_rows
from leagues.services.audit import record_action
from leagues.services.results import import_results
from leagues.services.slots import generate_slots
from leagues.tasks import close_round
from operations.outbox import enqueue

from .csv_files import CsvFilesAdminMixin


class EntrySlotInline(admin.TabularInline):
    model = EntrySlot
    extra = 0
    ordering = ("region", "league", "starts_at")


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ("__str__", "season", "number", "date", "car_category", "status", "closed_at")
    list_filter = ("season", "status")
    search_fields = ("track", "car_category")
    readonly_fields = ("status", "closed_at")
    inlines = [EntrySlotInline]
    actions = ["generate_slots_action", "close_rounds_action"]
    fieldsets = (
        (None, {"fields": ("season", "number", "date", "status", "closed_at")}),
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
    list_display = ("__str__", "round", "region", "league", "starts_at")
    list_filter = ("round__season", "region", "league")
    search_fields = ("round__track",)


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
    list_display = ("__str__", "sof", "starters", "imported_at", "posted_by", "replaced_by")
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

    list_display = ("registration", "slot", "lobby", "position", "status", "dr_points", "points")
    list_filter = ("slot__round__season", "slot__region", "slot__league", "status")
    search_fields = ("registration__driver__online_id",)
    list_select_related = ("registration__driver", "slot", "lobby")
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
        for server in queryset:
            token = server.set_new_token()
            server.save(update_fields=["token_hash"])
            messages.warning(request, f"New token for {server} (shown once): {token}")
