"""Timing and counting for the benchmark's figures: samples of an action with their wall
time and statements sent, medians and 95th percentiles, and the peak memory of a figure."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection

from karya.bench.memory import own_peak_mb


def peak_rss_mb() -> float:
    """The highest resident memory of this process since the figure began (MB)."""
    return own_peak_mb()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class Timed:
    seconds: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return round(statistics.median(self.seconds) * 1000, 1)

    @property
    def p95_ms(self) -> float:
        return round(percentile(self.seconds, 0.95) * 1000, 1)


class QueryCounter:
    """Counts the statements sent on a connection (`connection.execute_wrapper`): unlike
    Django's query log it has no upper limit and keeps no SQL text."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(action: Callable[[int], object], samples: int, *, warmup: int = 1) -> Timed:
    """Run `action(i)` `warmup` times unmeasured, then `samples` times measured."""
    for i in range(warmup):
        action(-1 - i)
    result = Timed()
    for i in range(samples):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            action(i)
            result.seconds.append(time.perf_counter() - started)
        result.queries.append(counter.count)
    return result
