"""The talent box as a picture: a 3 × 3 grid, kinerja from left (below expectations) to right (above),
potensial from bottom (rendah) to top (tinggi), each box with its number, its count and the first names.

matplotlib is imported only here and only when Kepegawaian asks for the picture, through its object API
with the Agg canvas (no pyplot, no global state), as :mod:`bot.career_chart` does.
"""

from __future__ import annotations

import io

from bot.appraisal_labels import rating_label
from bot.i18n import Translator
from storage.problems import N_
from storage.ratings import Rating
from storage.services.talent import BOXES, TALENT_POOL, Potential, TalentBox

SIZE_INCHES, DPI = 7.5, 120  # 900 × 900 pixels: readable on a phone
NAMES_PER_BOX, NAME_CHARACTERS = 4, 22
COLUMNS = (Rating.BELOW, Rating.MEETS, Rating.ABOVE)
ROWS = (Potential.LOW, Potential.MEDIUM, Potential.HIGH)
POOL_COLOUR, MIDDLE_COLOUR, LOW_COLOUR = "#cde8d4", "#f1efe6", "#f6d5cf"
POTENTIAL_LABELS = {Potential.HIGH: N_("High"), Potential.MEDIUM: N_("Medium"), Potential.LOW: N_("Low")}


def talent_png(_: Translator, talent: TalentBox) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 (lazy: see the module docstring)
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
    axes = figure.add_axes((0.14, 0.1, 0.83, 0.8))
    axes.set_xlim(0, 3)
    axes.set_ylim(0, 3)
    for column, performance in enumerate(COLUMNS):
        for row, potential in enumerate(ROWS):
            box = BOXES[(performance, potential)]
            placed = talent.in_box(box)
            colour = POOL_COLOUR if box in TALENT_POOL else LOW_COLOUR if box == 1 else MIDDLE_COLOUR
            axes.add_patch(Rectangle((column, row), 1, 1, facecolor=colour, edgecolor="#555555"))
            names = [_short(placement.employee.name) for placement in placed[:NAMES_PER_BOX]]
            if len(placed) > NAMES_PER_BOX:
                names.append(_("and {count} more", count=len(placed) - NAMES_PER_BOX))
            axes.text(column + 0.06, row + 0.9, _("Box {number}: {count}", number=box, count=len(placed)),
                      fontsize=10, fontweight="bold", va="top")
            axes.text(column + 0.06, row + 0.68, "\n".join(names), fontsize=7.5, va="top")
    axes.set_xticks([0.5, 1.5, 2.5], [rating_label(_, performance) for performance in COLUMNS])
    axes.set_yticks([0.5, 1.5, 2.5], [_(POTENTIAL_LABELS[potential]) for potential in ROWS])
    axes.tick_params(length=0)
    axes.set_xlabel(_("Kinerja (annual appraisal {year})", year=str(talent.year)))
    axes.set_ylabel(_("Potensial"))
    axes.set_title(_("Talent box (9-box) · talent pool: boxes 7–9"))
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARACTERS else name[:NAME_CHARACTERS - 1] + "…"
