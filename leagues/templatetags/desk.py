"""The admin index's links to the season dashboards."""

from django import template

from leagues.models import Season

register = template.Library()


@register.simple_tag
def season_desks(limit: int = 5):
    """The newest seasons, each linked to its desk from the admin's first page."""
    return list(Season.objects.order_by("-year", "kind")[:limit])
