"""The objects a path names, or a 404 that says which one is missing."""

from django.http import Http404

from leagues.models import Season
from leagues.selectors.seasons import season_by_label


def season_or_404(label: str) -> Season:
    try:
        return season_by_label(label)
    except Season.DoesNotExist as missing:
        raise Http404(str(missing)) from None
