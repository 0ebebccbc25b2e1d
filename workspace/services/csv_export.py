"""CSV as spreadsheets read it: UTF-8 with a BOM (so accents survive), and no cell taken for a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula (`=HYPERLINK(…)`, `+cmd|…`,
    `@SUM`) gets a leading apostrophe, as OWASP advises against CSV injection."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([inert("" if cell is None else str(cell)) for cell in row])
    return out.getvalue()
