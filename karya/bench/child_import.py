"""`python -m karya.bench.child_import FILE UNIT`: import an SDP file into a unit the way the
import page does (karya.inmates.services.inmates_import), roll it back, and print one JSON
line: seconds, rows added, and the peak resident memory of this process (MB). The benchmark
runs it in a process of its own so the memory is the import's alone."""

import json
import os
import sys
import time

from karya.bench.memory import own_peak_mb


def main(path: str, code: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karya.settings")
    import django

    django.setup()
    from django.db import transaction
    from django_scopes import scope

    from karya.facilities.models import Facility
    from karya.inmates.services import inmates_import

    facility = Facility.objects.get(code=code)
    with open(path, "rb") as handle:
        content = handle.read()
    with scope(facility=[facility.pk]), transaction.atomic():
        started = time.perf_counter()
        result = inmates_import(
            actor=None, facility=facility, file_name=os.path.basename(path), content=content
        )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    peak = own_peak_mb()
    print(
        json.dumps({"seconds": seconds, "created": result.created, "peak_rss_mb": round(peak, 1)})
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
