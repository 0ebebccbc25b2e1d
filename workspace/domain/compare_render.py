"""A compare as text a person reads: inline HTML with <ins>/<del>, side-by-side halves, or plain text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Protocol

from . import markdown
from .diffing import Op, Piece

# Private-use characters mark where insertions and deletions begin and end while the Markdown is
# rendered as a whole (so emphasis around a changed word still renders), then become <ins>/<del>.
_MARKS = {Op.INSERT: ("\ue000", "\ue001"), Op.DELETE: ("\ue002", "\ue003")}
_TAGS = {"\ue000": "<ins>", "\ue001": "</ins>", "\ue002": "<del>", "\ue003": "</del>"}


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


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if ch not in _TAGS)


_MARKUP = frozenset("*_`~")


def _markdown(pieces: Iterable[tuple[Op, str]], *, drop_deleted_markup: bool = False) -> str:
    marked = []
    for op, text in pieces:
        text = _strip_marks(text)
        if op != Op.EQUAL and text.strip() and set(text.strip()) <= _MARKUP:
            # Only emphasis marks changed: the rendering shows it; marking them would split the tags.
            if not (drop_deleted_markup and op == Op.DELETE):
                marked.append(text)
        elif op in _MARKS and text:
            start, end = _MARKS[op]
            marked.append(start + text + end)
        else:
            marked.append(text)
    html = markdown.render_inline("".join(marked)).replace("\n", "<br>")
    for mark, tag in _TAGS.items():
        html = html.replace(mark, tag)
    return html


def markdown_inline(ops: Iterable[Piece]) -> str:
    """As `html_inline`, with the paragraph's Markdown rendered as the versions render it (never raw HTML)."""
    return _markdown(((p.op, p.text) for p in ops), drop_deleted_markup=True)


def markdown_sides(ops: Sequence[Piece]) -> tuple[str, str]:
    """As `html_sides`, with the Markdown rendered."""
    old = _markdown((p.op, p.text) for p in ops if p.op != Op.INSERT)
    new = _markdown((p.op, p.text) for p in ops if p.op != Op.DELETE)
    return old, new


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
