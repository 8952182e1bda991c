"""Latencies and failures per page label, shared by the users' threads."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

MAX_FAILURE_SAMPLES = 5  # kept per label for the report; every failure is counted


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of `values` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Failure:
    label: str
    path: str
    status: int  # 0: no answer (refused, reset, timed out)
    detail: str


class Recorder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {}
        self.failures: dict[str, list[Failure]] = {}
        self.failure_counts: dict[str, int] = {}

    def record(self, label: str, seconds: float) -> None:
        with self._lock:
            self.latencies.setdefault(label, []).append(seconds)

    def failure(self, label: str, path: str, status: int, detail: str) -> None:
        with self._lock:
            self.failure_counts[label] = self.failure_counts.get(label, 0) + 1
            samples = self.failures.setdefault(label, [])
            if len(samples) < MAX_FAILURE_SAMPLES:
                samples.append(Failure(label, path, status, detail[:200]))

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + sum(
            count for label, count in self.failure_counts.items() if label not in self.latencies
        )

    @property
    def errors(self) -> int:
        return sum(self.failure_counts.values())

    def summary(self, labels) -> dict[str, dict]:
        """Per label (in the order given, then any other): count, errors, p50/p95/max ms."""
        with self._lock:
            names = list(labels) + [x for x in self.latencies if x not in labels]
            result = {}
            for label in names:
                values = self.latencies.get(label, [])
                result[label] = {
                    "requests": len(values),
                    "errors": self.failure_counts.get(label, 0),
                    "p50_ms": round(percentile(values, 0.50) * 1000, 1),
                    "p95_ms": round(percentile(values, 0.95) * 1000, 1),
                    "max_ms": round(max(values, default=0) * 1000, 1),
                }
            return result
