"""Events of stewarding other parts of the site react to; sent after the write commits."""

from django.dispatch import Signal

# sent with decision=<Decision> once a decision (and the lobby's new scores) is committed
case_decided = Signal()
# sent with case=<Case> once a protest or review is committed (its accused may answer)
case_opened = Signal()
