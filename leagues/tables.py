"""django-tables2 tables of the public pages."""

import django_tables2 as tables
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from leagues import names
from leagues.models import Driver
from leagues.selectors.paging import MAX_PAGE_SIZE, PAGE_SIZE

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
KEY_NUM = {"td": {"class": "num rank-cell"}, "th": {"class": "num"}}
POINTS = {"td": {"class": "num points-cell"}, "th": {"class": "num"}}
# Columns a phone does without: their values move into the driver cell's detail line.
WIDE = {"td": {"class": "wide-only"}, "th": {"class": "wide-only"}}
WIDE_NUM = {"td": {"class": "num wide-only"}, "th": {"class": "num wide-only"}}


class Table(tables.Table):
    """A table of a public page: ``?per_page`` is honoured from 1 to ``MAX_PAGE_SIZE``.

    Out of range is clamped, as django-tables2 already does with ``?page``, so an
    anonymous ``?per_page=1000000000`` renders one bounded page (and 0 no division by it).
    """

    def paginate(self, paginator_class=Paginator, per_page=None, page=1, *args, **kwargs):
        per_page = min(max(per_page or PAGE_SIZE, 1), MAX_PAGE_SIZE)
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)


class DriverTable(Table):
    """The driver directory: name and DR at every width, nation and SR from 600 px up."""

    online_id = tables.Column(verbose_name=_("Driver"), empty_values=())
    country = tables.Column(
        accessor="country__code", verbose_name=_("Nation"), attrs=WIDE, orderable=False
    )
    region = tables.Column(
        accessor="country__region", verbose_name=_("Region"), orderable=False, attrs=WIDE
    )
    dr_grade = tables.Column(verbose_name=_("DR"), orderable=False, empty_values=(), attrs=NUM)
    sr_grade = tables.Column(verbose_name=_("SR"), attrs=WIDE_NUM)

    class Meta:
        model = Driver
        fields = ("online_id", "country", "region", "dr_grade", "sr_grade")
        attrs = {"class": "table"}
        order_by = "online_id"

    def render_online_id(self, record):
        url = reverse("leagues:driver_detail", args=[record.online_id])
        country = record.country_id
        return format_html(
            '<span class="cell-main"><a href="{}">{}</a><span class="row-detail">'
            "<span>{}</span>"
            '<span class="phone-only"><span class="flag" aria-hidden="true">{}</span>{}</span>'
            "</span></span>",
            url,
            record.display_name,
            record.online_id,
            names.flag(country),
            names.country_name(country),
        )

    def render_country(self, value):
        return render_to_string(
            "partials/country.html", {"flag": names.flag(value), "name": names.country_name(value)}
        )

    def render_region(self, value):
        return names.region_name(value)


class StandingTable(Table):
    """One page of a ranking. Rank, medal, driver and points show at every width; the
    nation and the rounds counted are columns from 600 px up and the driver's detail line
    below that. The signed-in driver's row and the found driver's row are highlighted."""

    rank = tables.Column(verbose_name=_("Rank"), attrs=KEY_NUM)
    medal = tables.Column(verbose_name=_("Medal"), orderable=False, empty_values=())
    driver = tables.Column(verbose_name=_("Driver"), orderable=False, empty_values=())
    country = tables.Column(
        accessor="registration__country_id", verbose_name=_("Nation"), orderable=False, attrs=WIDE
    )
    season_points = tables.Column(verbose_name=_("Points"), orderable=False, attrs=POINTS)
    rounds_counted = tables.Column(verbose_name=_("Rounds"), orderable=False, attrs=WIDE_NUM)

    class Meta:
        attrs = {"class": "table standings"}
        row_attrs = {
            "class": lambda table, record: table.row_class(record),
            "id": lambda record: f"driver-{record.registration.driver.online_id}",
        }
        order_by_field = "sort"

    def __init__(
        self, *args, season_label: str, user_id: int | None, highlight: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.season_label = season_label
        self.user_id = user_id
        self.highlight = highlight

    def is_mine(self, record) -> bool:
        return self.user_id is not None and record.registration.driver.user_id == self.user_id

    def row_class(self, record) -> str:
        classes = []
        if self.is_mine(record):
            classes.append("is-me")
        if self.highlight and record.registration.driver.online_id == self.highlight:
            classes.append("is-found")
        return " ".join(classes)

    def render_rank(self, value):
        return number_format(value, force_grouping=True)

    def render_season_points(self, value):
        return number_format(value, force_grouping=True)

    def render_medal(self, record):
        return render_to_string("partials/medal.html", {"medal": record.medal})

    def render_country(self, value):
        return render_to_string(
            "partials/country.html", {"flag": names.flag(value), "name": names.country_name(value)}
        )

    def render_driver(self, record):
        online_id = record.registration.driver.online_id
        country = record.registration.country_id
        url = reverse("leagues:driver_season", args=[self.season_label, online_id])
        return format_html(
            '<span class="cell-main"><a href="{}">{}</a>'
            '<span class="row-detail"><span>{}</span>'
            '<span class="phone-only"><span class="flag" aria-hidden="true">{}</span>{}</span>'
            "</span></span>",
            url,
            record.registration.display_name,
            online_id,
            names.flag(country),
            names.country_name(country),
        )
