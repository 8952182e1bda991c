"""The benchmark report: every figure is a row of the Markdown table and of the JSON, with the
machine, the scale and the dataset's rows."""

import json

from karya.bench.report import Figure, machine, write


def test_every_figure_is_written_to_the_markdown_and_the_json(tmp_path, db):
    figures = [
        Figure(
            "B2",
            "save a day",
            "p95 ≤ 150 ms",
            value=120.5,
            unit="ms",
            met=True,
            samples=20,
            median_ms=80.0,
            p95_ms=120.5,
            queries=24,
            peak_rss_mb=150.0,
        ),
        Figure(
            "B4",
            "dashboard",
            "p95 ≤ 300 ms",
            value=410.0,
            unit="ms",
            met=False,
            samples=20,
            note="slow",
        ),
    ]
    md_path, json_path = write(
        tmp_path / "bench" / "latest",
        figures=figures,
        scale=0.5,
        seed=7,
        last_day="2026-11-22",
        rows={"inmates.Inmate": 1400},
        generation_seconds=12.0,
        machine_info=machine(),
    )

    data = json.loads(json_path.read_text())
    assert [f["id"] for f in data["figures"]] == ["B2", "B4"]
    assert data["scale"] == 0.5
    assert data["machine"]["cores"] >= 1
    text = md_path.read_text()
    assert (
        "| B2 | save a day | p95 ≤ 150 ms | 120.5 ms | yes | 80 | 120.5 | 24 | 150 | 20 |" in text
    )
    assert "| B4 | dashboard | p95 ≤ 300 ms | 410 ms | **no** |" in text
    assert "Budgets met: 1 of 2 figures." in text
    assert "| inmates.Inmate | 1,400 |" in text
