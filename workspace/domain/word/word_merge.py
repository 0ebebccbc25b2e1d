"""The words a Word file changed, changed in the version's own Markdown.

Accord's Word file of a version carries each paragraph's words, emphasis and blocks, not its Markdown's spelling
(a link's address, code, an escape, `_` for `*`, how its lines are wrapped): what the file says of a
paragraph (`written`) is the version's text (`source`) spelled otherwise. An edit made in Word turns `written`
into `edited`; made in `source` instead, it keeps the rest of the Markdown as it was. A three-way merge on the
word diff: each stretch the edit changed is placed where the same words stand in `source`, if they stand there
as they are in `written` (a diff's kept stretch); an edit of what the two spell differently (a link's address) has
no such place, and the merge is refused rather than guessed. Not `diffing.merge`: its strict patch finds each change
by the words around it, which here are spelled otherwise next to a link or a wrapped line.
"""

from __future__ import annotations

from ..diffing import Op, word_diff


def carry_edits(written: str, edited: str, source: str) -> str | None:
    """`source` with the edits that turn `written` into `edited`, each where its words stand in `source`; None if
    one of them touches what `written` and `source` spell differently."""
    kept: list[tuple[int, int, int]] = []  # the stretches both share: start and end in `written`, start in `source`
    at = to = 0
    for piece in word_diff(written, source):
        size = len(piece.text)
        if piece.op == Op.EQUAL:
            kept.append((at, at + size, to))
        at += 0 if piece.op == Op.INSERT else size
        to += 0 if piece.op == Op.DELETE else size
    out: list[str] = []
    done = at = 0  # how far `source` is copied; where in `written` the edit's diff is
    for piece in word_diff(written, edited):
        size = len(piece.text)
        if piece.op == Op.EQUAL:
            at += size
            continue
        end = at + size if piece.op == Op.DELETE else at
        place = next((s + at - a for a, b, s in kept if a <= at and end <= b), None)
        if place is None or place < done:
            return None
        out.append(source[done:place])
        if piece.op == Op.INSERT:
            out.append(piece.text)
            done = place
        else:
            done = place + size
            at = end
    out.append(source[done:])
    return "".join(out)


__all__ = ["carry_edits"]
