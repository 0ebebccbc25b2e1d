"""A compare as text a person reads: inline HTML with <ins>/<del>, side-by-side halves, or plain text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Protocol

from .diffing import Op, Piece


class ShownChange(Protocol):
    """What a page of changes needs of each paragraph: a domain ParagraphChange or a service's view of it."""

    @property
    def eid(self) -> str: ...
    @property
    def change(self) -> str: ...
    @property
    def moved(self) -> bool: ...
    @property
    def ops(self) -> Sequence[Piece]: ...


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def html_inline(ops: Iterable[Piece]) -> str:
    """One text with insertions in <ins> and deletions in <del> (escaped: user text is never HTML)."""
    out = []
    for p in ops:
        safe = _html(p.text)
        out.append(f"<ins>{safe}</ins>" if p.op == Op.INSERT else f"<del>{safe}</del>" if p.op == Op.DELETE else safe)
    return "".join(out)


def html_sides(ops: Iterable[Piece]) -> tuple[str, str]:
    """The old text with its deletions marked, and the new text with its insertions marked."""
    old, new = [], []
    for p in ops:
        safe = _html(p.text)
        if p.op != Op.INSERT:
            old.append(f"<del>{safe}</del>" if p.op == Op.DELETE else safe)
        if p.op != Op.DELETE:
            new.append(f"<ins>{safe}</ins>" if p.op == Op.INSERT else safe)
    return "".join(old), "".join(new)


def text_inline(ops: Iterable[Piece]) -> str:
    """git's word-diff style: [-deleted-]{+inserted+}."""
    return "".join(f"{{+{p.text}+}}" if p.op == Op.INSERT else f"[-{p.text}-]" if p.op == Op.DELETE else p.text for p in ops)


def html_document(old_label: str, new_label: str, changes: Iterable[ShownChange]) -> str:
    """A standalone HTML page of a compare, for `accord diff --format html`."""
    rows = []
    for c in changes:
        moved = " moved" if c.moved else ""
        rows.append(f'<section class="{c.change}{moved}" id="{escape(c.eid)}">'
                    f'<h2>{escape(c.eid)} <small>{c.change}{moved}</small></h2><p>{html_inline(c.ops)}</p></section>')
    style = "ins{background:#d4f5dc;text-decoration:none}del{background:#fbd9d9}.unchanged{color:#666}"
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(old_label)} → {escape(new_label)}</title>'
            f"<style>{style}</style></head><body><h1>{escape(old_label)} → {escape(new_label)}</h1>{''.join(rows)}</body></html>")
