"""The soak's "no memory growth" rule: settling after warm-up passes, a steady climb fails, and
a worker gunicorn had to replace fails."""

import os

from karya.loadtest.memory import MB, Sample, children, cpu_seconds, cpu_used, growth, rss_bytes


def run(series: dict[int, list[float]], every: float = 10.0) -> list[Sample]:
    length = len(next(iter(series.values())))
    return [
        Sample(n * every, {pid: int(values[n] * MB) for pid, values in series.items()})
        for n in range(length)
    ]


def test_memory_that_settles_after_warm_up_is_no_growth():
    # 300 s: 80 MB at start, 120 MB once every page was opened, then a few MB up and down
    values = [80, 110, 118, 120, 121, 119, 122, 123, 121, 124, 122, 125, 123, 124, 126, 125]
    report = growth(run({101: values, 102: values}), warmup=60)
    assert report["ok"], report["reason"]
    assert report["workers"]["101"]["start_mb"] == 80
    assert report["workers"]["101"]["end_mb"] == 125
    assert report["workers"]["101"]["grew"] is False


def test_a_steady_climb_is_growth():
    leak = [100 + 8 * n for n in range(16)]  # 8 MB more every 10 s
    flat = [120] * 16
    report = growth(run({101: flat, 102: leak}), warmup=60)
    assert not report["ok"]
    assert report["workers"]["102"]["grew"] is True
    assert report["workers"]["101"]["grew"] is False
    assert "worker 102 grew" in report["reason"]


def test_a_replaced_worker_fails_the_run():
    samples = run({101: [120] * 10, 102: [120] * 10})
    for sample in samples[6:]:  # 102 died (a timeout), gunicorn started 103
        sample.rss[103] = sample.rss.pop(102)
    report = growth(samples, warmup=10)
    assert not report["ok"]
    assert report["workers"]["102"]["replaced"] and report["workers"]["103"]["replaced"]


def test_no_samples_is_not_a_pass():
    assert not growth([], warmup=0)["ok"]


def test_the_workers_of_a_process_and_their_memory_are_read_from_proc():
    parent = os.getppid()
    assert os.getpid() in children(parent)
    assert rss_bytes(os.getpid()) > 10 * MB
    assert rss_bytes(2**22 + 12345) is None


def test_cpu_used_is_what_each_worker_used_between_the_first_and_last_sample():
    samples = [
        Sample(0, {1: MB, 2: MB}, {1: 10.0, 2: 5.0}),
        Sample(2, {1: MB, 2: MB}, {1: 12.5, 2: 6.0}),
        Sample(4, {1: MB}, {1: 13.0}),
    ]
    assert cpu_used(samples) == 4.0
    assert cpu_seconds(os.getpid()) > 0
    assert cpu_seconds(2**22 + 12345) is None
