"""The text as tracked changes against the text it came in with: per paragraph, the word diff from its text as the
meeting opened to its text as it left, as Word revisions (`w:ins` / `w:del`: word_runs' `revision`, as the
compilation's) under the delegation whose words they are.

Who brought which words: in the source language, each inserted or deleted run of the net diff goes to the edit whose
own diff (before → after) inserted or deleted it, the newest such edit first; a run that several edits made is cut
between them; what no edit explains (spaces, a word no edit's change holds) goes with its neighbours, else to the last
edit. In another language the words are a translation of the last edit's (or a machine draft of them): its delegation
is their author, marked as a machine draft where the text is one. Dated with the edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import count

from lxml.etree import _Element

from ..domain.declaration.compare_render import as_read
from ..domain.diffing import Op, Piece, word_diff
from ..domain.meetings.pack_model import PackEdit, PackModel, PackParagraph
from ..domain.words import is_word, tokens
from .session_pack_docx import machine_note, new_document, reference, save
from .session_pack_words import delegation, word
from .word_runs import revision, styled_run, text_run, word_paragraph

Owner = PackEdit | None  # None: no edit of the paragraph brought the words


def _changes(edit: PackEdit, op: Op) -> list[str]:
    """What `edit` inserted (or deleted), each run trimmed of the spaces around it."""
    return [t for p in word_diff(edit.before, edit.after) if p.op == op and (t := p.text.strip())]


def _owners(text: str, op: Op, edits: Sequence[PackEdit]) -> list[Owner]:
    """For each character of `text` (a run the net diff inserted or deleted), the edit that brought it."""
    if not edits:
        return [None] * len(text)
    made = [(e, _changes(e, op)) for e in reversed(edits)]  # newest first
    core = text.strip()
    whole = next((e for e, changes in made if core and any(core in change for change in changes)), None)
    if whole is not None:  # the whole run inside one edit's change: that edit's
        return [whole] * len(text)
    owner = _found(text, made)
    _by_word(text, owner, made)
    return _filled(owner, edits[-1])


def _found(text: str, made: Sequence[tuple[PackEdit, list[str]]]) -> list[Owner]:
    """Each edit's changes where they are found in `text`, where no newer edit's are."""
    owner: list[Owner] = [None] * len(text)
    for e, changes in made:
        for change in changes:
            at = text.find(change)
            while at != -1:
                if all(o is None for o in owner[at : at + len(change)]):
                    owner[at : at + len(change)] = [e] * len(change)
                at = text.find(change, at + len(change))
    return owner


def _by_word(text: str, owner: list[Owner], made: Sequence[tuple[PackEdit, list[str]]]) -> None:
    """A word still without an edit: the newest edit whose change holds the word."""
    at = 0
    for token in tokens(text):
        if is_word(token) and owner[at] is None:
            found = next((e for e, changes in made if any(token in tokens(c) for c in changes)), None)
            owner[at : at + len(token)] = [found] * len(token)
        at += len(token)


def _filled(owner: list[Owner], last: PackEdit) -> list[Owner]:
    """Characters without an edit take the one before them, else the one after, else `last`."""
    before: Owner = None
    for i, o in enumerate(owner):
        owner[i] = before = o or before
    after: Owner = None
    for i in range(len(owner) - 1, -1, -1):
        owner[i] = after = owner[i] or after
    return [o or last for o in owner]


def attributed(piece: Piece, edits: Sequence[PackEdit]) -> list[tuple[str, Owner]]:
    """A run of the net diff cut into the parts each edit brought, in order."""
    parts: list[tuple[str, Owner]] = []
    for char, owner in zip(piece.text, _owners(piece.text, piece.op, edits), strict=True):
        if parts and parts[-1][1] is owner:
            parts[-1] = (parts[-1][0] + char, owner)
        else:
            parts.append((char, owner))
    return parts


def _author(model: PackModel, edit: Owner, language: str, machine: bool) -> str:
    """A revision's author: the delegation's code and name ("BRA (Brasil)"); in a machine draft, said so."""
    if edit is None:
        return word(language, "machine_author") if machine else word(language, "secretariat")
    named = delegation(model, edit.delegation)
    return f"{named}, {word(language, 'machine_author')}" if machine else named


def _tracked(model: PackModel, p: PackParagraph, language: str, ids: count[int], into: _Element) -> None:
    before, after = p.came_in.get(language, ""), p.left.get(language, "")
    source = language == model.source_language
    machine = p.machine.get(language, False)
    last = p.edits[-1] if p.edits else None
    at: datetime = last.at if last else model.made_at
    for piece in as_read(word_diff(before, after)):  # as the pages show it: spaces only re-wrapped are no change
        if piece.op == Op.EQUAL:
            into.append(text_run(piece.text))
            continue
        tag = "w:ins" if piece.op == Op.INSERT else "w:del"
        parts = attributed(piece, p.edits) if source else [(piece.text, last)]
        for text, edit in parts:
            who = _author(model, edit, language, machine)
            into.append(revision(tag, text, who, edit.at if edit else at, ids))


def tracked_docx(model: PackModel, language: str) -> bytes:
    """The text in `language` as tracked changes against the text as the meeting opened, every paragraph in order
    under its printed reference."""
    title = word(language, "tracked")
    document, put = new_document(model, language, title)
    legend = word_paragraph()
    legend.append(styled_run(word(language, "tracked_legend"), italic=True))
    put(legend)
    ids = count(1)
    for p in model.paragraphs:
        shown = word_paragraph(style="Heading2") if p.heading else word_paragraph(spaced=True)
        ref = reference(p, language)
        if ref and not p.heading:
            shown.append(styled_run(ref + "\u2003", bold=True))
        _tracked(model, p, language, ids, shown)
        put(shown)
        machine_note(put, p, language)
    return save(document, model, language, title)
