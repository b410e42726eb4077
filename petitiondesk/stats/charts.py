"""Horizontal bar charts as geometry for server-side SVG; pure.

The template draws what this computes, so the page needs no JavaScript and no network,
and the numbers stay readable on a projector: one row per item, the value at the bar's end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 190
VALUE_ROOM = 80
BAR_HEIGHT = 24
ROW_GAP = 12
TOP = 8


@dataclass(frozen=True)
class Bar:
    """One bar: its box, the series it belongs to and the value written beside it."""

    x: float
    y: float
    width: float
    height: float
    series: int
    text: str


@dataclass(frozen=True)
class Row:
    """One item: its label (vertically centred at `y`) and one bar per series."""

    label: str
    y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    """A chart ready to draw."""

    width: int
    height: int
    label_x: int
    rows: tuple[Row, ...]
    series: tuple[str, ...]


def value_text(value: float | int | None, *, percent: bool) -> str:
    """Return how a value is written beside its bar."""
    if value is None:
        return "—"
    return f"{value:.1%}" if percent else str(value)


def bar_chart(items: Sequence[tuple[str, Sequence[float | int | None]]], *,
              series: Sequence[str] = ("",), percent: bool = False) -> Chart:
    """Lay out one row per (label, values) item, one bar per series, on a common scale."""
    values = [v for _, vs in items for v in vs if v is not None]
    top = 1.0 if percent else max(values, default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_ROOM
    row_height = BAR_HEIGHT * len(series) + ROW_GAP
    rows = []
    for i, (label, vs) in enumerate(items):
        y0 = TOP + i * row_height
        bars = tuple(
            Bar(x=LABEL_WIDTH, y=y0 + s * BAR_HEIGHT, width=round(span * (v or 0) / top, 1),
                height=BAR_HEIGHT - 4, series=s, text=value_text(v, percent=percent))
            for s, v in enumerate(vs))
        rows.append(Row(label=label, y=y0 + (row_height - ROW_GAP) / 2, bars=bars))
    return Chart(width=WIDTH, height=TOP + len(items) * row_height, label_x=LABEL_WIDTH - 10,
                 rows=tuple(rows), series=tuple(series))
