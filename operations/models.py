from django.db import models


class Heartbeat(models.Model):
    """When a process last proved it works: the worker writes ``worker`` each minute."""

    name = models.CharField(max_length=32, primary_key=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"
