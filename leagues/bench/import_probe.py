"""Import one ``results.csv`` with the real service and print its time and peak memory as JSON.

Run as ``python -m leagues.bench.import_probe FILE`` so the import has a
process of its own, like ``manage.py import_results`` or a web request.
"""

import json
import os
import sys
import time


def main(path: str) -> None:
    import django

    django.setup()
    from leagues.bench.processes import vm_hwm_kib
    from leagues.services.results import import_results

    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    started = time.perf_counter()
    report = import_results(text)
    seconds = time.perf_counter() - started
    if not report.ok:
        raise SystemExit("; ".join(report.errors[:5]))
    rows = text.count("\n") - 1
    peak_mib = vm_hwm_kib(os.getpid()) / 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "peak_mib": peak_mib}))


if __name__ == "__main__":
    main(sys.argv[1])
