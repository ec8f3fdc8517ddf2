from django.contrib import admin

from leagues.models import Country, Driver, MainArea, SecondaryArea


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "age_of_majority")
    list_editable = ("age_of_majority",)
    list_filter = ("region", "age_of_majority")
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
    list_display = (
        "online_id",
        "display_name",
        "country",
        "dr_points",
        "dr_grade",
        "sr_grade",
        "is_star_player",
        "is_banned",
    )
    list_filter = ("country__region", "is_star_player", "is_banned", "sr_grade", "country")
    search_fields = ("online_id", "display_name")
    autocomplete_fields = ("country", "main_area", "secondary_area")
    raw_id_fields = ("user",)
    list_select_related = ("country",)
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("user", "online_id", "display_name", "birth_date")}),
        ("Nationality", {"fields": ("country", "main_area", "secondary_area")}),
        ("Ratings", {"fields": ("dr_points", "rated_races", "sr_grade", "is_star_player")}),
        ("Discipline", {"fields": ("is_banned", "ban_reason")}),
        ("Public bio", {"fields": ("bio_team", "bio_titles", "bio_notes")}),
    )
