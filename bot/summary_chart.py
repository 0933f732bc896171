"""The picture in HR's weekly summary: per unit, the share of PNS who reached the JP minimum.

matplotlib is imported only when a chart is drawn: it costs tens of MB, which an idle bot should not carry.
"""

from __future__ import annotations

import io

from storage.services.hr_summary import UnitJp


def jp_chart_png(units: list[UnitJp], *, title: str, axis: str) -> bytes:
    from matplotlib.figure import Figure  # a bare Figure: no pyplot, no global state shared between updates

    figure = Figure(figsize=(8, 1.6 + 0.45 * len(units)), dpi=100)
    axes = figure.subplots()
    shares = [100 * unit.reached / unit.employees for unit in units]
    bars = axes.barh([unit.unit for unit in units], shares, color=["#c0392b" if share < 50 else "#2e86c1"
                                                                     for share in shares])
    axes.bar_label(bars, labels=[f"{unit.reached}/{unit.employees}" for unit in units], padding=3)
    axes.set_xlim(0, 110)
    axes.set_xlabel(axis)
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
