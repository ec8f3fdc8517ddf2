"""The scale benchmark behind ``make bench`` (see ``docs/benchmarks.md``).

``synthetic`` builds a season of any size with bulk loading, ``reference``
holds the hand-made SQL the standings jobs are compared with, ``processes``
starts and measures the real worker, gunicorn and wrk, ``runner`` runs the
steps and ``report`` writes their figures into the docs.
"""
