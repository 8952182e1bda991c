"""B1's peak memory is the import process's own: not the peak of the benchmark that started
it (Linux carries `ru_maxrss` over exec, so the dataset generation's peak would show)."""

import subprocess
import sys

from django.conf import settings

PROBE = "from karya.bench.child_import import own_peak_mb; print(own_peak_mb())"


def test_the_import_process_reports_its_own_peak_not_its_parents():
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(ballast[::4096])  # touch every page: resident, not reserved

    done = subprocess.run(  # noqa: S603 # this interpreter, a fixed probe
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    assert 1 < float(done.stdout) < 200  # the parent holds more than 300 MB
    del ballast
