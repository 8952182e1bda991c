"""The soak: Karya under gunicorn, simulated users for a while, then a report saying whether
anything failed and whether the workers' memory grew."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import time
from collections import Counter
from pathlib import Path

from karya.loadtest import memory
from karya.loadtest.runner import DEFAULT_THINK, run_users
from karya.loadtest.server import WORKERS, serve
from karya.loadtest.workload import PAGES, personas

# A worker's memory "grew" when, after warm-up, its highest RSS in the last third of the run
# exceeds its highest RSS in the first third by more than this ratio plus this many MB.
GROWTH_RATIO = 0.10
GROWTH_SLACK_MB = 20


def warmup_for(duration: float) -> float:
    """The first fifth of the run, at most a minute: imports, caches and the first of every
    page settle there."""
    return min(60.0, duration / 5)


def server_log_problems(log: Path) -> list[str]:
    """The lines of gunicorn's log that report a server-side problem: an ERROR or CRITICAL
    record (a logged exception, a worker timeout) or a traceback."""
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return []
    return [
        line for line in text.splitlines() if re.search(r"\b(ERROR|CRITICAL)\b|^Traceback", line)
    ]


def soak(
    *,
    duration: float = 300.0,
    users: int = 50,
    workers: int = WORKERS,
    think: tuple[float, float] = DEFAULT_THINK,
    database: str = "",
    sample_every: float = 2.0,
) -> dict:
    """Serve Karya with gunicorn on loopback, run `users` simulated users for `duration`
    seconds while sampling the workers' RSS, and return the report (see `write_report`)."""
    started_at = dt.datetime.now(dt.UTC)
    load_before = os.getloadavg()[0]
    cpu_before = time.process_time()
    with serve(workers=workers) as server:
        sampler = memory.MemorySampler(server.pid, every=sample_every).start()
        recorder = run_users(server.base_url, users, duration, think=think)
        samples = sampler.stop()
        driver_cpu = time.process_time() - cpu_before
        log_problems = server_log_problems(server.log)
        log_path = server.log
    pages = recorder.summary(PAGES)
    for label, row in pages.items():
        row["path"] = PAGES[label].path if label in PAGES else ""
    missing = [label for label in PAGES if not pages[label]["requests"]]
    warmup = warmup_for(duration)
    growth = memory.growth(
        samples, warmup, ratio=GROWTH_RATIO, slack_bytes=GROWTH_SLACK_MB * memory.MB
    )
    failures = [vars(f) for samples_ in recorder.failures.values() for f in samples_]
    requests = sum(row["requests"] for row in pages.values())
    server_cpu = memory.cpu_used(samples)
    reasons = []
    if recorder.errors:
        reasons.append(f"{recorder.errors} failed requests")
    if log_problems:
        reasons.append(f"{len(log_problems)} problems in the server's log")
    if not growth["ok"]:
        reasons.append(growth["reason"])
    return {
        "ok": not reasons,
        "reasons": reasons,
        "started_at": started_at.isoformat(timespec="seconds"),
        "duration_s": duration,
        "users": users,
        "mix": dict(Counter(p.kind for p in personas(users))),
        "think_s": list(think),
        "workers": workers,
        "database": database,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}",
            # Other work on the machine slows the server: the 1-minute load average.
            "load_average_before": round(load_before, 2),
            "load_average_after": round(os.getloadavg()[0], 2),
            # CPU seconds the simulated users themselves used (on the same machine)
            "driver_cpu_s": round(driver_cpu, 1),
        },
        "requests": requests,
        "requests_per_second": round(requests / duration, 1),
        "errors": recorder.errors,
        # What the workers' CPU time says, whatever else ran on the machine: the requests
        # per second the server could answer with every core to itself.
        "server_cpu_s": round(server_cpu, 1),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / requests, 1) if requests else None,
        "capacity_estimate_rps": round(requests * (os.cpu_count() or 1) / server_cpu, 1)
        if server_cpu
        else None,
        "pages": pages,
        "pages_not_reached": missing,
        "failures": failures,
        "server_log": str(log_path),
        "server_log_problems": log_problems[:20],
        "memory": growth,
    }


def _row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def markdown(report: dict) -> str:
    lines = [
        "# Soak test",
        "",
        f"Verdict: **{'PASS' if report['ok'] else 'FAIL'}**"
        + (f" ({'; '.join(report['reasons'])})" if report["reasons"] else ""),
        "",
        f"- Started {report['started_at']}, {report['duration_s']:.0f} s, "
        f"{report['users']} simulated users ("
        + ", ".join(f"{n} {kind}" for kind, n in report["mix"].items())
        + f"), pauses of {report['think_s'][0]}–{report['think_s'][1]} s between pages.",
        f"- gunicorn with {report['workers']} sync workers on loopback (as `make run`), "
        f"database: {report['database']}; {report['machine']['cpus']} CPUs, "
        f"Python {report['machine']['python']}, {report['machine']['system']}; load "
        f"average {report['machine']['load_average_before']} before, "
        f"{report['machine']['load_average_after']} after; the simulated users used "
        f"{report['machine']['driver_cpu_s']} s of CPU.",
        f"- {report['requests']} requests ({report['requests_per_second']}/s), "
        f"{report['errors']} errors, {len(report['server_log_problems'])} problems in the "
        "server's log.",
        f"- The workers used {report['server_cpu_s']} s of CPU, "
        f"{report['server_cpu_ms_per_request']} ms per request: with both cores to itself "
        f"the server could answer at most about {report['capacity_estimate_rps']} requests per "
        "second. Beyond that (or when other work takes the cores) requests wait for a free "
        "worker, and that wait is part of the latencies below.",
        "",
        "## Pages",
        "",
        _row("page", "path", "requests", "errors", "p50 ms", "p95 ms", "max ms"),
        _row("---", "---", "---:", "---:", "---:", "---:", "---:"),
    ]
    for label, row in report["pages"].items():
        lines.append(
            _row(
                label,
                f"`{row['path']}`",
                row["requests"],
                row["errors"],
                row["p50_ms"],
                row["p95_ms"],
                row["max_ms"],
            )
        )
    if report["pages_not_reached"]:
        lines += ["", "Not reached: " + ", ".join(report["pages_not_reached"])]
    if report["failures"]:
        lines += ["", "## Failures (first of each page)", ""]
        lines += [
            f"- {f['label']} `{f['path']}`: {f['status'] or 'no answer'} {f['detail']}"
            for f in report["failures"]
        ]
    if report["server_log_problems"]:
        lines += ["", "## Server log", "", "```"]
        lines += report["server_log_problems"]
        lines += ["```"]
    mem = report["memory"]
    lines += [
        "",
        "## Worker memory (RSS)",
        "",
        f"Rule: {mem.get('rule', '')}. {mem.get('samples', 0)} samples."
        + (f" **{mem['reason']}**" if mem.get("reason") else " No growth."),
        "",
        _row(
            "worker",
            "start MB",
            "middle MB",
            "end MB",
            "growth MB",
            "first third max",
            "last third max",
            "grew",
        ),
        _row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---"),
    ]
    for pid, row in mem["workers"].items():
        lines.append(
            _row(
                pid,
                row["start_mb"],
                row["middle_mb"],
                row["end_mb"],
                row["growth_mb"],
                row["first_third_max_mb"],
                row["last_third_max_mb"],
                "replaced" if row["replaced"] else ("yes" if row["grew"] else "no"),
            )
        )
    lines += [
        "",
        "Made by `karya soak` (karya/loadtest). Latency is measured by the client, from "
        "sending a request to reading its last byte, on the same two-core machine as the "
        "server.",
        "",
    ]
    return "\n".join(lines)


def write_report(report: dict, stem: Path) -> tuple[Path, Path]:
    """Write `stem`.md and `stem`.json."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    md, js = stem.with_suffix(".md"), stem.with_suffix(".json")
    md.write_text(markdown(report))
    js.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return md, js
