"""Every place the site keeps data about a person, and what deletion does with it.

One list, read by the download (``privacy/selectors.py``), the deletion
(``privacy/services.py``), the privacy page and the system check
(``privacy/checks.py``): a new model that points at a user or a driver, or a
new field that looks personal (a name, a birth date, an email, an address,
notes ...), fails ``manage.py check`` until it is classified here.
"""

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Treatment(enum.Enum):
    """What deleting an account does to one personal field."""

    ERASE = "erase"  # emptied (NULL or "") at once
    PSEUDONYM = "pseudonym"  # replaced by the stable ``deleted-<n>``
    KEEP = "keep"  # part of the sporting or money record, kept under the pseudonym


class Rows(enum.Enum):
    """What deleting an account does to the rows of one holding."""

    KEEP = "keep"  # the rows stay (their personal fields are treated), the record stays exact
    DELETE = "delete"  # the rows go with the account


@dataclass(frozen=True)
class Holding:
    """The rows of one model that are about one person.

    ``owner`` is the lookup from the model to the user account
    (``"driver__user"``), ``section`` the key of these rows in the download.
    """

    model: str
    owner: str
    section: str
    rows: Rows = Rows.KEEP
    fields: Mapping[str, Treatment] = field(default_factory=dict)
    never_exported: tuple[str, ...] = ()


E, P, K = Treatment.ERASE, Treatment.PSEUDONYM, Treatment.KEEP

# The order is the download's; deletion resolves every holding's rows before it changes any.
HOLDINGS: tuple[Holding, ...] = (
    Holding(
        "auth.User",
        owner="pk",
        section="account",
        fields={"username": P, "first_name": E, "last_name": E, "email": E, "password": E},
        never_exported=("password",),
    ),
    Holding(
        "leagues.Driver",
        owner="user",
        section="profile",
        fields={
            "user": E,
            "online_id": P,
            "display_name": P,
            "birth_date": E,
            "bio_team": E,
            "bio_notes": E,
            "ban_reason": K,
        },
    ),
    Holding(
        "leagues.Registration",
        owner="driver__user",
        section="registrations",
        fields={"display_name": P, "birth_date": E},
    ),
    Holding("leagues.Rating", owner="driver__user", section="ratings"),
    Holding("leagues.ClaimCode", owner="driver__user", section="claim_codes", rows=Rows.DELETE),
    # Part of the sporting record (a suspension is published with its reason).
    Holding(
        "leagues.Suspension",
        owner="driver__user",
        section="suspensions",
        fields={"reason": K, "lift_reason": K},
    ),
    Holding("leagues.RaceResult", owner="registration__driver__user", section="results"),
    Holding("leagues.RoundScore", owner="registration__driver__user", section="round_scores"),
    Holding("leagues.Standing", owner="registration__driver__user", section="standings"),
    Holding("leagues.RoundRank", owner="registration__driver__user", section="round_ranks"),
    Holding("leagues.RewardPayout", owner="registration__driver__user", section="payouts"),
    Holding(
        "live_events.Finalist",
        owner="driver__user",
        section="live_event_selection",
        fields={"reason": K, "note": K},
    ),
    Holding("live_events.EventEntry", owner="driver__user", section="live_event_entries"),
    Holding("live_events.TeamMember", owner="driver__user", section="national_teams"),
    Holding(
        "live_events.GridSlot", owner="driver__user", section="live_grid", fields={"reason": K}
    ),
    Holding("live_events.SessionResult", owner="driver__user", section="live_results"),
    Holding(
        "live_events.StewardDecision",
        owner="driver__user",
        section="steward_decisions",
        fields={"note": K},
    ),
    Holding("stewarding.Case", owner="accused__driver__user", section="cases_about_me"),
    Holding("stewarding.Case", owner="protester__driver__user", section="protests_filed"),
    Holding("stewarding.Statement", owner="author__driver__user", section="statements"),
    Holding("live_events.Prediction", owner="user", section="predictions"),
    Holding("live_events.PredictionReward", owner="user", section="prediction_rewards"),
    Holding("live_events.WatchReward", owner="user", section="watch_rewards"),
    Holding(
        "notifications.NotificationPreference",
        owner="driver__user",
        section="notification_settings",
        rows=Rows.DELETE,
    ),
    Holding(
        "notifications.SentNotification",
        owner="driver__user",
        section="notifications_sent",
        rows=Rows.DELETE,
    ),
    Holding(
        "otp_totp.TOTPDevice",
        owner="user",
        section="two_factor_devices",
        rows=Rows.DELETE,
        fields={"name": E, "key": E},
        never_exported=("key",),
    ),
    Holding(
        "leagues.PendingEmail",
        owner="user",
        section="unconfirmed_email",
        rows=Rows.DELETE,
        fields={"email": E},
    ),
    Holding(
        "privacy.LoginEvent",
        owner="user",
        section="login_history",
        rows=Rows.DELETE,
        fields={"ip_address": E, "user_agent": E},
    ),
    # What staff did: kept as the audit trail, under the pseudonym.
    Holding("leagues.StaffAction", owner="user", section="staff_actions"),
    Holding("leagues.PayoutRun", owner="started_by", section="payout_runs_started"),
    Holding("stewarding.Decision", owner="steward", section="decisions_made", fields={"reason": K}),
    # The organisation's webhooks stay; only who registered one is forgotten. The URL (a
    # Discord one holds its token) and the secret are credentials, never in a download.
    Holding(
        "notifications.Webhook",
        owner="created_by",
        section="webhooks_registered",
        fields={"created_by": E},
        never_exported=("url", "secret"),
    ),
)

# Fields whose names look personal but that describe no person.
NOT_PERSONAL: frozenset[str] = frozenset(
    {
        "auth.Permission.name",
        "auth.Group.name",
        "leagues.Country.name",
        "leagues.MainArea.name",
        "leagues.SecondaryArea.name",
        "leagues.Season.name",
        "leagues.RaceServer.name",
        "live_events.LiveEvent.name",
        "live_events.LiveEvent.city",
        "live_events.NationalTeam.name",
        "live_events.Session.name",
        "operations.Heartbeat.name",
        "notifications.Webhook.name",
    }
)

PSEUDONYM_PREFIX = "deleted-"


def pseudonym(user_pk: int) -> str:
    """The stable name a deleted account's sporting record is kept under."""
    return f"{PSEUDONYM_PREFIX}{user_pk}"


def holding_for(label: str) -> Holding | None:
    return next((holding for holding in HOLDINGS if holding.model == label), None)
