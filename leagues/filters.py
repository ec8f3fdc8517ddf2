"""django-filter FilterSets of the public pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from leagues.models import Season, Standing
from leagues.models.choices import League, Region, Tier
from leagues.selectors.standings import scope_choices


class StandingFilter(django_filters.FilterSet):
    """Which ranking the standings page shows; scope choices follow the region and tier."""

    season = django_filters.ChoiceFilter(
        label=_("Season"), method="by_publication", empty_label=None
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, empty_label=None
    )
    league = django_filters.ChoiceFilter(
        label=_("League"), choices=League.choices, empty_label=None
    )
    tier = django_filters.ChoiceFilter(label=_("Ranking"), choices=Tier.choices, empty_label=None)
    scope = django_filters.ChoiceFilter(label=_("Where"), empty_label=None)

    class Meta:
        model = Standing
        fields = ["season", "region", "league", "tier", "scope"]

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["season"].extra["choices"] = [
            (season.label, str(season)) for season in Season.objects.all()
        ]
        self.filters["scope"].extra["choices"] = scope_choices(
            tier=data.get("tier", "REGIONAL"), region=data.get("region", "EMEA")
        )

    def by_publication(self, queryset, name, value):
        return queryset
