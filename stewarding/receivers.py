"""Signal receivers: stewarding keeps its decisions applied to results written again."""

from django.dispatch import receiver

from leagues.signals import lobbies_rewritten
from stewarding.services.decisions import reapply_decisions


@receiver(lobbies_rewritten, dispatch_uid="stewarding.reapply_decisions")
def on_lobbies_rewritten(sender, lobby_ids, **kwargs):
    reapply_decisions(lobby_ids=lobby_ids)
