"""Runs simulated users in threads against a base URL, and the closed-loop throughput
measurement of the public catalogue (issue 10, B7/B8)."""

from __future__ import annotations

import threading
import time

from karya.loadtest import memory
from karya.loadtest.client import Browser
from karya.loadtest.stats import Recorder, percentile
from karya.loadtest.workload import User, personas

# Seconds a person spends on a page before the next: reading a list, typing a day's
# attendance takes longer, but a soak should keep the server busy.
DEFAULT_THINK = (2.0, 8.0)


def run_users(
    base_url: str,
    users: int,
    duration: float,
    think: tuple[float, float] = DEFAULT_THINK,
    seed: int = 2026,
    ramp_up: float | None = None,
) -> Recorder:
    """Run `users` simulated users (karya.loadtest.workload) for `duration` seconds; their
    starts are spread over `ramp_up` seconds (default a tenth of the run, at most 30 s: people
    do not all log in at the same second, and a login costs a deliberately slow password
    hash)."""
    recorder = Recorder()
    ramp_up = min(30.0, duration / 10) if ramp_up is None else ramp_up
    started = time.monotonic()
    deadline = started + duration
    threads = []
    for n, persona in enumerate(personas(users)):
        user = User(
            persona,
            base_url,
            recorder,
            deadline,
            think,
            seed=seed * 1000 + n,
            clock=time.monotonic,
            sleep=time.sleep,
        )
        thread = threading.Thread(
            target=_delayed, args=(user.run, started + ramp_up * n / max(users, 1)), daemon=True
        )
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(duration + 180)
    return recorder


def _delayed(function, at: float) -> None:
    wait = at - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    function()


def _hammer(base_url: str, paths: list[str], duration: float, users: int) -> dict:
    """`users` clients, each requesting `paths` in turn without pausing, for `duration` s."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client(offset: int) -> None:
        browser = Browser(base_url)
        n = offset
        mine: list[float] = []
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            n += 1
            try:
                page = browser.get(path)
            except OSError as error:
                browser.close()
                with lock:
                    errors.append(f"{path}: {type(error).__name__}")
                continue
            if page.status != 200:
                with lock:
                    errors.append(f"{path}: {page.status}")
                continue
            mine.append(page.seconds)
        browser.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 120)
    elapsed = time.monotonic() - started
    return {
        "paths": paths,
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
    }


TRIVIAL_PATH = "/healthz"  # karya.web.views.healthz: one SELECT 1, a small JSON answer


def catalogue_paths(base_url: str) -> list[str]:
    """The public catalogue's pages: its home, every unit's page and every product page
    linked from the home."""
    home = Browser(base_url).get("/katalog/")
    if home.status != 200:
        raise RuntimeError(f"/katalog/ answered {home.status}")
    units = home.links_matching(r"/katalog/[A-Z0-9]+/")
    products = home.links_matching(r"/katalog/[A-Z0-9]+/\d+-[\w-]+/")
    return ["/katalog/", *units, *products]


def measure_public_catalogue(
    base_url: str, duration: float = 60.0, users: int = 20, server_pid: int | None = None
) -> dict:
    """Throughput of the public catalogue against a trivial view of the same server.

    First `users` clients request the trivial view (/healthz) without pausing for `duration`
    seconds, then the catalogue's pages (/katalog/, the units' pages, the product pages) the
    same way. Returns {"trivial": {...}, "catalogue": {...}, "ratio": catalogue requests per
    second / trivial requests per second, "errors": both phases' errors, "worker_rss_mb":
    {pid: MB} of the gunicorn master `server_pid`'s workers read after the catalogue phase
    (empty without a pid), "worker_rss_max_mb"}. Each phase holds requests, errors,
    requests_per_second, p50_ms, p95_ms, max_ms."""
    trivial = _hammer(base_url, [TRIVIAL_PATH], duration, users)
    catalogue = _hammer(base_url, catalogue_paths(base_url), duration, users)
    rss = {}
    if server_pid is not None:
        for pid in memory.children(server_pid):
            value = memory.rss_bytes(pid)
            if value is not None:
                rss[str(pid)] = round(value / memory.MB, 1)
    return {
        "users": users,
        "duration_s": duration,
        "trivial": trivial,
        "catalogue": catalogue,
        "ratio": round(catalogue["requests_per_second"] / trivial["requests_per_second"], 3)
        if trivial["requests_per_second"]
        else None,
        "errors": trivial["errors"] + catalogue["errors"],
        "worker_rss_mb": rss,
        "worker_rss_max_mb": max(rss.values(), default=None),
    }
