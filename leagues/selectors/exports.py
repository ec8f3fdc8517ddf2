"""Rows of the export files of domain.md, streamed from the database in file order."""

import datetime as dt
from collections.abc import Iterator

from leagues.models import RaceResult, Registration, Season

CHUNK = 5000


def registration_rows(*, season: Season) -> Iterator[tuple]:
    """``registrations.csv`` rows of a season, by region, league and online id.

    The ``birth_date`` column is left empty: birth dates never leave the site
    (the privacy page says so); an import of this file keeps the dates on file.
    """
    rows = (
        Registration.objects.filter(season=season)
        .order_by("region", "league", "driver__online_id")
        .values_list(
            "driver__online_id",
            "display_name",
            "region",
            "country_id",
            "main_area__code",
            "secondary_area__code",
            "league",
            "dr_points",
        )
    )
    for online_id, name, region, country, main, secondary, league, dr in rows.iterator(
        chunk_size=CHUNK
    ):
        yield (
            season.label,
            online_id,
            name,
            region,
            country,
            main,
            secondary,
            league,
            dr,
            "",
        )


def result_rows(*, season: Season) -> Iterator[tuple]:
    """``results.csv`` rows of a season: every result, by round, slot, lobby and position."""
    rows = (
        RaceResult.objects.filter(slot__round__season=season)
        .order_by(
            "slot__round__number",
            "slot__starts_at",
            "slot__region",
            "slot__league",
            "lobby__label",
            "position",
        )
        .values_list(
            "slot__round__number",
            "slot__starts_at",
            "slot__region",
            "slot__league",
            "lobby__label",
            "registration__driver__online_id",
            "position",
            "status",
            "dr_points",
        )
    )
    for number, start, region, league, lobby, online_id, position, status, dr in rows.iterator(
        chunk_size=CHUNK
    ):
        yield (
            season.label,
            number,
            utc_iso(start),
            region,
            league,
            lobby,
            online_id,
            position,
            status,
            dr,
        )


def utc_iso(moment) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
