"""The resident memory (RSS) of a gunicorn master's worker processes, read from /proc
(Linux), sampled over time by a background thread."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

MB = 1024 * 1024


def children(pid: int) -> list[int]:
    """The direct child processes of `pid` (gunicorn's workers, for the master)."""
    found = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(x) for x in handle.read().split()]
    except OSError:
        pass
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces and parentheses
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def rss_bytes(pid: int) -> int | None:
    """VmRSS of `pid` in bytes; None when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) `pid` has used so far; None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    at: float  # seconds since the sampler started
    rss: dict[int, int]  # worker pid → bytes
    cpu: dict[int, float] = field(default_factory=dict)  # worker pid → CPU seconds so far


@dataclass
class MemorySampler:
    """Samples the workers of gunicorn master `pid` every `every` seconds until stopped."""

    pid: int
    every: float = 2.0
    samples: list[Sample] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._started = 0.0

    def sample(self) -> Sample:
        at = time.monotonic() - self._started
        rss, cpu = {}, {}
        for worker in children(self.pid):
            value = rss_bytes(worker)
            used = cpu_seconds(worker)
            if value is not None and used is not None:
                rss[worker] = value
                cpu[worker] = used
        return Sample(at, rss, cpu)

    def _run(self) -> None:
        while True:
            self.samples.append(self.sample())
            if self._stop.wait(self.every):
                self.samples.append(self.sample())
                return

    def start(self) -> MemorySampler:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def stop(self) -> list[Sample]:
        self._stop.set()
        self._thread.join()
        return self.samples


def cpu_used(samples: list[Sample]) -> float:
    """CPU seconds the workers used between the first and the last sample."""
    total = 0.0
    for pid in {pid for s in samples for pid in s.cpu}:
        seen = [s.cpu[pid] for s in samples if pid in s.cpu]
        total += seen[-1] - seen[0]
    return total


def growth(
    samples: list[Sample],
    warmup: float,
    ratio: float = 0.10,
    slack_bytes: int = 20 * MB,
) -> dict:
    """Whether the workers' memory grew during the run.

    After `warmup` seconds, the rest of the run is cut in three equal parts. A worker grew when
    its highest RSS in the last third is above its highest RSS in the first third by more than
    `ratio` of it plus `slack_bytes` (a Python process's memory settles in steps: a little
    growth after warm-up is normal, a leak keeps climbing). A worker that appeared or vanished
    during the run (gunicorn replaced it: a crash or a timeout) counts as a failure too.
    The answer has, per worker, its RSS at the start, the middle and the end (MB)."""
    if not samples:
        return {"ok": False, "reason": "no memory samples", "workers": {}}
    end = samples[-1].at
    steady = [s for s in samples if s.at >= warmup] or samples
    start_at = steady[0].at
    third = (end - start_at) / 3 or 1.0
    first = [s for s in steady if s.at <= start_at + third]
    last = [s for s in steady if s.at >= end - third]
    pids = sorted({pid for s in samples for pid in s.rss})
    initial = set(samples[0].rss)
    final = set(samples[-1].rss)
    workers = {}
    ok = True
    reasons = []
    for pid in pids:
        series = [(s.at, s.rss[pid]) for s in samples if pid in s.rss]
        middle = min(series, key=lambda item: abs(item[0] - end / 2))[1]
        first_max = max((s.rss[pid] for s in first if pid in s.rss), default=None)
        last_max = max((s.rss[pid] for s in last if pid in s.rss), default=None)
        grew = None
        if first_max is not None and last_max is not None:
            allowed = first_max * (1 + ratio) + slack_bytes
            grew = last_max > allowed
            if grew:
                ok = False
                reasons.append(
                    f"worker {pid} grew from {first_max / MB:.0f} MB to {last_max / MB:.0f} MB"
                )
        replaced = pid not in initial or pid not in final
        if replaced:
            ok = False
            reasons.append(f"worker {pid} was started or stopped during the run")
        workers[str(pid)] = {
            "start_mb": round(series[0][1] / MB, 1),
            "middle_mb": round(middle / MB, 1),
            "end_mb": round(series[-1][1] / MB, 1),
            "first_third_max_mb": round(first_max / MB, 1) if first_max else None,
            "last_third_max_mb": round(last_max / MB, 1) if last_max else None,
            "growth_mb": round((series[-1][1] - series[0][1]) / MB, 1),
            "grew": grew,
            "replaced": replaced,
        }
    return {
        "ok": ok,
        "reason": "; ".join(reasons),
        "rule": (
            f"after {warmup:.0f} s of warm-up, each worker's highest RSS in the last third of "
            f"the run is at most its highest RSS in the first third + {ratio:.0%} + "
            f"{slack_bytes // MB} MB"
        ),
        "samples": len(samples),
        "workers": workers,
    }
