from .choices import League, Medal, Region, ResultStatus, Tier
from .discipline import Suspension, SuspensionSource
from .drivers import Driver, PendingEmail, SportsmanshipRating
from .geography import Country, MainArea, SecondaryArea
from .identity import ClaimCode
from .ratings import Rating, RatingSource
from .rewards import PayoutRun, RewardPayout
from .rounds import EntrySlot, Lobby, LobbyPost, RaceResult, RaceServer, Round, RoundScore
from .seasons import Registration, RewardRate, Season, SeasonKind, SeasonStatus, StaffAction
from .standings import Publication, RankingSummary, RoundRank, SharedPagesVersion, Standing

__all__ = [
    "ClaimCode",
    "Country",
    "Driver",
    "EntrySlot",
    "League",
    "Lobby",
    "LobbyPost",
    "MainArea",
    "Medal",
    "PayoutRun",
    "PendingEmail",
    "Publication",
    "RaceResult",
    "RaceServer",
    "RankingSummary",
    "Rating",
    "RatingSource",
    "Region",
    "Registration",
    "ResultStatus",
    "RewardPayout",
    "RewardRate",
    "Round",
    "RoundRank",
    "RoundScore",
    "Season",
    "SeasonKind",
    "SeasonStatus",
    "SecondaryArea",
    "SharedPagesVersion",
    "SportsmanshipRating",
    "StaffAction",
    "Suspension",
    "SuspensionSource",
    "Standing",
    "Tier",
]
