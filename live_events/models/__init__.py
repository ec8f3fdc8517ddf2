from .events import Broadcast, EventEntry, EventKind, Language, LiveEvent
from .finalists import Finalist, FinalistSource, FinalistStatus
from .predictions import Prediction, PredictionReward
from .sessions import GridSlot, Session, SessionKind, SessionResult, StewardDecision
from .settings import LiveSeasonSettings
from .teams import NationalTeam, TeamMember
from .timing import LiveTiming
from .watching import WatchReward

__all__ = [
    "Broadcast",
    "EventEntry",
    "EventKind",
    "Finalist",
    "FinalistSource",
    "FinalistStatus",
    "GridSlot",
    "Language",
    "LiveEvent",
    "LiveSeasonSettings",
    "LiveTiming",
    "NationalTeam",
    "Prediction",
    "PredictionReward",
    "Session",
    "SessionKind",
    "SessionResult",
    "StewardDecision",
    "TeamMember",
    "WatchReward",
]
