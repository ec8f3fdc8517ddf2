"""Celery jobs of the online season: each takes ids and calls one service."""
