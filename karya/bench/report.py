"""The benchmark's report: one row (`Figure`) per measured figure, written as a Markdown table
and as JSON, with the machine, the scale and the dataset's row counts."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings as django_settings
from django.db import connection


@dataclass
class Figure:
    """A measured figure against its budget. `value` (in `unit`) is what the budget reads:
    a p95, a total, a rate or a ratio; `median_ms`/`p95_ms` are of the samples when timed."""

    id: str
    operation: str
    budget: str
    value: float
    unit: str
    met: bool
    samples: int
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    peak_rss_mb: float | None = None
    note: str = ""


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = None
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory_gb = round(pages / 2**30, 1)
    except (ValueError, OSError):
        pass
    version, settings = connection.vendor, {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            for name in ("shared_buffers", "fsync", "synchronous_commit", "work_mem"):
                cursor.execute(f"SHOW {name}")
                settings[name] = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": version,
        "postgresql_settings": settings,
        "debug": bool(django_settings.DEBUG),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _loads(values) -> str:
    return ", ".join(str(x) for x in values) if values else "not recorded"


def write(
    path_stem: Path,
    *,
    figures: list[Figure],
    scale: float,
    seed: int,
    last_day,
    rows: dict,
    generation_seconds: float | None,
    machine_info: dict,
) -> tuple[Path, Path]:
    """Write `<stem>.json` and `<stem>.md`; the two paths."""
    path_stem.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "seed": seed,
        "last_day": str(last_day),
        "machine": machine_info,
        "generation_seconds": generation_seconds,
        "rows": rows,
        "figures": [asdict(f) for f in figures],
    }
    json_path = path_stem.parent / f"{path_stem.name}.json"
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    md_path = path_stem.parent / f"{path_stem.name}.md"
    md_path.write_text(markdown(data))
    return md_path, json_path


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def markdown(data: dict) -> str:
    m = data["machine"]
    met = sum(1 for f in data["figures"] if f["met"])
    lines = [
        "# Karya benchmark",
        "",
        f"Scale **{data['scale']}** (1.0 is the issue's full national scale), seed "
        f"{data['seed']}, data up to {data['last_day']}, measured {data['measured_at']}. "
        f"Budgets met: {met} of {len(data['figures'])} figures.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['os']}; "
        f"Python {m['python']}; PostgreSQL {m['postgresql']} "
        f"({', '.join(f'{k}={v}' for k, v in m['postgresql_settings'].items())}); "
        f"DEBUG {'on' if m.get('debug') else 'off'}; load average (1, 5, 15 min) when the "
        f"measuring began {_loads(m.get('load_average_at_start'))} and when the report was "
        f"written {_loads(m.get('load_average'))} (the benchmark's own work counts in the "
        "second: B7 keeps both cores busy; a load above the two cores at the start means other "
        "work shared them and the timings are slower than on a quiet machine).",
        "",
        "| # | operation | budget | result | met | median ms | p95 ms | queries | peak MB "
        "| samples | note |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in data["figures"]:
        lines.append(
            f"| {f['id']} | {f['operation']} | {f['budget']} | {_cell(f['value'])} {f['unit']} "
            f"| {'yes' if f['met'] else '**no**'} | {_cell(f['median_ms'])} "
            f"| {_cell(f['p95_ms'])} | {_cell(f['queries'])} | {_cell(f['peak_rss_mb'])} "
            f"| {f['samples']} | {f['note']} |"
        )
    lines += ["", "Rows in the dataset:", "", "| table | rows |", "|---|---|"]
    lines += [f"| {table} | {count:,} |" for table, count in sorted(data["rows"].items())]
    total = sum(data["rows"].values())
    lines += [f"| **all** | **{total:,}** |", ""]
    if data["generation_seconds"] is not None:
        lines += [
            f"Generated and loaded in {data['generation_seconds']:.0f} s (COPY), monthly "
            "figures included.",
            "",
        ]
    return "\n".join(lines)
