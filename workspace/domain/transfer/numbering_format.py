"""A process folder's crosswalk files (`declaration/NN-label.crosswalk.csv`, `declaration/draft.crosswalk.csv`): the
printed numbers a version circulated with when they held still (OP 7 bis, OP 9 [deleted]) instead of being clean,
or the numbers the working draft holds to after the committee renumbered it. A spreadsheet's columns: eId, the
reference before (the version before, for the reader: never read back) and the reference now, in English; a
version without such a file circulated numbered cleanly."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from ..declaration.document import Kind
from ..declaration.references import Number, parse, reference
from ..errors import N_, ImportFailed

COLUMNS = ("eid", "before", "now")


def _plain(ref: str | None) -> str:
    return (ref or "").replace("\u00a0", " ")


def render_numbering_file(before: Mapping[str, Number], now: Mapping[str, Number]) -> str:
    """The file of `now` (every numbered paragraph, the deleted ones listed), with `before` beside it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for eid, number in now.items():
        old = before.get(eid)
        writer.writerow([eid, _plain(reference(old, "en")) if old else "", _plain(reference(number, "en"))])
    return out.getvalue()


def parse_numbering_file(text: str, name: str, kinds: Mapping[str, Kind]) -> dict[str, Number]:
    """The numbers of a crosswalk file; ImportFailed at the line of a row that names no paragraph of the text (`kinds`:
    each top-level paragraph's kind; a deleted one excepted) or one of another kind, has no reference now that reads as
    one, or repeats a paragraph."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    if not rows or tuple(cell.strip() for cell in rows[0]) != COLUMNS:
        raise ImportFailed(name, 1, N_("A crosswalk file begins with the columns eid, before, now."))
    numbers: dict[str, Number] = {}
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            raise ImportFailed(name, line, N_("A crosswalk row has three cells: eid, before, now."))
        eid, _, now = (cell.strip() for cell in row)
        number = parse(now)
        if number is None:
            raise ImportFailed(
                name, line, N_("“{reference}” is no printed reference (OP 7, PP 3 bis …)."), reference=now
            )
        if eid in numbers:
            raise ImportFailed(name, line, N_("The paragraph “{eid}” is listed twice."), eid=eid)
        if eid not in kinds and not number.deleted:
            raise ImportFailed(name, line, N_("No paragraph “{eid}” in the declaration files."), eid=eid)
        if eid in kinds and kinds[eid] != number.kind:
            raise ImportFailed(
                name, line, N_("“{reference}” names a paragraph of another kind than “{eid}”."), reference=now, eid=eid
            )
        numbers[eid] = number
    return numbers
