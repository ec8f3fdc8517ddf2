"""Events of live events other parts of the site react to; sent after the write commits."""

from django.dispatch import Signal

# sent with session=<Session> once a session's results are confirmed (the first time only)
session_results_confirmed = Signal()
