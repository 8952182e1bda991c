"""Charts drawn on the server as SVG (DESIGN.md §4): the same markup is shown in a page and laid
out by WeasyPrint in a PDF. No script, no outside resource; every text is escaped.

- `bars(items)`: horizontal bars, one per item (sales by channel, a ranking, targets).
- `columns(items)`: vertical columns over time (a year's months).

Each item is (label, value, shown) where `shown` is the value as written (e.g. "Rp 1.250.000").
A negative value (a month of cancellations) is drawn as an empty bar with its value written.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#1f6f43", "#2f8f5b", "#4aa874", "#74c095", "#a2d7b6", "#c8e8d3", "#2b5c8a")
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _svg(width: int, height: int, title: str, body: str) -> SafeString:
    return mark_safe(  # noqa: S308  # nosec B308 B703 # every piece is escaped where it is built
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" '
        f'preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>{body}</svg>'
    )


def _scale(values) -> Decimal:
    top = max((Decimal(v) for v in values if v is not None), default=Decimal(0))
    return top if top > 0 else Decimal(1)


def bars(
    items: list[tuple[str, Decimal | int | None, str]],
    *,
    title: str,
    width: int = 640,
    label_width: int = 200,
    bar_height: int = 22,
    targets: list[Decimal | None] | None = None,
) -> SafeString:
    """Horizontal bars. `targets` (optional, one per item) draws a mark at each item's target
    on the same scale."""
    gap, value_width = 6, 130
    height = max(len(items), 1) * (bar_height + gap) + gap
    room = width - label_width - value_width
    values = [v for _l, v, _s in items] + [t for t in (targets or []) if t is not None]
    top = _scale(values)
    parts = []
    for index, (label, raw, shown) in enumerate(items):
        y = gap + index * (bar_height + gap)
        value = Decimal(raw or 0)
        length = int(room * max(value, Decimal(0)) / top)
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="end" {}>{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"></rect>'
                '<text x="{}" y="{}" font-size="12" {}>{}</text>',
                label_width - 6,
                y + bar_height * 0.7,
                mark_safe(FONT),  # noqa: S308  # nosec B308 B703 # a constant
                label,
                label_width,
                y,
                max(length, 1 if value > 0 else 0),
                bar_height,
                COLOURS[index % len(COLOURS)],
                label_width + length + 6,
                y + bar_height * 0.7,
                mark_safe(FONT),  # noqa: S308  # nosec B308 B703 # a constant
                shown,
            )
        )
        target = (targets or [None] * len(items))[index]
        if target is not None and target > 0:
            x = label_width + int(room * Decimal(target) / top)
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b3261e" stroke-width="2">'
                    "</line>",
                    x,
                    y - 2,
                    x,
                    y + bar_height + 2,
                )
            )
    return _svg(width, height, title, "".join(parts))


def columns(
    items: list[tuple[str, Decimal | int | None, str]],
    *,
    title: str,
    width: int = 640,
    height: int = 220,
) -> SafeString:
    """Vertical columns, left to right (months of a year), each with its label below and its
    value above."""
    bottom, top_margin = 36, 22
    room = height - bottom - top_margin
    count = max(len(items), 1)
    slot = width / count
    column_width = max(int(slot * 0.6), 4)
    top = _scale([v for _l, v, _s in items])
    parts = [
        format_html(
            '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#999" stroke-width="1"></line>',
            height - bottom,
            width,
            height - bottom,
        )
    ]
    for index, (label, raw, shown) in enumerate(items):
        value = Decimal(raw or 0)
        tall = int(room * max(value, Decimal(0)) / top)
        x = int(index * slot + (slot - column_width) / 2)
        centre = int(index * slot + slot / 2)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"></rect>'
                '<text x="{}" y="{}" font-size="10" text-anchor="middle" {}>{}</text>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" {}>{}</text>',
                x,
                height - bottom - tall,
                column_width,
                tall,
                COLOURS[0],
                centre,
                height - bottom - tall - 6,
                mark_safe(FONT),  # noqa: S308  # nosec B308 B703 # a constant
                shown,
                centre,
                height - bottom + 16,
                mark_safe(FONT),  # noqa: S308  # nosec B308 B703 # a constant
                label,
            )
        )
    return _svg(width, height, title, "".join(parts))
