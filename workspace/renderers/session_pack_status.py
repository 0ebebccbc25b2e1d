"""The status list of a meeting as a Word file: every paragraph read, with its light (due time, the delegations it
waits on, a note), its brackets and options and who holds them, the alternative texts asked for and what came in,
the positions stated; then the votes, and the record of the floor (the rows of the floor's CSV, as a table)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from docx.document import Document as WordDocument

from ..domain.meetings.pack_model import PackModel, PackParagraph, PackTurn, PackVote
from .session_pack_docx import Put, new_document, reference, save
from .session_pack_words import clock, colon, decimal, delegation, delegations, listed, quoted, when, word
from .word_runs import styled_run, word_paragraph

LIGHTS = ("green", "yellow", "red", "white")
Said = Callable[[datetime | None], str]  # how a time is written


def _line(put: Put, label: str, text: str = "", italic: bool = False) -> None:
    """A line of the list: a bold label, then what it says."""
    line = word_paragraph()
    if label:
        line.append(styled_run(label, bold=True))
    if text:
        line.append(styled_run((" " if label else "") + text, italic=italic))
    put(line)


def _light(model: PackModel, p: PackParagraph, lang: str) -> str:
    said = [word(lang, p.light)]
    if p.light_due_at is not None:
        said.append(word(lang, "due_at", when=when(lang, p.light_due_at, model.timezone)))
    if p.light_delegations:
        key = "cannot_accept" if p.light == "red" else "waiting_on"
        said.append(word(lang, key, names=delegations(model, p.light_delegations)))
    return listed(lang, said)


def _paragraph_status(put: Put, model: PackModel, p: PackParagraph, lang: str) -> None:
    put(word_paragraph(reference(p, lang) or p.left.get(lang, "") or p.eid, "Heading3"))
    _line(put, colon(lang, word(lang, "light")), _light(model, p, lang))
    if p.light_note:
        _line(put, word(lang, "note", note=p.light_note))
    for b in p.brackets:
        said = [quoted(lang, b.text)]
        if b.options:
            said.append(word(lang, "options", options=" / ".join(b.options)))
        who = delegation(model, b.delegation) if b.delegation else word(lang, "no_one")
        said += [word(lang, "held_by", who=who), word(lang, f"bracket_{b.state}")]
        _line(put, colon(lang, word(lang, "brackets")), " — ".join(said))
    for slot in p.slots:
        who = delegations(model, slot.delegations) if slot.delegations else word(lang, "everyone")
        _line(put, word(lang, "slot", n=slot.number, when=when(lang, slot.due_at, model.timezone), who=who))
        if not slot.answers:
            _line(put, "", word(lang, "no_answer"), italic=True)
        for code, written_in, text in slot.answers:  # each in the language it was written in
            _line(put, colon(lang, f"{delegation(model, code)} ({written_in})"), text)
    if p.positions:
        _line(put, colon(lang, word(lang, "positions")))
        for position in p.positions:
            stance = word(lang, position.stance) + (f" — {position.note}" if position.note else "")
            _line(put, colon(lang, delegation(model, position.delegation)), stance)


def _table(document: WordDocument, heads: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        cell.paragraphs[0].add_run(head).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.paragraphs[0].add_run(value)


def _result(vote: PackVote, lang: str) -> str:
    if vote.state != "closed" or vote.carried is None:
        return word(lang, "vote_open")
    return word(lang, "carried" if vote.carried else "not_carried")


def _votes(document: WordDocument, model: PackModel, lang: str) -> None:
    document.add_heading(word(lang, "votes"), level=2)
    heads = [word(lang, k) for k in ("number", "vote_on", "recorded", "yes", "no", "abstain", "result")]
    rows = [
        [
            str(v.number),
            v.on.get(lang) or v.on.get(model.source_language, ""),
            word(lang, "affirmative" if v.recorded else "negative"),
            str(v.yes),
            str(v.no),
            str(v.abstain),
            _result(v, lang),
        ]
        for v in model.votes
    ]
    _table(document, heads, rows)
    for v in model.votes:
        if v.roll_call:
            called = listed(lang, (f"{delegation(model, code)} — {word(lang, ballot)}" for code, ballot in v.roll_call))
            document.add_paragraph().add_run(colon(lang, word(lang, "roll_call", n=v.number)) + " " + called)


def minutes(turn: PackTurn) -> float | None:
    """How long the delegation spoke, in minutes (None while it speaks, or when it never did)."""
    if turn.started_at is None or turn.ended_at is None:
        return None
    return (turn.ended_at - turn.started_at).total_seconds() / 60


def floor_rows(model: PackModel, lang: str, moment: Said, number: Callable[[float], str]) -> list[list[str]]:
    """The record of the floor, a row per request (FLOOR_HEADS): what the CSV and the status list both hold."""
    rows = []
    for t in model.floor:
        spoken = minutes(t)
        rows.append(
            [
                str(t.number),
                t.delegation,
                t.delegation_name or model.delegations.get(t.delegation, ""),
                word(lang, t.intent),
                t.ref.get(lang) or t.ref.get(model.source_language, ""),
                word(lang, t.state),
                moment(t.asked_at),
                moment(t.started_at),
                moment(t.ended_at),
                "" if spoken is None else number(spoken),
            ]
        )
    return rows


FLOOR_HEADS = (
    "number",
    "delegation_code",
    "delegation",
    "intent",
    "paragraph",
    "turn_state",
    "asked_at",
    "started_at",
    "ended_at",
    "minutes",
)


def _floor(document: WordDocument, model: PackModel, lang: str) -> None:
    day, say = clock(model, lang)
    document.add_heading(f"{word(lang, 'floor')} · {day}" if day else word(lang, "floor"), level=2)
    heads = [word(lang, k) for k in FLOOR_HEADS if k != "delegation_code"]
    rows = floor_rows(model, lang, say, lambda value: decimal(lang, value))
    _table(document, heads, [[r[0], f"{r[1]} ({r[2]})" if r[2] else r[1], *r[3:]] for r in rows])


def status_docx(model: PackModel, lang: str) -> bytes:
    """The status list, the votes and the record of the floor, in `lang`."""
    title = word(lang, "status")
    document, put = new_document(model, lang, title)
    read = [p for p in model.paragraphs if p.read]
    _line(put, colon(lang, word(lang, "lights")))
    for light in LIGHTS:
        if n := sum(p.light == light for p in read):
            _line(put, "", colon(lang, word(lang, light)) + f" {n}")
    _line(put, word(lang, "not_read", n=len(model.paragraphs) - len(read)))
    if model.greens:
        _line(put, word(lang, "greens", level=word(lang, model.greens)))
    if read:
        document.add_heading(word(lang, "read"), level=2)
    for p in read:
        _paragraph_status(put, model, p, lang)
    if model.votes:
        _votes(document, model, lang)
    if model.floor:
        _floor(document, model, lang)
    return save(document, model, lang, title)
