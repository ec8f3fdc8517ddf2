import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class ChampionshipTable(tables.Table):
    """The championship of the rounds; one column per event is added by the view."""

    rank = tables.Column(verbose_name=_("Pos."), attrs={"td": {"class": "num"}})
    driver = tables.Column(verbose_name=_("Driver"))
    country = tables.Column(verbose_name=_("Nation"))
    total = tables.Column(verbose_name=_("Points"), attrs={"td": {"class": "num"}})

    class Meta:
        template_name = "partials/table.html"
        orderable = False


class WorldFinalTable(tables.Table):
    rank = tables.Column(verbose_name=_("Pos."), attrs={"td": {"class": "num"}})
    driver = tables.Column(verbose_name=_("Driver"))
    country = tables.Column(verbose_name=_("Nation"))
    carried = tables.Column(verbose_name=_("Carried"), attrs={"td": {"class": "num"}})
    total = tables.Column(verbose_name=_("Points"), attrs={"td": {"class": "num"}})
    grand_final = tables.Column(verbose_name=_("GF finish"), attrs={"td": {"class": "num"}})

    class Meta:
        template_name = "partials/table.html"
        orderable = False


class TeamTable(tables.Table):
    rank = tables.Column(verbose_name=_("Pos."), attrs={"td": {"class": "num"}})
    team = tables.Column(verbose_name=_("Nation"))
    drivers = tables.Column(verbose_name=_("Drivers"))
    total = tables.Column(verbose_name=_("Points"), attrs={"td": {"class": "num"}})

    class Meta:
        template_name = "partials/table.html"
        orderable = False


class LeaderboardTable(tables.Table):
    rank = tables.Column(verbose_name=_("Pos."), attrs={"td": {"class": "num"}})
    user__username = tables.Column(verbose_name=_("Player"))
    points = tables.Column(verbose_name=_("Points"), attrs={"td": {"class": "num"}})
    correct = tables.Column(verbose_name=_("Winners called"), attrs={"td": {"class": "num"}})
    predictions = tables.Column(verbose_name=_("Predictions"), attrs={"td": {"class": "num"}})
    credits = tables.Column(verbose_name=_("Credits won"), attrs={"td": {"class": "num"}})

    class Meta:
        template_name = "partials/table.html"
        orderable = False

    def render_credits(self, value):
        return f"{value:,}" if value else "0"
