"""Cases (protests and steward reviews), the accused's statement, and decisions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leagues.models import Lobby, Registration, Round
from stewarding import rules


class Case(models.Model):
    """A protest filed by a starter against another, or a review opened by a steward.

    ``round`` repeats the lobby's round so the desk's queue and the season's close
    check read one table.
    """

    class Kind(models.TextChoices):
        PROTEST = "protest", _("Protest")
        REVIEW = "review", _("Steward review")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting decision")
        DECIDED = "decided", _("Decided")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="cases")
    lobby = models.ForeignKey(Lobby, on_delete=models.PROTECT, related_name="cases")
    protester = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protests_filed",
        help_text=_("Empty for a steward review."),
    )
    accused = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="cases")
    lap = models.PositiveSmallIntegerField()
    description = models.TextField(max_length=rules.DESCRIPTION_MAX)
    video_url = models.CharField(max_length=200, blank=True, help_text=_("An https link."))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["protester", "accused", "lobby"],
                condition=models.Q(kind="protest"),
                name="case_one_protest_per_pair_and_lobby",
            ),
            models.CheckConstraint(
                condition=~models.Q(protester=models.F("accused")), name="case_not_against_oneself"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="review") | models.Q(protester__isnull=False),
                name="case_protest_has_protester",
            ),
            models.CheckConstraint(condition=models.Q(lap__gte=1), name="case_lap_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "round", "opened_at"], name="case_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def party_registrations(self) -> list[int]:
        """Registration ids of the drivers the case is about (the accused, the protester)."""
        return [pk for pk in (self.accused_id, self.protester_id) if pk is not None]

    def parties(self) -> list[Registration]:
        return [r for r in (self.accused, self.protester) if r is not None]


class Statement(models.Model):
    """The accused driver's side of a case, given once."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=rules.DESCRIPTION_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "author"], name="statement_once_per_driver"),
        ]

    def __str__(self) -> str:
        return f"Statement on {self.case} by {self.author_id}"


class Decision(models.Model):
    """A steward's ruling on one case, published on the round's page when it is made."""

    class Kind(models.TextChoices):
        NO_ACTION = rules.NO_ACTION, _("No action")
        WARNING = rules.WARNING, _("Warning")
        POSITION_PENALTY = rules.POSITION_PENALTY, _("Position penalty")
        DISQUALIFICATION = rules.DISQUALIFICATION, _("Disqualification")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decision")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    places = models.PositiveSmallIntegerField(default=0, help_text=_("Position penalties only."))
    licence_points = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField(max_length=rules.DESCRIPTION_MAX)
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(licence_points__lte=rules.LICENCE_POINTS_MAX),
                name="decision_licence_points_range",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=rules.POSITION_PENALTY, places__gte=1)
                | (~models.Q(kind=rules.POSITION_PENALTY) & models.Q(places=0)),
                name="decision_places_only_for_a_penalty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case}"

    def ruling(self) -> rules.Ruling:
        return rules.Ruling(entrant=self.case.accused_id, kind=self.kind, places=self.places)
