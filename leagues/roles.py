"""The staff roles as Django groups, each with the fewest permissions its work needs.

- **Organiser** runs the online season and the live events in the admin:
  seasons, rounds and slots, results, registration and ratings files, race servers,
  events, sessions, grids and results, outbound webhooks; reads standings, webhook
  deliveries and the audit trail.
- **Steward** rules on live-event races: records decisions (penalties,
  disqualifications) on an event's page, reads its sessions and results; and on
  the online rounds: opens reviews and decides protests and reviews on the
  stewards' desk (``stewarding``), reading the lobbies' results.
- **Payout staff** previews, runs and exports the season payouts
  (``leagues.run_payouts``) and reads the ledger.

No role has a permission on users or groups, and none other than Payout
staff touches payouts. Organisers and stewards also need "Staff status" to
open the admin; payout staff do not (their pages are outside it).
``ensure_roles`` runs after every ``migrate``, so the groups always match
this file; a permission whose model does not exist yet is skipped.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

ORGANISER = "Organiser"
STEWARD = "Steward"
PAYOUT_STAFF = "Payout staff"

_ALL = ("add", "change", "delete", "view")
_EDIT = ("add", "change", "view")

ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    ORGANISER: {
        "leagues.season": _EDIT,
        "leagues.rewardrate": _ALL,
        "leagues.round": _EDIT,
        "leagues.entryslot": _ALL,
        "leagues.lobby": ("view",),
        # "add" is the results file import; results are never edited by hand.
        "leagues.raceresult": ("add", "view"),
        "leagues.roundscore": ("view",),
        "leagues.registration": _EDIT,
        "leagues.raceserver": _EDIT,
        "leagues.driver": ("change", "view"),
        # "add" is the ratings file import; ratings are never edited by hand.
        "leagues.rating": ("add", "view"),
        "leagues.suspension": ("change", "view"),
        "leagues.country": ("change", "view"),
        "leagues.mainarea": _EDIT,
        "leagues.secondaryarea": _EDIT,
        "leagues.publication": ("view",),
        "leagues.rankingsummary": ("view",),
        "leagues.standing": ("view",),
        "leagues.staffaction": ("view",),
        "live_events.liveseasonsettings": _EDIT,
        "live_events.finalist": ("change", "view"),
        "live_events.nationalteam": _ALL,
        "live_events.liveevent": _EDIT,
        "live_events.broadcast": _ALL,
        "live_events.evententry": _ALL,
        "live_events.session": _EDIT,
        "live_events.gridslot": ("change", "view"),
        "live_events.sessionresult": _ALL,
        "live_events.stewarddecision": ("view",),
        "live_events.prediction": ("view",),
        "live_events.watchreward": ("view",),
        "stewarding.case": ("view",),
        "stewarding.statement": ("view",),
        "stewarding.decision": ("view",),
        # Outbound webhooks: registered and tested here; deliveries are only read.
        "notifications.webhook": _ALL,
        "notifications.webhookdelivery": ("view",),
        "notifications.webhookattempt": ("view",),
    },
    STEWARD: {
        # Decisions are an inline of the event page: saving it needs "change" on the event.
        "live_events.liveevent": ("change", "view"),
        "live_events.session": ("view",),
        "live_events.sessionresult": ("view",),
        "live_events.gridslot": ("view",),
        "live_events.evententry": ("view",),
        "live_events.stewarddecision": _EDIT,
        # The desk: "add" a case is a review; "add" a decision is deciding. Neither is
        # ever edited: a decision stands as published.
        "stewarding.case": ("add", "view"),
        "stewarding.statement": ("view",),
        "stewarding.decision": ("add", "view"),
        "leagues.lobby": ("view",),
        "leagues.raceresult": ("view",),
    },
    PAYOUT_STAFF: {
        "leagues.payoutrun": ("run_payouts", "view"),
        "leagues.rewardpayout": ("view",),
    },
}


def _codename(action: str, model: str) -> str:
    return action if "_" in action else f"{action}_{model}"


def role_permissions(role: str) -> list[Permission]:
    """The existing permissions of ``role``; names with no permission row yet are left out."""
    query = Q(pk__in=[])
    for label, actions in ROLES[role].items():
        app_label, model = label.split(".")
        query |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[_codename(action, model) for action in actions],
        )
    return list(Permission.objects.filter(query))


def ensure_roles() -> dict[str, Group]:
    """Create the role groups and set each one's permissions to exactly those above."""
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))
        groups[role] = group
    return groups


def ensure_roles_after_migrate(sender, **kwargs) -> None:
    """``post_migrate`` receiver: once the apps whose permissions the roles use are migrated."""
    if sender.label in {"leagues", "live_events", "stewarding", "notifications"}:
        ensure_roles()
