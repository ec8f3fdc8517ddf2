from .events import Broadcast, EventEntry, EventFormat, EventKind, Language, LiveEvent
from .finalists import Finalist, FinalistSource, FinalistStatus
from .predictions import Prediction, PredictionReward
from .sessions import GridSlot, Session, SessionKind, SessionResult, StewardDecision
from .settings import LiveSeasonSettings
from .timing import LiveTiming
from .watching import WatchReward

__all__ = [
    "Broadcast",
    "EventEntry",
    "EventFormat",
    "EventKind",
    "Finalist",
    "FinalistSource",
    "FinalistStatus",
    "GridSlot",
    "Language",
    "LiveEvent",
    "LiveSeasonSettings",
    "LiveTiming",
    "Prediction",
    "PredictionReward",
    "Session",
    "SessionKind",
    "SessionResult",
    "StewardDecision",
    "WatchReward",
]
