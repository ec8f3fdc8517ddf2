"""What a championship remembers: the nations table (more pages of its history to come)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from leagues import rules
from leagues.selectors.nations import nations_table
from leagues.selectors.standings import published_publication
from leagues.tables import NationTable
from leagues.views.rounds import season_or_404
from leagues.views.shared_pages import shared_for_anonymous


@shared_for_anonymous(params=("league",))
def nations(request, season: str):
    """One league's nations table of a season's published standings."""
    chosen = season_or_404(season)
    league = request.GET.get("league") or rules.LEAGUES[0]
    context = {"season": chosen, "league": league, "leagues": rules.LEAGUES}
    if league not in rules.LEAGUES:
        context["error"] = _("There is no league %(league)s: choose GT1, GT2 or GT3.") % {
            "league": league[:8]
        }
        return render(request, "leagues/nations.html", context, status=400)
    publication = published_publication(chosen)
    if publication is not None:
        rows = nations_table(publication=publication, league=league)
        context.update(
            publication=publication,
            table=NationTable(rows, season_label=chosen.label) if rows else None,
        )
    return render(request, "leagues/nations.html", context)
