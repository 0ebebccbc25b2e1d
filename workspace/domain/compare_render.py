"""A compare as text a person reads: inline HTML with <ins>/<del>, side-by-side halves, or plain text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

INSERT, EQUAL, DELETE = 1, 0, -1


def html_inline(ops: Iterable[Sequence[object]]) -> str:
    """One text with insertions in <ins> and deletions in <del> (escaped: user text is never HTML)."""
    out = []
    for op, text in ops:
        safe = escape(str(text)).replace("\n", "<br>")
        out.append(f"<ins>{safe}</ins>" if op == INSERT else f"<del>{safe}</del>" if op == DELETE else safe)
    return "".join(out)


def html_sides(ops: Iterable[Sequence[object]]) -> tuple[str, str]:
    """The old text with its deletions marked, and the new text with its insertions marked."""
    old, new = [], []
    for op, text in ops:
        safe = escape(str(text)).replace("\n", "<br>")
        if op != INSERT:
            old.append(f"<del>{safe}</del>" if op == DELETE else safe)
        if op != DELETE:
            new.append(f"<ins>{safe}</ins>" if op == INSERT else safe)
    return "".join(old), "".join(new)


def text_inline(ops: Iterable[Sequence[object]]) -> str:
    """git's word-diff style: [-deleted-]{+inserted+}."""
    return "".join(f"{{+{t}+}}" if op == INSERT else f"[-{t}-]" if op == DELETE else str(t) for op, t in ops)


def html_document(old_label: str, new_label: str, changes: Iterable[object]) -> str:
    """A standalone HTML page of a compare, for `accord diff --format html`."""
    rows = []
    for c in changes:
        change = getattr(c, "change")
        body = html_inline(getattr(c, "ops"))
        moved = " moved" if getattr(c, "moved", False) else ""
        rows.append(f'<section class="{change}{moved}" id="{escape(getattr(c, "eid"))}">'
                    f'<h2>{escape(getattr(c, "eid"))} <small>{change}{moved}</small></h2><p>{body}</p></section>')
    style = "ins{background:#d4f5dc;text-decoration:none}del{background:#fbd9d9}.unchanged{color:#666}"
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(old_label)} → {escape(new_label)}</title>'
            f"<style>{style}</style></head><body><h1>{escape(old_label)} → {escape(new_label)}</h1>{''.join(rows)}</body></html>")
