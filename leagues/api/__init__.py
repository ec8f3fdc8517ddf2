"""The read-only JSON API (v1): seasons, rounds, standings, drivers, live events, results.

Plain Django views returning ``JsonResponse``; the shapes live in
``serializers`` and are described in ``openapi``'s OpenAPI 3.1 document,
which the tests check the responses against.
"""
