from django.db import models

from .choices import League, Medal, Region, Tier
from .seasons import Registration, Season


class Publication(models.Model):
    """One computed version of all of a season's rankings.

    Pages read the season's single PUBLISHED publication; a new one is built
    beside it and switched in one transaction, so readers never see a half.
    """

    class Status(models.TextChoices):
        BUILDING = "building", "Building"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded"

    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="publications")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    rounds_included = models.JSONField(default=list, help_text="Numbers of the closed rounds")
    is_final = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["season", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "version"], name="publication_version_unique"
            ),
            models.UniqueConstraint(
                fields=["season"],
                condition=models.Q(status="published"),
                name="publication_one_published_per_season",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.season} v{self.version}"


class RankingSummary(models.Model):
    """Size and medal cutoffs of one ranking of a publication."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="rankings")
    region = models.CharField(max_length=4, choices=Region.choices)
    league = models.CharField(max_length=3, choices=League.choices)
    tier = models.CharField(max_length=16, choices=Tier.choices)
    scope = models.CharField(max_length=24)
    ranked = models.PositiveIntegerField()
    gold_cutoff = models.PositiveIntegerField()
    silver_cutoff = models.PositiveIntegerField()
    bronze_cutoff = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "league", "tier", "scope"], name="ranking_summary_unique"
            ),
        ]


class Standing(models.Model):
    """A registration's row in one ranking of one publication.

    ``position`` numbers the rows 1..N in display order (rank, then online
    id), so a page is a position range on an index: deep pages cost the same
    as the first.
    """

    # Derived rows written in bulk by publish_standings: the keys are checked by the
    # service, not row by row at commit, and the unique and page indexes cover
    # their lookups (see docs/benchmarks.md).
    publication = models.ForeignKey(
        Publication,
        on_delete=models.CASCADE,
        related_name="standings",
        db_constraint=False,
        db_index=False,
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    region = models.CharField(max_length=4, choices=Region.choices)
    league = models.CharField(max_length=3, choices=League.choices)
    tier = models.CharField(max_length=16, choices=Tier.choices)
    scope = models.CharField(max_length=24)
    rank = models.PositiveIntegerField()
    position = models.PositiveIntegerField()
    season_points = models.PositiveIntegerField()
    all_points = models.PositiveIntegerField()
    best_round = models.PositiveIntegerField()
    rounds_counted = models.PositiveSmallIntegerField()
    medal = models.CharField(max_length=6, choices=Medal.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "league", "tier", "scope", "position"],
                name="standing_position_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["publication", "registration"], name="standing_registration_idx"),
        ]


class RoundRank(models.Model):
    """A registration's regional rank as published after a round: the rank chart's points."""

    # The unique (registration, round_number) index serves lookups by registration.
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="round_ranks",
        db_constraint=False,
        db_index=False,
    )
    round_number = models.PositiveSmallIntegerField()
    rank = models.PositiveIntegerField()
    ranked = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "round_number"], name="round_rank_one_per_round"
            ),
        ]


class SharedPagesVersion(models.Model):
    """One row: how often what the pages shared by anonymous visitors show has changed.

    Those pages are cached under this generation (``leagues.views.shared_pages``); a
    service that changes what they show moves it once its transaction commits, a
    publication of standings as its switch's last write.
    """

    generation = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"shared pages, generation {self.generation}"
