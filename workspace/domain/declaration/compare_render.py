"""A compare as text a person reads: inline HTML with <ins>/<del>, side-by-side halves, or plain text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Protocol

from .. import markdown
from ..diffing import Op, Piece
from ..words import is_space, normalize_space, tokens

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


def as_read(ops: Iterable[Piece]) -> list[Piece]:
    """The pieces as a reader sees them: spacing that differs only in how the lines are wrapped is
    shown as kept, with the new text's spaces. A change whose two sides read alike is no change; at
    either edge of a change, re-wrapped spaces are set outside it. The pieces themselves rebuild both
    texts exactly (a re-wrap is a deletion of old spaces and an insertion of new ones): only what is
    shown reads them as Markdown does."""
    out: list[Piece] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for p in [*ops, Piece(Op.EQUAL, "")]:
        if p.op != Op.EQUAL:
            (deleted if p.op == Op.DELETE else inserted).append(p.text)
            continue
        if deleted or inserted:
            out += _change_as_read("".join(deleted), "".join(inserted))
            deleted, inserted = [], []
        out.append(p)
    joined: list[Piece] = []
    kept: list[str] = []  # equal texts next to each other, joined once
    for p in [*out, Piece(Op.DELETE, "")]:
        if p.op == Op.EQUAL:
            kept.append(p.text)
            continue
        if "".join(kept):
            joined.append(Piece(Op.EQUAL, "".join(kept)))
        kept = []
        if p.text:
            joined.append(p)
    return joined


def _change_as_read(old: str, new: str) -> list[Piece]:
    if normalize_space(old) == normalize_space(new):
        return [Piece(Op.EQUAL, new)]
    old_tokens, new_tokens = tokens(old), tokens(new)
    before = after = ""
    if old_tokens and new_tokens and _rewrapped(old_tokens[0], new_tokens[0]):
        before, old, new = new_tokens[0], old[len(old_tokens[0]) :], new[len(new_tokens[0]) :]
    if len(old_tokens) > 1 and len(new_tokens) > 1 and _rewrapped(old_tokens[-1], new_tokens[-1]):
        after, old, new = new_tokens[-1], old[: -len(old_tokens[-1])], new[: -len(new_tokens[-1])]
    return [Piece(Op.EQUAL, before), Piece(Op.DELETE, old), Piece(Op.INSERT, new), Piece(Op.EQUAL, after)]


def _rewrapped(old: str, new: str) -> bool:
    """Two runs of space that read alike but are written differently."""
    return old != new and is_space(old) and is_space(new) and normalize_space(old) == normalize_space(new)


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def html_inline(ops: Iterable[Piece]) -> str:
    """One text with insertions in <ins> and deletions in <del> (escaped: user text is never HTML)."""
    out = []
    for p in as_read(ops):
        safe = _html(p.text)
        out.append(f"<ins>{safe}</ins>" if p.op == Op.INSERT else f"<del>{safe}</del>" if p.op == Op.DELETE else safe)
    return "".join(out)


def html_sides(ops: Iterable[Piece]) -> tuple[str, str]:
    """The old text with its deletions marked, and the new text with its insertions marked."""
    old, new = [], []
    for p in as_read(ops):
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
    return _markdown(((p.op, p.text) for p in as_read(ops)), drop_deleted_markup=True)


def markdown_sides(ops: Sequence[Piece]) -> tuple[str, str]:
    """As `html_sides`, with the Markdown rendered."""
    shown = as_read(ops)
    old = _markdown((p.op, p.text) for p in shown if p.op != Op.INSERT)
    new = _markdown((p.op, p.text) for p in shown if p.op != Op.DELETE)
    return old, new


def text_inline(ops: Iterable[Piece]) -> str:
    """git's word-diff style: [-deleted-]{+inserted+}."""
    return "".join(
        f"{{+{p.text}+}}" if p.op == Op.INSERT else f"[-{p.text}-]" if p.op == Op.DELETE else p.text
        for p in as_read(ops)
    )


def html_document(old_label: str, new_label: str, changes: Iterable[ShownChange]) -> str:
    """A standalone HTML page of a compare, for `accord diff --format html`."""
    rows = []
    for c in changes:
        moved = " moved" if c.moved else ""
        rows.append(
            f'<section class="{c.change}{moved}" id="{escape(c.eid)}">'
            f"<h2>{escape(c.eid)} <small>{c.change}{moved}</small></h2><p>{html_inline(c.ops)}</p></section>"
        )
    style = "ins{background:#d4f5dc;text-decoration:none}del{background:#fbd9d9}.unchanged{color:#666}"
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(old_label)} → {escape(new_label)}</title>'
        f"<style>{style}</style></head><body><h1>{escape(old_label)} → {escape(new_label)}</h1>"
        f"{''.join(rows)}</body></html>"
    )
