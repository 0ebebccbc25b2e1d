"""The bracket views of a text in a language: each bracket with its paragraph's printed reference, what the committee
did with it and who introduced it; and what is unbalanced.

Worked out once per text, language and reader's language until the process's next activity entry (services.kept:
every change of texts, translations, brackets, amendments and delegations is one) and kept per worker, so that
sixteen members reading the summary of a long version cost one reading, not sixteen; the names of who did what
are read at each request (a renamed person is never shown by an old name).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import msgspec
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.amendments.amendments import Status
from ...domain.brackets.brackets import Bracket, line_of, option_groups, option_words, options_id
from ...domain.declaration.document import Block
from ...store.models import Amendment, BracketRecord, Process, User
from ...store.state import unit_state
from ..declaration.paragraphs import texts_of
from ..declaration.references import text_refs
from ..declaration.sides import Side
from ..delegations.records import refs_by_id
from ..delegations.views import DelegationRef
from ..kept import Named, UntilNextEntry
from .readings import Found, found_in, side_texts
from .views import BracketView, UnbalancedView

T = TypeVar("T")

_KEPT = UntilNextEntry(64)


def kept_for(
    tx: Session, process: Process, version: Named | None, what: tuple[object, ...], work: Callable[[], T]
) -> T:
    """`work()` for `what` of `version` (None: the working draft), kept until the process's next entry. Only in a
    read: a write's transaction may hold an entry not counted yet (the number read before it was recorded), and
    reads its own changes."""
    if not unit_state(tx).read_only:
        return work()
    return _KEPT.get(tx, process, version, what, work)


@dataclass(frozen=True)
class Listed:
    """A text's bracket views in any reader's language: their paragraphs' references left empty and who acted
    unnamed (`shown` gives them), and who last acted on each bracket (its id: a user's id)."""

    views: list[BracketView]
    unbalanced: list[UnbalancedView]
    by: dict[str, int]


def records_of(tx: Session, process: Process) -> dict[str, BracketRecord]:
    return {r.bracket: r for r in tx.scalars(select(BracketRecord).where(BracketRecord.process_id == process.id))}


def listed(tx: Session, process: Process, on: Side, lang: str) -> Listed:
    """Every bracket of `on` in `lang` in the text's order (then those resolved on the draft), and what is
    unbalanced: worked out once for every reader (the same in each reader's language until `shown`)."""
    return kept_for(tx, process, on.version, ("views", lang), lambda: _listed(tx, process, on, lang))


def shown(tx: Session, process: Process, on: Side, found: Listed, views: Sequence[BracketView]) -> list[BracketView]:
    """`views` (some of `found`'s) as the reader reads them: each paragraph's printed reference in their language,
    and who acted last named."""
    refs = text_refs(tx, process, on.version)
    users = {found.by[v.id] for v in views if v.id in found.by}
    names = dict(tx.execute(select(User.id, User.name).where(User.id.in_(users))).all()) if users else {}
    return [
        msgspec.structs.replace(
            v, ref=refs.get(v.eid, v.eid), updated_by=names.get(found.by[v.id]) if v.id in found.by else None
        )
        for v in views
    ]


def unbalanced_shown(tx: Session, process: Process, on: Side, found: Listed) -> list[UnbalancedView]:
    refs = text_refs(tx, process, on.version)
    return [msgspec.structs.replace(u, ref=refs.get(u.eid, u.eid)) for u in found.unbalanced]


def _listed(tx: Session, process: Process, on: Side, lang: str) -> Listed:
    """What `listed` keeps: the brackets of each paragraph, the choices among paragraphs, and on the draft in its
    source language those resolved on it; what is unbalanced; who last acted on each bracket."""
    records = records_of(tx, process)
    reading = _Reading(on, lang, records, refs_by_id(tx, process))
    texts = side_texts(tx, process, on, lang)  # an edition's: one query, read once for the brackets and the options
    everything = found_in(tx, texts)
    introduced = _introducers(tx, process, {f.eid for f in everything}) if lang == process.source_language else {}
    brackets = [view for found in everything for view in reading.paragraph(found, introduced.get(found.eid))]
    unbalanced = [
        UnbalancedView(eid=found.eid, ref="", lang=lang, line=line_of(found.text, u.at), char=u.char)
        for found in everything
        for u in found.unbalanced
    ]
    views = brackets + option_views(on, texts, lang, records, reading.delegations)
    resolved: list[BracketView] = []
    if on.version is None and lang == process.source_language:  # the draft: what was resolved on it, too
        resolved = _resolved_elsewhere(reading, {v.id for v in views})
    # Who acted last on a bracket, not on a choice among paragraphs: `shown` names no one on those.
    return Listed(views + resolved, unbalanced, _last_acted(records, brackets + resolved))


def _resolved_elsewhere(reading: _Reading, seen: set[str]) -> list[BracketView]:
    """The brackets the committee resolved that are not among `seen` (the text no longer holds them)."""
    return [
        resolved_view(row, "", reading.lang, reading.delegations, {})
        for bid, row in reading.records.items()
        if row.state != "open" and bid not in seen
    ]


def _last_acted(records: dict[str, BracketRecord], views: list[BracketView]) -> dict[str, int]:
    """Who last acted on each of `views` that a record says someone acted on (a user's id), by bracket id."""
    return {v.id: row.updated_by_id for v in views if (row := records.get(v.id)) is not None and row.updated_by_id}


@dataclass(frozen=True)
class _Reading:
    """What the bracket views of one text in one language are made with: the text, the language, what the
    committee recorded of each bracket (by id), and the process's delegations (by id)."""

    on: Side
    lang: str
    records: dict[str, BracketRecord]
    delegations: dict[int, DelegationRef]

    def paragraph(self, found: Found, amendments: Sequence[tuple[str, str, int]] | None) -> list[BracketView]:
        """The views of one paragraph's brackets; `amendments`: those accepted on it (`_introducers`)."""
        return [self.bracket(found, b, bid, amendments) for b, bid in zip(found.brackets, found.ids, strict=True)]

    def bracket(
        self, found: Found, b: Bracket, bid: str, amendments: Sequence[tuple[str, str, int]] | None
    ) -> BracketView:
        """One bracket's view: where it stands, what the committee did with it, and who introduced it."""
        row = self.records.get(bid)
        who = _introduced_by(row, amendments, b.span(found.text))
        return BracketView(
            id=bid,
            eid=found.eid,
            ref="",
            lang=self.lang,
            start=b.start,
            end=b.end,
            text=b.span(found.text),
            options=list(b.options),
            parent=found.ids[b.parent] if b.parent is not None else None,
            kind=b.kind,
            state=row.state if row is not None and self.on.version is not None else "open",
            delegation=self.delegations.get(who) if who else None,
            chosen=row.chosen if row is not None else None,
            leading=row.leading if row is not None else None,
            line=line_of(found.text, b.start),
            updated_at=row.updated_at if row is not None else None,
        )


def _introduced_by(
    row: BracketRecord | None, amendments: Sequence[tuple[str, str, int]] | None, span: str
) -> int | None:
    """The delegation that introduced a bracket: the one the committee's record names, else the one whose accepted
    amendment brought its words in."""
    if row is not None and row.delegation_id:
        return row.delegation_id
    return _introducer(amendments, span) if amendments else None


def _introducers(tx: Session, process: Process, eids: set[str]) -> dict[str, list[tuple[str, str, int]]]:
    """Per paragraph, the amendments accepted on it on behalf of a delegation, newest first: (the wording applied,
    the text it changed, the delegation's id)."""
    if not eids:
        return {}
    rows = tx.execute(
        select(Amendment.eid, Amendment.decided_sha, Amendment.text_sha, Amendment.base_sha, Amendment.delegation_id)
        .where(
            Amendment.process_id == process.id,
            Amendment.eid.in_(eids),
            Amendment.delegation_id.is_not(None),
            Amendment.status.in_((Status.ACCEPTED.value, Status.ACCEPTED_AS_MODIFIED.value)),
        )
        .order_by(Amendment.decided_at.desc(), Amendment.id.desc())
    ).all()
    texts = texts_of(tx, {sha for r in rows for sha in (r[1] or r[2], r[3]) if sha})
    found: dict[str, list[tuple[str, str, int]]] = {}
    for eid, decided, proposed, base, delegation in rows:
        if delegation is not None:
            found.setdefault(eid, []).append(
                (texts.get(decided or proposed, ""), texts.get(base or "", ""), delegation)
            )
    return found


def _introducer(amendments: Sequence[tuple[str, str, int]], span: str) -> int | None:
    """The delegation whose accepted amendment brought the bracket's words in (they are in its wording, not in the
    text it changed): who introduced it, where no one said otherwise."""
    return next((who for applied, before, who in amendments if span in applied and span not in before), None)


def groups_of(on: Side, texts: Sequence[tuple[Block, str]]) -> tuple[list[list[str]], dict[str, str]]:
    """The choices among whole paragraphs ("Option 1: …", "Option 2: …") of `on` in the language of `texts`
    (`side_texts`), and the texts by eId."""
    by_eid = {b.eid: text for b, text in texts}
    return option_groups(on.blocks, by_eid), by_eid


def option_views(
    on: Side,
    texts: Sequence[tuple[Block, str]],
    lang: str,
    records: dict[str, BracketRecord],
    delegations: dict[int, DelegationRef],
) -> list[BracketView]:
    groups, by_eid = groups_of(on, texts)
    views = []
    for eids in groups:
        bid = options_id(eids)
        row = records.get(bid)
        views.append(
            BracketView(
                id=bid,
                eid=eids[0],
                ref="",
                lang=lang,
                start=0,
                end=len(by_eid[eids[0]]),
                text="\n\n".join(by_eid[eid] for eid in eids),
                options=[option_words(by_eid[eid]) for eid in eids],
                parent=None,
                kind="options",
                state=row.state if row is not None and on.version is not None else "open",
                delegation=delegations.get(row.delegation_id) if row and row.delegation_id else None,
                chosen=row.chosen if row is not None else None,
                leading=row.leading if row is not None else None,
                line=1,
                updated_at=row.updated_at if row is not None else None,
            )
        )
    return views


def resolved_view(
    row: BracketRecord, ref: str, lang: str, delegations: dict[int, DelegationRef], names: dict[int | None, str]
) -> BracketView:
    return BracketView(
        id=row.bracket,
        eid=row.eid,
        ref=ref,
        lang=lang,
        start=0,
        end=0,
        text=row.text,
        options=list(row.options),
        parent=None,
        kind="choice" if len(row.options) > 1 else "optional",
        state=row.state,
        delegation=delegations.get(row.delegation_id) if row.delegation_id else None,
        chosen=row.chosen,
        leading=row.leading,
        line=0,
        updated_by=names.get(row.updated_by_id) if row.updated_by_id else None,
        updated_at=row.updated_at,
    )
