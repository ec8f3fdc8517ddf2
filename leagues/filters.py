"""django-filter FilterSets of the public pages."""

import django_filters
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from leagues.models import Standing
from leagues.models.choices import League, Region, Tier


class StandingFilter(django_filters.FilterSet):
    """Which ranking the standings page shows; the view passes the seasons and the scopes
    that have a ranking in the chosen tier, league and region (grouped by country)."""

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

    def __init__(self, data, *args, seasons=(), scopes=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["season"].extra["choices"] = [(s.label, str(s)) for s in seasons]
        self.filters["scope"].extra["choices"] = scope_field_choices(scopes)

    def by_publication(self, queryset, name, value):
        return queryset


def scope_field_choices(scopes) -> list:
    """(code, label) pairs, in optgroups by country where the scopes are areas."""
    flat: list = []
    groups: dict[str, list[tuple[str, str]]] = {}
    for choice in scopes:
        size = number_format(choice.ranked, force_grouping=True)
        label = f"{choice.flag} {choice.name} ({size})".strip()
        if choice.group:
            groups.setdefault(choice.group, []).append((choice.code, label))
        else:
            flat.append((choice.code, label))
    return flat + list(groups.items())
