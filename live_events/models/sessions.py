import datetime as dt
import re

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leagues.models import Driver
from live_events import rules

from .events import LiveEvent

RACE_NAME = re.compile(r"Race (\d{1,2})")


def standard_session_name(name: str) -> str:
    if match := RACE_NAME.fullmatch(name.strip()):
        return gettext("Race %(n)s") % {"n": match.group(1)}
    known = {
        "Qualifying": gettext("Qualifying"),
        "Grand Final": gettext("Grand Final"),
        "Final": gettext("Final"),
        "Semi-final": gettext("Semi-final"),
        "Practice": gettext("Practice"),
    }
    return known.get(name.strip(), name)


class SessionKind(models.TextChoices):
    QUALIFYING = "qualifying", _("Qualifying")
    RACE = "race", _("Race")


class Session(models.Model):
    """Qualifying or a race of an event; ``order`` runs 1..n through the event."""

    event = models.ForeignKey(LiveEvent, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=10, choices=SessionKind.choices)
    order = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=60, help_text=_("e.g. Race 1, Grand Final"))
    laps = models.PositiveSmallIntegerField(default=0)
    car = models.CharField(max_length=80, blank=True)
    track = models.CharField(max_length=80, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "Planned end. The session is live (timing, watch rewards) from its start until "
            "then, two hours if empty, or until its results are confirmed."
        ),
    )
    results_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["event", "order"]
        constraints = [
            models.UniqueConstraint(fields=["event", "order"], name="session_order_unique"),
            models.CheckConstraint(condition=models.Q(order__gte=1), name="session_order_min"),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.name}"

    @property
    def display_name(self) -> str:
        """The session's name in the visitor's language when it is one of the usual ones
        ("Qualifying", "Race 2", "Grand Final"); an organiser's own name as it was typed."""
        return standard_session_name(self.name)

    @property
    def is_race(self) -> bool:
        return self.kind == SessionKind.RACE

    @property
    def is_confirmed(self) -> bool:
        return self.results_confirmed_at is not None

    def is_live_at(self, now: dt.datetime) -> bool:
        return rules.is_live(
            starts_at=self.starts_at, ends_at=self.ends_at, confirmed=self.is_confirmed, now=now
        )


class GridSlot(models.Model):
    """A driver's starting position; any change from the generated one needs a reason."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="grid")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    generated_position = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=200, blank=True, help_text=_("e.g. 3-place grid penalty"))

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "driver"], name="grid_driver_once"),
            models.UniqueConstraint(
                fields=["session", "position"],
                name="grid_position_unique",
            ),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="grid_position_min"),
        ]

    def __str__(self) -> str:
        return f"P{self.position} {self.driver}"


class SessionResult(models.Model):
    """A line of a session's timing sheet, as typed: order across the line and times.

    The classification (with penalties) is derived by ``rules.classify``,
    never stored here. ``event`` repeats the session's event so results can
    be edited inline on the event's admin page.
    """

    class Status(models.TextChoices):
        FIN = "FIN", _("Finished")
        DNF = "DNF", _("Did not finish")

    event = models.ForeignKey(LiveEvent, on_delete=models.CASCADE, related_name="results")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="results")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="live_results")
    finish_position = models.PositiveSmallIntegerField(
        help_text=_("Order across the line (qualifying: order of best laps).")
    )
    status = models.CharField(max_length=3, choices=Status.choices, default=Status.FIN)
    laps = models.PositiveSmallIntegerField(default=0)
    total_time_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Race time in milliseconds (races).")
    )
    best_lap_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["session", "finish_position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "driver"], name="result_driver_once"),
            models.UniqueConstraint(
                fields=["session", "finish_position"], name="live_result_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(finish_position__gte=1), name="live_result_position_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: P{self.finish_position} {self.driver}"


class StewardDecision(models.Model):
    """A stewards' decision on a driver in a session: a time penalty or disqualification."""

    class Kind(models.TextChoices):
        TIME_PENALTY = "time", _("Time penalty")
        DISQUALIFICATION = "dsq", _("Disqualification")
        WARNING = "warning", _("Warning")
        NO_ACTION = "none", _("No further action")

    event = models.ForeignKey(LiveEvent, on_delete=models.CASCADE, related_name="decisions")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="decisions")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    seconds = models.PositiveSmallIntegerField(default=0, help_text=_("Time penalties only."))
    note = models.TextField(help_text=_("The stewards' reasons, as published."))
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.driver}"
