"""Events other parts of the site react to (notifications, caches).

Senders fire them with ``transaction.on_commit`` so receivers only ever see
committed data.
"""

from django.dispatch import Signal

# sent with publication=<Publication> once a publication is the season's published one
standings_published = Signal()
# sent with run=<PayoutRun> once a payout run has written its whole ledger
payout_run_finished = Signal()
