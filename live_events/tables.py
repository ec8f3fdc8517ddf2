"""Tables of the live pages. Position, driver and points show at every width; nation and
per-event columns appear from 600 px up and, below that, in the driver cell's detail line."""

import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from leagues import names
from leagues.tables import Table

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}
KEY_NUM = {"td": {"class": "num rank-cell"}, "th": {"class": "num"}}
POINTS = {"td": {"class": "num points-cell"}, "th": {"class": "num"}}
WIDE = {"td": {"class": "wide-only"}, "th": {"class": "wide-only"}}
WIDE_NUM = {"td": {"class": "num wide-only"}, "th": {"class": "num wide-only"}}


def driver_cell(record) -> str:
    """The driver's name, and on a phone the nation and the secondary numbers below it."""
    code = record.get("country_code", "")
    detail = format_html_join(
        "", '<span class="phone-only">{}: {}</span>', record.get("detail", ())
    )
    return format_html(
        '<span class="cell-main"><span class="col-key">{}</span><span class="row-detail">'
        '<span class="phone-only"><span class="flag" aria-hidden="true">{}</span>{}</span>{}'
        "</span></span>",
        record["driver"],
        names.flag(code),
        names.country_name(code, record.get("country", "")),
        detail,
    )


def country_cell(record) -> str:
    code = record.get("country_code", "")
    return render_to_string(
        "partials/country.html",
        {"flag": names.flag(code), "name": names.country_name(code, record.get("country", ""))},
    )


class ChampionshipTable(Table):
    """The championship of the rounds; one column per event is added by the view."""

    rank = tables.Column(verbose_name=_("Pos."), attrs=KEY_NUM)
    driver = tables.Column(verbose_name=_("Driver"))
    country = tables.Column(verbose_name=_("Nation"), attrs=WIDE)
    total = tables.Column(verbose_name=_("Points"), attrs=POINTS)

    class Meta:
        template_name = "partials/table.html"
        orderable = False

    def render_driver(self, record):
        return driver_cell(record)

    def render_country(self, record):
        return country_cell(record)


class WorldFinalTable(Table):
    rank = tables.Column(verbose_name=_("Pos."), attrs=KEY_NUM)
    driver = tables.Column(verbose_name=_("Driver"))
    country = tables.Column(verbose_name=_("Nation"), attrs=WIDE)
    carried = tables.Column(verbose_name=_("Carried"), attrs=WIDE_NUM)
    total = tables.Column(verbose_name=_("Points"), attrs=POINTS)
    grand_final = tables.Column(verbose_name=_("GF finish"), attrs=WIDE_NUM)

    class Meta:
        template_name = "partials/table.html"
        orderable = False

    def render_driver(self, record):
        return driver_cell(record)

    def render_country(self, record):
        return country_cell(record)


class TeamTable(Table):
    rank = tables.Column(verbose_name=_("Pos."), attrs=KEY_NUM)
    team = tables.Column(verbose_name=_("Team"))
    drivers = tables.Column(verbose_name=_("Drivers"), attrs=WIDE)
    total = tables.Column(verbose_name=_("Points"), attrs=POINTS)

    class Meta:
        template_name = "partials/table.html"
        orderable = False

    def render_team(self, record):
        code = record.get("team_code", "")
        return format_html(
            '<span class="cell-main"><span class="col-key"><span class="flag" aria-hidden="true">'
            '{}</span>{}</span><span class="row-detail">{}</span>'
            '<span class="row-detail phone-only">{}</span></span>',
            names.flag(code),
            record["team"],
            names.country_name(code, record["nation"]),
            record["drivers"],
        )


class LeaderboardTable(Table):
    rank = tables.Column(verbose_name=_("Pos."), attrs=KEY_NUM)
    user__username = tables.Column(verbose_name=_("Player"))
    points = tables.Column(verbose_name=_("Points"), attrs=POINTS)
    correct = tables.Column(verbose_name=_("Winners called"), attrs=WIDE_NUM)
    predictions = tables.Column(verbose_name=_("Predictions"), attrs=WIDE_NUM)
    credits = tables.Column(verbose_name=_("Credits won"), attrs=WIDE_NUM)

    class Meta:
        template_name = "partials/table.html"
        orderable = False

    def render_user__username(self, record):
        credits = number_format(record.get("credits") or 0, force_grouping=True)
        return format_html(
            '<span class="cell-main"><span class="col-key">{}</span>'
            '<span class="row-detail phone-only">{}</span></span>',
            record["user__username"],
            _("%(n)s predictions · %(correct)s winners called · %(credits)s credits")
            % {"n": record["predictions"], "correct": record["correct"], "credits": credits},
        )

    def render_credits(self, value):
        return number_format(value or 0, force_grouping=True)
