"""django-tables2 tables of the public pages."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leagues.models import Driver


class DriverTable(tables.Table):
    online_id = tables.LinkColumn(
        "leagues:driver_detail", args=[tables.A("online_id")], verbose_name=_("Online id")
    )
    display_name = tables.Column(verbose_name=_("Name"))
    country = tables.Column(accessor="country__code", verbose_name=_("Country"))
    region = tables.Column(accessor="country__region", verbose_name=_("Region"), orderable=False)
    dr_grade = tables.Column(verbose_name=_("DR"), orderable=False, empty_values=())
    sr_grade = tables.Column(verbose_name=_("SR"))

    class Meta:
        model = Driver
        fields = ("online_id", "display_name", "country", "region", "dr_grade", "sr_grade")
        attrs = {"class": "table"}
        order_by = "online_id"


NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
# Columns a phone can do without: rank, medal, driver and points fit a narrow screen.
WIDE = {"td": {"class": "wide-only"}, "th": {"class": "wide-only"}}
WIDE_NUM = {"td": {"class": "num wide-only"}, "th": {"class": "num wide-only"}}


class StandingTable(tables.Table):
    """One page of a ranking; the signed-in driver's row is highlighted."""

    rank = tables.Column(verbose_name=_("Rank"), attrs=NUM)
    medal = tables.Column(verbose_name=_("Medal"), orderable=False, empty_values=())
    driver = tables.Column(verbose_name=_("Driver"), orderable=False, empty_values=())
    country = tables.Column(
        accessor="registration__country_id", verbose_name=_("Nation"), orderable=False, attrs=WIDE
    )
    season_points = tables.Column(verbose_name=_("Points"), orderable=False, attrs=NUM)
    rounds_counted = tables.Column(verbose_name=_("Rounds"), orderable=False, attrs=WIDE_NUM)

    class Meta:
        attrs = {"class": "table standings"}
        row_attrs = {
            "class": lambda table, record: "is-me" if table.is_mine(record) else "",
            "id": lambda record: f"driver-{record.registration.driver.online_id}",
        }
        order_by_field = "sort"

    def __init__(self, *args, season_label: str, user_id: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.season_label = season_label
        self.user_id = user_id

    def is_mine(self, record) -> bool:
        return self.user_id is not None and record.registration.driver.user_id == self.user_id

    def render_medal(self, record):
        if not record.medal:
            return ""
        return format_html(
            '<span class="medal medal-{}">{}</span>',
            record.medal.lower(),
            record.get_medal_display(),
        )

    def render_driver(self, record):
        online_id = record.registration.driver.online_id
        url = reverse("leagues:driver_season", args=[self.season_label, online_id])
        return format_html(
            '<a href="{}">{}</a> <span class="muted">{}</span>',
            url,
            record.registration.display_name,
            online_id,
        )
