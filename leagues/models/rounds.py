import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from leagues import rules

from .choices import League, Region, ResultStatus
from .seasons import Registration, Season


class Round(models.Model):
    """One racing day of a season, with its race format."""

    class Tuning(models.TextChoices):
        OPEN = "open", _("Open")
        RESTRICTED = "restricted", _("Restricted")
        FIXED = "fixed", _("Fixed")

    class Damage(models.TextChoices):
        LIGHT = "light", _("Light")
        HEAVY = "heavy", _("Heavy")

    class RaceKind(models.TextChoices):
        SPRINT = "sprint", _("Sprint")
        MANAGEMENT = "management", _("Management")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CLOSED = "closed", _("Closed")

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    date = models.DateField(help_text="The round's day in its regions.")
    track = models.CharField(max_length=80)
    car_category = models.CharField(max_length=80, help_text="e.g. Gr.3, Gr.4, road cars")
    tuning = models.CharField(max_length=10, choices=Tuning.choices, default=Tuning.FIXED)
    balance_of_performance = models.BooleanField(default=True)
    damage = models.CharField(max_length=5, choices=Damage.choices, default=Damage.LIGHT)
    tyre_wear = models.PositiveSmallIntegerField(default=1, help_text="Multiplier")
    fuel_wear = models.PositiveSmallIntegerField(default=1, help_text="Multiplier")
    mandatory_tyres = models.CharField(max_length=80, blank=True)
    laps_gt1 = models.PositiveSmallIntegerField(default=10)
    laps_gt2 = models.PositiveSmallIntegerField(default=8)
    laps_gt3 = models.PositiveSmallIntegerField(default=8)
    race_kind = models.CharField(max_length=10, choices=RaceKind.choices, default=RaceKind.SPRINT)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["season", "number"]
        constraints = [
            models.UniqueConstraint(fields=["season", "number"], name="round_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="round_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Round {self.number} ({self.track})"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def laps_for(self, league: str) -> int:
        return getattr(self, f"laps_{league.lower()}")


class EntrySlot(models.Model):
    """A scheduled start time of a round for one region and league."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="slots")
    region = models.CharField(max_length=4, choices=Region.choices)
    league = models.CharField(max_length=3, choices=League.choices)
    starts_at = models.DateTimeField()

    class Meta:
        ordering = ["round", "region", "league", "starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "region", "league", "starts_at"], name="slot_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.league} {self.starts_at:%Y-%m-%d %H:%MZ}"

    @property
    def entry_opens_at(self):
        return self.starts_at - rules.ENTRY_OPENS_BEFORE


class Lobby(models.Model):
    """One split of a slot: up to 20 drivers matched by rating."""

    slot = models.ForeignKey(EntrySlot, on_delete=models.PROTECT, related_name="lobbies")
    label = models.CharField(max_length=32, help_text="The organiser's label, unique in a slot.")
    sof = models.PositiveIntegerField(default=0, help_text="Mean DR of the starters, rounded down")
    starters = models.PositiveSmallIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now=True)
    # Which race server's token posted the lobby first, and which replaced its results
    # last (empty for lobbies of an organiser's results.csv).
    posted_by = models.ForeignKey(
        "RaceServer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replaced_by = models.ForeignKey(
        "RaceServer", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "lobbies"
        ordering = ["slot", "label"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "label"], name="lobby_label_unique_in_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} lobby {self.label}"


class RaceResult(models.Model):
    """A driver's place in one lobby's classification; ``points`` is stored with it.

    ``position``, ``status`` and ``points`` are the classification after the stewards'
    decisions (what counts and what ``results.csv`` exports). The finishing order the
    race server sent is kept in ``finish_position`` and ``finish_status`` once a decision
    has moved anyone in the lobby; until then they are empty and the two orders are one.
    """

    # No index of their own: each leads a constraint or index of Meta (lobby and position;
    # slot and registration; registration and slot), and an import writes every index.
    lobby = models.ForeignKey(
        Lobby, on_delete=models.PROTECT, related_name="results", db_index=False
    )
    slot = models.ForeignKey(
        EntrySlot, on_delete=models.PROTECT, related_name="results", db_index=False
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="results", db_index=False
    )
    position = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=3, choices=ResultStatus.choices, default=ResultStatus.FIN)
    dr_points = models.PositiveIntegerField(help_text="The driver's DR at the start")
    points = models.PositiveIntegerField(default=0)
    finish_position = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, help_text="Place at the finish, before decisions"
    )
    # A database default too: the bulk writers of results (raw INSERTs) leave it out.
    finish_status = models.CharField(
        max_length=3, choices=ResultStatus.choices, blank=True, editable=False, db_default=""
    )

    class Meta:
        ordering = ["lobby", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "registration"], name="result_one_per_driver_and_slot"
            ),
            models.UniqueConstraint(fields=["lobby", "position"], name="result_position_unique"),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="result_position_min"),
            models.CheckConstraint(
                condition=models.Q(dr_points__lte=rules.DR_MAX), name="result_dr_range"
            ),
        ]
        indexes = [
            models.Index(fields=["registration", "slot"], name="result_registration_idx"),
        ]

    def __str__(self) -> str:
        return f"P{self.position} {self.registration}"

    @property
    def finished_at(self) -> int:
        """The place this driver crossed the line in, whatever the stewards decided."""
        return self.finish_position or self.position

    @property
    def finished_as(self) -> str:
        return self.finish_status or self.status


class RoundScore(models.Model):
    """A registration's frozen score for a closed round: its last race's points."""

    # Frozen in bulk by close_round; the unique and registration indexes cover the keys.
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="scores", db_constraint=False, db_index=False
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        related_name="round_scores",
        db_constraint=False,
        db_index=False,
    )
    result = models.ForeignKey(
        RaceResult, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    points = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "registration"], name="round_score_one_per_round"
            ),
        ]
        indexes = [
            models.Index(fields=["registration", "round"], name="round_score_registration_idx"),
        ]


class RaceServer(models.Model):
    """A race server allowed to post lobby results; only a hash of its token is kept."""

    name = models.CharField(max_length=80, unique=True)
    region = models.CharField(max_length=4, choices=Region.choices, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def set_new_token(self) -> str:
        """Give the server a fresh token and return it (shown once, never stored)."""
        token = secrets.token_urlsafe(32)
        self.token_hash = self.hash_token(token)
        return token


class LobbyPost(models.Model):
    """A race server's post under an ``Idempotency-Key``: a retry with it gets the same answer.

    The key is the server's own (unique per server); ``request_hash`` is the SHA-256 of
    the posted lobby, so the key reused for another lobby is refused, not replayed.
    """

    server = models.ForeignKey(RaceServer, on_delete=models.PROTECT, related_name="posts")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    created = models.PositiveSmallIntegerField(default=0)
    replaced = models.PositiveSmallIntegerField(default=0)
    unchanged = models.PositiveSmallIntegerField(default=0)
    posted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["server", "key"], name="lobby_post_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.server} {self.key}"
