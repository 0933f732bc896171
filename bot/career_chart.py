"""The career timeline as a small PNG: one lane of golongan, one of posts, each a bar from its TMT to the next.

matplotlib is imported only here and only when someone asks for a chart (it adds tens of megabytes and
most of a second to a process), through its object API with the Agg canvas: no pyplot and no global
state, so charts drawn in worker threads do not interfere.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from storage.services.career_history import Timeline

WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 3.0, 120  # 960 × 360 pixels: readable on a phone, a few dozen KB
COLOURS = ("#1f6f8b", "#5c6b73", "#2a9d8f", "#b5651d", "#6a4c93", "#3d5a80")  # dark enough for white text
LABEL_CHARACTERS = 28


def timeline_png(timeline: Timeline, today: date, lane_labels: tuple[str, str], title: str) -> bytes | None:
    """The chart, or None when no entry has a TMT (nothing to place on a time axis)."""
    grades = _bars([(entry.effective_date, entry.grade) for entry in timeline.grades], today)
    posts = _bars([(entry.effective_date, entry.position) for entry in timeline.posts], today)
    if not grades and not posts:
        return None
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 (lazy: see the module docstring)
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    for lane, bars in ((1, grades), (0, posts)):
        for index, (start, end, label) in enumerate(bars):
            left, width = date2num(start), date2num(end) - date2num(start)
            axes.barh(lane, width, left=left, height=0.6, color=COLOURS[index % len(COLOURS)], edgecolor="white")
            axes.text(left + width / 2, lane, _shortened(label), ha="center", va="center", fontsize=8,
                      color="white", clip_on=True, parse_math=False)
    axes.axvline(date2num(today), color="#333333", linewidth=1, linestyle=":")
    axes.set_yticks([1, 0], list(lane_labels), parse_math=False)
    axes.set_ylim(-0.6, 1.6)
    locator = AutoDateLocator(minticks=3, maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator, formats=["%Y", "%Y", "%Y", "%Y", "%Y", "%Y"]))
    axes.set_title(title, fontsize=10, loc="left", parse_math=False)  # a "$" in a name is not a formula
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _bars(entries: list[tuple[date | None, str]], today: date) -> list[tuple[date, date, str]]:
    """Dated entries as (start, end, label), each ending where the next begins and the last today."""
    dated = sorted((start, label) for start, label in entries if start is not None and start <= today)
    ends = [start for start, _label in dated[1:]] + [max(today, dated[-1][0] + timedelta(days=30))] if dated else []
    return [(start, end, label) for (start, label), end in zip(dated, ends, strict=True)]


def _shortened(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[:LABEL_CHARACTERS - 1] + "…"
