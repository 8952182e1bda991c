"""Each figure's peak memory is its own: B1's is the import process's, not the peak of the
benchmark that started it (Linux carries `ru_maxrss` over exec, so the dataset generation's
peak would show), and the benchmark starts its own peak afresh before each figure."""

import subprocess
import sys

from django.conf import settings

from karya.bench.memory import own_peak_mb, reset_peak

PROBE = "from karya.bench.memory import own_peak_mb; print(own_peak_mb())"


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


def test_each_figure_starts_its_peak_afresh():
    ballast = bytearray(200 * 1024 * 1024)
    ballast[::4096] = b"\1" * len(ballast[::4096])
    with_ballast = own_peak_mb()
    del ballast

    reset_peak()

    assert own_peak_mb() < with_ballast - 150
