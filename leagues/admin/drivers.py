from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from leagues import csvfiles
from leagues.models import Country, Driver, MainArea, Rating, SecondaryArea
from leagues.services.ratings import import_ratings

from .base import grouped
from .csv_files import CsvFilesAdminMixin
from .discipline import detach_accounts, suspend_drivers


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "age_of_majority", "live_event_min_age")
    list_editable = ("age_of_majority", "live_event_min_age")
    list_filter = ("region", "age_of_majority", "live_event_min_age")
    search_fields = ("code", "name")


@admin.register(MainArea)
class MainAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "country")
    list_filter = ("country__region",)
    search_fields = ("code", "name", "country__name")
    autocomplete_fields = ("country",)


@admin.register(SecondaryArea)
class SecondaryAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "main_area")
    list_filter = ("main_area__country__region",)
    search_fields = ("code", "name", "main_area__name")
    autocomplete_fields = ("main_area",)


@admin.register(Driver)
class DriverAdmin(admin.ModelAdmin):
    """Ratings are the game's: they are shown here, never typed (see Ratings)."""

    list_display = (
        "online_id",
        "display_name",
        "country",
        grouped(Rating, "dr_points", ordering="rating__dr_points"),
        "dr_grade",
        "sr_grade",
        "is_star_player",
        "is_banned",
    )
    list_filter = ("country__region", "is_star_player", "is_banned", "rating__sr_grade", "country")
    search_fields = ("online_id", "display_name")
    autocomplete_fields = ("country", "main_area", "secondary_area")
    list_select_related = ("country", "rating")
    # The account changes only by a claim code or the audited "detach" action: choosing or
    # changing it here would hand a driver's identity (results, credits, data) to another.
    readonly_fields = ("user", "current_rating")
    show_full_result_count = False
    actions = [suspend_drivers, detach_accounts]
    fieldsets = (
        (None, {"fields": ("user", "online_id", "display_name", "birth_date")}),
        ("Nationality", {"fields": ("country", "main_area", "secondary_area")}),
        ("Ratings", {"fields": ("current_rating", "is_star_player")}),
        ("Discipline", {"fields": ("is_banned", "ban_reason")}),
        ("Public bio", {"fields": ("bio_team", "bio_notes")}),
    )

    @admin.display(description="Current rating")
    def current_rating(self, obj: Driver) -> str:
        history = reverse("admin:leagues_rating_changelist") + f"?driver__id__exact={obj.pk}"
        if obj.rating is None:
            return format_html('None yet: DR 0, grade E. <a href="{}">History</a>', history)
        rating = obj.rating
        return format_html(
            'DR {} ({}), SR {}, {} rated races; {} at {} UTC. <a href="{}">History</a>',
            rating.dr_points,
            rating.dr_grade,
            rating.sr_grade,
            rating.rated_races,
            rating.get_source_display(),
            f"{rating.rated_at:%Y-%m-%d %H:%M}",
            history,
        )


@admin.register(Rating)
class RatingAdmin(CsvFilesAdminMixin, admin.ModelAdmin):
    """The game's ratings as history; they arrive by file, race result or race server only."""

    list_display = (
        "driver",
        grouped(Rating, "dr_points"),
        "dr_grade",
        "sr_grade",
        "rated_races",
        "rated_at",
        "source",
        "recorded_at",
    )
    list_filter = ("source", "sr_grade")
    search_fields = ("driver__online_id",)
    list_select_related = ("driver",)
    raw_id_fields = ("driver", "slot", "server")
    date_hierarchy = "rated_at"
    show_full_result_count = False
    csv_name = "ratings.csv"
    csv_header = csvfiles.RATINGS
    csv_import = staticmethod(import_ratings)
    csv_export = None

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """A rating is never typed: adding one is importing a ratings.csv."""
        return self.import_csv_view(request)
