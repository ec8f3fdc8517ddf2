"""Events other parts of the site react to (notifications, caches).

Senders fire them with ``transaction.on_commit`` so receivers only ever see
committed data, except ``lobbies_rewritten``: it is sent inside the writing
transaction, so what receivers derive from the results commits with them.
"""

from django.dispatch import Signal

# sent with publication=<Publication> once a publication is the season's published one
standings_published = Signal()
# sent with run=<PayoutRun> once a payout run has written its whole ledger
payout_run_finished = Signal()
# sent inside the import's transaction with lobby_ids=<list of Lobby pks> once stored lobbies'
# results were replaced from a results file or a race server's post
lobbies_rewritten = Signal()
