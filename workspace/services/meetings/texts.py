"""The text a meeting reads, as the room sees it: its scope in order, each paragraph's printed reference and words in
every language of the process (a language without an up-to-date translation shows the machine draft of the room's
latest words, labelled so), its brackets with who introduced them, and its light."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.brackets.brackets import digests, read_brackets
from ...domain.declaration.document import Block, Kind, revision_id
from ...domain.errors import N_, InvalidInput
from ...store.models import BracketRecord, Delegation, Meeting, MeetingLight, MeetingText, Process
from ..declaration.paragraphs import draft_blocks, version_blocks
from ..declaration.references import find_paragraph, text_refs
from ..translations.editions import exact_edition
from .records import InRoom, read_version
from .views import BracketMark, LightView, ParagraphInRoom


def languages(process: Process) -> list[str]:
    """The process's languages, its source first."""
    rest = [code for code in process.languages if code != process.source_language]
    return [process.source_language, *rest]


def read_blocks(tx: Session, room: InRoom, eids: Sequence[str] | None = None) -> list[Block]:
    """The paragraphs the meeting reads (its scope, in the text's order; not the headings), or those of `eids`."""
    version = read_version(tx, room.meeting)
    wanted = eids if eids is not None else room.meeting.eids
    blocks = version_blocks(tx, version, eids=wanted) if version is not None else draft_blocks(tx, room.process, wanted)
    return [b for b in blocks if b.kind != Kind.HEADING]


def scope(tx: Session, room: InRoom) -> list[str]:
    return [b.eid for b in read_blocks(tx, room)]


def in_scope(tx: Session, room: InRoom, typed: str) -> str:
    """The paragraph `typed` names (an eId, or a printed reference as people say it: "OP 14", "pd 14 bis") if it is in
    the meeting's scope; 422 naming it else."""
    typed = typed.strip()
    eids = scope(tx, room)
    found = typed if typed in eids else find_paragraph(tx, room.process, typed, read_version(tx, room.meeting))
    if found is None or found not in eids:
        raise InvalidInput(
            N_("“{ref}” is not a paragraph this meeting reads."), ref=typed, detail={"field": "eid", "ref": typed}
        )
    return found


def reader_language(room: InRoom) -> str:
    """The reader's language where the process has it (delegations' names, printed references), else its source."""
    lang = i18n.get_locale()
    return lang if lang in room.process.languages else room.process.source_language


def refs(tx: Session, room: InRoom, lang: str | None = None) -> dict[str, str]:
    """Printed references in `lang` (the reader's by default)."""
    return text_refs(tx, room.process, read_version(tx, room.meeting), lang)


def light_view(row: MeetingLight | None, eid: str, ref: str) -> LightView:
    if row is None:
        return LightView(eid=eid, ref=ref, light="white")
    return LightView(
        eid=eid,
        ref=ref,
        light=row.light,
        due_at=row.due_at,
        delegations=list(row.delegations or []),
        note=row.note,
        set_at=row.set_at,
    )


def lights_of(tx: Session, meeting: Meeting) -> dict[str, MeetingLight]:
    return {r.eid: r for r in tx.scalars(select(MeetingLight).where(MeetingLight.meeting_id == meeting.id))}


def machine_texts(tx: Session, meeting: Meeting, eids: Sequence[str]) -> dict[str, MeetingText]:
    """The latest text typed in the room on each of `eids` (its machine drafts)."""
    rows = tx.scalars(
        select(MeetingText)
        .where(MeetingText.meeting_id == meeting.id, MeetingText.eid.in_(eids))
        .order_by(MeetingText.id)
    )
    return {r.eid: r for r in rows}


def marks(tx: Session, process: Process, eid: str, text: str) -> list[BracketMark]:
    """The brackets of a paragraph's text, each with the delegation that introduced it (the committee's record)."""
    brackets = read_brackets(text).brackets
    if not brackets:
        return []
    ids = [f"{eid}~{d}" for d in digests(brackets)]
    who = dict(
        tx.execute(
            select(BracketRecord.bracket, Delegation.code)
            .join(Delegation, Delegation.id == BracketRecord.delegation_id)
            .where(BracketRecord.process_id == process.id, BracketRecord.bracket.in_(ids))
        ).all()
    )
    return [
        BracketMark(text=b.span(text), options=list(b.options), delegation=who.get(bid))
        for b, bid in zip(brackets, ids, strict=True)
        if b.parent is None
    ]


def paragraphs(tx: Session, room: InRoom, eids: Sequence[str]) -> list[ParagraphInRoom]:
    """The paragraphs `eids` in every language, as the room reads them now."""
    if not eids:
        return []
    blocks = {b.eid: b for b in read_blocks(tx, room, eids)}
    version = read_version(tx, room.meeting)
    codes = languages(room.process)
    printed = {lang: refs(tx, room, lang) for lang in codes}
    editions = {lang: exact_edition(tx, room.process, version, lang, eids) for lang in codes[1:]}
    typed = machine_texts(tx, room.meeting, eids)
    lights = lights_of(tx, room.meeting)
    shown = []
    for eid in eids:
        block = blocks.get(eid)
        if block is None:
            continue
        texts, machine = {codes[0]: block.text}, {codes[0]: False}
        for lang in codes[1:]:
            made = editions[lang].get(eid, ("", None))[1]
            drafted = typed[eid].machine.get(lang, {}) if eid in typed and typed[eid].after == block.text else {}
            if made is None and drafted.get("state") == "done":
                texts[lang], machine[lang] = drafted["text"], True
            else:
                texts[lang], machine[lang] = made or "", False
        ref = {lang: printed[lang].get(eid, eid) for lang in codes}
        shown.append(
            ParagraphInRoom(
                eid=eid,
                ref=ref,
                texts=texts,
                machine=machine,
                revision=revision_id(block.text),
                light=light_view(lights.get(eid), eid, ref[codes[0]]),
                brackets=marks(tx, room.process, eid, block.text),
            )
        )
    return shown
