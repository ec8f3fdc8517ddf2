"""Import one ``results.csv`` with the real service and print its time and peak memory as JSON.

Run as ``python -m leagues.bench.import_probe FILE`` so the import has a
process of its own and reads it as ``manage.py import_results`` does, line by line.
"""

import json
import os
import sys
import time


def main(path: str) -> None:
    import django

    django.setup()
    from leagues import csvfiles
    from leagues.bench.processes import vm_hwm_kib
    from leagues.services.results import import_results

    with open(path, "rb") as handle:  # as manage.py import_results reads it: line by line
        started = time.perf_counter()
        report = import_results(csvfiles.file_lines(handle))
        seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit("; ".join(report.errors[:5]))
    with open(path, "rb") as handle:
        rows = sum(1 for _ in handle) - 1
    peak_mib = vm_hwm_kib(os.getpid()) / 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mib": peak_mib}))


if __name__ == "__main__":
    main(sys.argv[1])
