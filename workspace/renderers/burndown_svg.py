"""The bracket burn-down as an SVG chart: the open brackets of each version (and of the working draft), a bar each,
its count above it and its label below; plain SVG 1.1 that any browser shows and any editor opens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol
from xml.sax.saxutils import escape

WIDTH, HEIGHT, MARGIN, BAR_GAP = 640, 260, 40, 12


class Point(Protocol):
    @property
    def version(self) -> str: ...
    @property
    def open(self) -> int: ...


def burndown_svg(points: Sequence[Point], title: str, draft_label: str) -> str:
    """The chart of `points` in order; `title` names it for screen readers (its <title>), `draft_label` the working
    draft's bar, both in the reader's language."""
    top = max((p.open for p in points), default=0) or 1
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    step = inner_w / max(len(points), 1)
    bar = max(step - BAR_GAP, 4)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="burndown-title">',
        f'<title id="burndown-title">{escape(title)}</title>',
        f'<line x1="{MARGIN}" y1="{HEIGHT - MARGIN}" x2="{WIDTH - MARGIN}" y2="{HEIGHT - MARGIN}" stroke="#555"/>',
    ]
    for i, p in enumerate(points):
        h = round(inner_h * p.open / top, 1)
        x = round(MARGIN + i * step + BAR_GAP / 2, 1)
        y = round(HEIGHT - MARGIN - h, 1)
        label = draft_label if p.version == "draft" else p.version
        parts += [
            f'<rect x="{x}" y="{y}" width="{round(bar, 1)}" height="{h}" fill="#c8a200"><title>'
            f"{escape(label)}: {p.open}</title></rect>",
            f'<text x="{round(x + bar / 2, 1)}" y="{round(y - 4, 1)}" text-anchor="middle" font-size="12" '
            f'font-family="DejaVu Sans, sans-serif">{p.open}</text>',
            f'<text x="{round(x + bar / 2, 1)}" y="{HEIGHT - MARGIN + 16}" text-anchor="middle" font-size="11" '
            f'font-family="DejaVu Sans, sans-serif">{escape(_fitted(label, bar))}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _fitted(label: str, width: float) -> str:
    """`label` cut to what a bar `width` pixels wide holds at 11 px (some 6.5 px a letter), an ellipsis saying so."""
    room = max(4, int(width // 6.5))
    return label if len(label) <= room else label[: room - 1] + "…"
