"""The process glossary: required term translations and forbidden terms, edited by the committee as
a whole, compare-and-set on the revision it was read at."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, NN_, Conflict, InvalidInput
from ...domain.permissions import Action
from ...domain.translations.terms import MAX_TERM
from ...domain.values import text_value
from ...store.models import GlossaryTerm, Process
from ..access import lock_process, process_for, record
from ..actor import Actor
from ..unit import reads, use_case
from .views import GlossaryEntry, GlossaryView

MAX_TERMS = 2000


def _entries(tx: Session, process: Process) -> list[GlossaryEntry]:
    return [
        GlossaryEntry(
            source=g.source,
            translations=dict(g.translations),
            forbidden={k: list(v) for k, v in g.forbidden.items()},
            note=g.note,
        )
        for g in tx.scalars(
            select(GlossaryTerm).where(GlossaryTerm.process_id == process.id).order_by(GlossaryTerm.source)
        )
    ]


def _revision(entries: list[GlossaryEntry]) -> str:
    data = [
        [e.source, sorted(e.translations.items()), sorted((k, sorted(v)) for k, v in e.forbidden.items()), e.note]
        for e in entries
    ]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:16]


@reads
def get_glossary(tx: Session, actor: Actor | None, slug: str) -> GlossaryView:
    process, _ = process_for(tx, slug, actor, Action.READ)
    entries = _entries(tx, process)
    return GlossaryView(revision=_revision(entries), terms=entries)


def checked_entries(process: Process, entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
    if len(entries) > MAX_TERMS:
        raise InvalidInput(
            NN_("A glossary holds at most {limit} term.", "A glossary holds at most {limit} terms.", "limit"),
            limit=MAX_TERMS,
            detail={"field": "terms"},
        )
    seen: set[str] = set()
    clean = []
    for n, e in enumerate(entries, 1):
        source = text_value(e.source, "source", required=True, limit=MAX_TERM)
        if source.lower() in seen:
            raise InvalidInput(
                N_("The term “{term}” is in the glossary twice (line {line})."),
                term=source,
                line=n,
                detail={"field": "terms"},
            )
        seen.add(source.lower())
        for field, codes in (("translations", e.translations), ("forbidden", e.forbidden)):
            for code in codes:
                if code not in process.languages or code == process.source_language:
                    raise InvalidInput(
                        N_("“{language}” is not a language this process is translated into."),
                        language=code,
                        detail={"field": field},
                    )
        clean.append(
            GlossaryEntry(
                source=source,
                translations={k: _term(f"translations.{k}", v) for k, v in e.translations.items()},
                forbidden={k: [_term(f"forbidden.{k}", t) for t in v] for k, v in e.forbidden.items()},
                note=text_value(e.note, "note", limit=1000),
            )
        )
    return clean


def _term(field: str, value: str) -> str:
    """A term in one language, refused under its own field's name (`translations.fr`): the language it is missing in."""
    return text_value(value, field, required=True, limit=MAX_TERM)


@use_case
def set_glossary(
    tx: Session, actor: Actor | None, slug: str, revision: str, entries: list[GlossaryEntry]
) -> GlossaryView:
    """Replace the glossary, if it is still as read at `revision` (409 with the current one otherwise)."""
    process, _ = process_for(tx, slug, actor, Action.EDIT_GLOSSARY)
    lock_process(tx, process)
    now = _entries(tx, process)
    if _revision(now) != revision:
        raise Conflict(
            N_("The glossary changed since you opened it: look at it again, then redo your change."),
            detail={"revision": _revision(now)},
        )
    clean = checked_entries(process, entries)
    tx.execute(delete(GlossaryTerm).where(GlossaryTerm.process_id == process.id))
    tx.add_all(
        GlossaryTerm(
            process_id=process.id, source=e.source, translations=e.translations, forbidden=e.forbidden, note=e.note
        )
        for e in clean
    )
    record(tx, actor, "glossary.updated", f"process:{process.slug}", process, terms=len(clean))
    tx.flush()
    entries = _entries(tx, process)
    return GlossaryView(revision=_revision(entries), terms=entries)
