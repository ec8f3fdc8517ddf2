"""Plain functions turning models into the JSON shapes of ``openapi.py``'s schemas."""

from leagues.models import (
    Driver,
    EntrySlot,
    Publication,
    RaceResult,
    RankingSummary,
    Registration,
    Round,
    Season,
    Standing,
)
from leagues.selectors.exports import utc_iso


def moment(value) -> str | None:
    return utc_iso(value) if value is not None else None


def season(season: Season) -> dict:
    return {
        "label": season.label,
        "year": season.year,
        "kind": season.kind,
        "name": str(season),
        "status": season.status,
        "registration_opens": moment(season.registration_opens),
        "registration_closes": moment(season.registration_closes),
        "rounds_planned": season.rounds_planned,
        "best_rounds": season.best_rounds,
        "points_scheme": season.points_scheme,
    }


def publication(publication: Publication | None) -> dict | None:
    if publication is None:
        return None
    return {
        "version": publication.version,
        "published_at": moment(publication.published_at),
        "rounds_included": list(publication.rounds_included),
        "is_final": publication.is_final,
    }


def round_(round: Round) -> dict:
    return {
        "number": round.number,
        "date": round.date.isoformat(),
        "track": round.track,
        "car_category": round.car_category,
        "tuning": round.tuning,
        "balance_of_performance": round.balance_of_performance,
        "damage": round.damage,
        "tyre_wear": round.tyre_wear,
        "fuel_wear": round.fuel_wear,
        "mandatory_tyres": round.mandatory_tyres,
        "laps": {"GT1": round.laps_gt1, "GT2": round.laps_gt2, "GT3": round.laps_gt3},
        "race_kind": round.race_kind,
        "status": round.status,
        "closed_at": moment(round.closed_at),
    }


def slot(slot: EntrySlot) -> dict:
    return {
        "region": slot.region,
        "league": slot.league,
        "starts_at": moment(slot.starts_at),
        "entry_opens_at": moment(slot.entry_opens_at),
    }


def result(result: RaceResult) -> dict:
    return {
        "id": result.pk,
        "slot_start_utc": moment(result.slot.starts_at),
        "region": result.slot.region,
        "league": result.slot.league,
        "lobby": result.lobby.label,
        "sof": result.lobby.sof,
        "online_id": result.registration.driver.online_id,
        "display_name": result.registration.display_name,
        "position": result.position,
        "status": result.status,
        "dr_points": result.dr_points,
        "points": result.points,
    }


def summary(summary: RankingSummary | None) -> dict:
    if summary is None:
        return {"ranked": 0, "gold_cutoff": 0, "silver_cutoff": 0, "bronze_cutoff": 0}
    return {
        "ranked": summary.ranked,
        "gold_cutoff": summary.gold_cutoff,
        "silver_cutoff": summary.silver_cutoff,
        "bronze_cutoff": summary.bronze_cutoff,
    }


def standing(row: Standing) -> dict:
    return {
        "rank": row.rank,
        "position": row.position,
        "online_id": row.registration.driver.online_id,
        "display_name": row.registration.display_name,
        "country": row.registration.country_id,
        "season_points": row.season_points,
        "all_points": row.all_points,
        "best_round": row.best_round,
        "rounds_counted": row.rounds_counted,
        "medal": row.medal or None,
    }


def driver(driver: Driver) -> dict:
    return {
        "online_id": driver.online_id,
        "display_name": driver.display_name,
        "country": driver.country_id,
        "region": driver.country.region,
        "dr_points": driver.dr_points,
        "dr_grade": driver.dr_grade,
        "sr_grade": driver.sr_grade,
        "is_star_player": driver.is_star_player,
    }


def registration(registration: Registration) -> dict:
    return {
        "season": registration.season.label,
        "league": registration.league,
        "region": registration.region,
        "country": registration.country_id,
        "dr_points": registration.dr_points,
    }


def tier_standing(row: Standing) -> dict:
    return {
        "tier": row.tier,
        "scope": row.scope,
        "rank": row.rank,
        "season_points": row.season_points,
        "medal": row.medal or None,
    }
