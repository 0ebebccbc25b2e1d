"""A version (or, for the committee, the working draft) to take away: a Word file or a PDF, in one language
or several side by side. The Word file bookmarks each paragraph with its eId, so that a copy amended in
Word comes back onto the right paragraphs. A paragraph not (or no longer) translated into a language
reads there in the source language, marked with its language code: the file never hides a gap.

A file is made once for its content (`OnDemand`): its model is the text's alone, dated by the version's
circulation (the draft: by the process's last activity), so that the same version, languages and options
give the same bytes each time, from one making shared by the requests that ask for it at once."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from ... import i18n
from ...domain.errors import N_, Choices, InvalidInput, NotFound
from ...domain.permissions import Action
from ...domain.publication.publication import PublicationModel, build_edition, file_name, model_data
from ...domain.publication.publication_gate import check_files_can_carry
from ...domain.vocabulary import slugify
from ...renderers.publication_docx import edition_docx, parallel_docx
from ...store.db import Store
from ...store.models import Activity, Process
from ...store.types import utcnow
from ..access import process_for
from ..actor import Actor
from ..declaration.sides import side
from ..declaration.version_labels import labels_of
from ..translations.editions import exact_edition
from ..unit import Db, Unit, reads
from .on_demand import OnDemand
from .rendering import rendered_file

FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}


@dataclass(frozen=True)
class DownloadFile:
    name: str
    media_type: str
    body: Future[bytes]  # kept, or being made (for this request and the others that ask for it at once)


def _languages(value: str | None, known: list[str], source: str) -> list[str]:
    """`es`, or `es-en-fr` for the languages side by side (the source's when none is asked)."""
    codes = [c.strip().lower() for c in (value or source).split("-")]
    unknown = [c for c in codes if c not in known]
    if unknown or len(set(codes)) != len(codes):
        raise InvalidInput(
            N_("“{lang}” is not a language of this process, nor several of them joined by hyphens ({languages})."),
            lang=value or "",
            languages=Choices(known),
            detail={"field": "lang", "languages": known},
        )
    return codes


def _format(value: str | None) -> str:
    chosen = (value or "docx").strip().lower()
    if chosen not in FORMATS:
        raise InvalidInput(
            N_("The format is docx or pdf, not “{format}”."), format=value or "", detail={"field": "format"}
        )
    return chosen


def _in_language(translated: str | None, source: str, source_language: str) -> str:
    return translated or f"[{source_language}] {source}"


@reads
def download_model(
    tx: Session, actor: Actor | None, slug: str, ref: str, languages: str | None
) -> tuple[PublicationModel, list[str]]:
    """The text of `ref` in the languages asked, as a render model (a version's label is its symbol)."""
    process, role = process_for(tx, slug, actor, Action.READ)
    on = side(tx, process, ref, role, actor)
    codes = _languages(languages, list(process.languages), process.source_language)
    day = date.fromisoformat(on.version.circulated_on) if on.version is not None else utcnow().date()
    # One language's file bears the version's name in that language ("Zero draft"), where it has one.
    label = (
        (labels_of(on.version).get(codes[0], on.label) if len(codes) == 1 else on.label)
        if on.version is not None
        else i18n.translate(N_("Working draft"))
    )
    editions = []
    for code in codes:
        blocks = on.blocks
        if code != on.language:
            found = exact_edition(tx, process, on.version, code)
            blocks = [
                replace(b, text=_in_language(found.get(b.eid, ("", None))[1], b.text, on.language)) for b in on.blocks
            ]
        title = process.titles.get(code) or process.titles.get(process.source_language) or process.slug
        editions.append(build_edition(code, title, blocks, process.places.get(code, ""), day))
    made = on.version.created_at if on.version is not None else _draft_changed(tx, process)
    return PublicationModel(process.slug, label, label, made, day, tuple(editions)), codes


def _draft_changed(tx: Session, process: Process) -> datetime:
    """When the draft last changed, or later: the time of the process's last activity entry (every change
    of the draft writes one)."""
    last = (
        select(Activity.created_at)
        .where(Activity.process_id == process.id)
        .order_by(Activity.seq.desc().nulls_last())
        .limit(1)
    )
    return tx.scalar(last) or process.created_at  # by the (process, seq) index: the last entry, not a scan of them all


def download(
    db: Db,
    actor: Actor | None,
    slug: str,
    ref: str,
    format: str | None,
    languages: str | None,
    lines: bool = False,
    *,
    files: OnDemand,
) -> DownloadFile:
    """The file of `ref` (a number, a label, or `draft`) as `format` (docx, pdf) in `languages` (`es`, `es-en-fr`),
    with each page's lines numbered if asked (for the room: "op 12, line 3"); made by `files`, outside the
    transaction (a PDF of a long text takes seconds): 503 or 429 when too many are being made."""
    chosen = _format(format)
    model, codes = download_model(db, actor, slug, ref, languages)
    if lines and chosen == "docx" and len(codes) > 1:
        raise InvalidInput(
            N_(
                "Numbered lines are for one language's Word file, or any PDF: Word does not number the lines of a "
                "table."
            ),
            detail={"field": "lines"},
        )
    model = replace(model, numbered_lines=lines)
    made = file_name(model.slug, codes, chosen)
    if chosen == "docx":  # in this process: a second for 3,000 paragraphs, two for the three languages side by side
        make = (
            partial(edition_docx, model, codes[0], final=False)
            if len(codes) == 1
            else partial(parallel_docx, model, codes)
        )
    else:  # Typst in a process of its own: a long text's PDF takes a gigabyte the web server must not keep
        check_files_can_carry(model, codes)
        make = partial(rendered_file, model, made)
    key = files.key(
        json.dumps(model_data(model), ensure_ascii=False, sort_keys=True).encode(), f"download {made}".encode()
    )
    name = file_name(f"{model.slug}-{slugify(model.version_label, 40)}{'-lines' if lines else ''}", codes, chosen)
    return DownloadFile(
        name, FORMATS[chosen], files.file(key, actor.id if actor else None, _unless_deleted(db, make, slug))
    )


@reads
def _deleted(tx: Session, slug: str) -> bool:
    return tx.scalar(select(Process.id).where(Process.slug == slug, Process.deleted_at.is_(None))) is None


def _unless_deleted(db: Db, make: Callable[[], bytes], slug: str) -> Callable[[], bytes]:
    """`make`, unless the process is deleted (issue 36) before its turn comes or while it makes the file: then
    NotFound, said to every request waiting for it; the bytes are neither kept nor given, and the renderer's own
    files went with its folder."""
    store = db.store if isinstance(db, Unit) else db
    if not isinstance(store, Store):
        return make

    def made() -> bytes:
        if _deleted(store, slug):
            raise NotFound(N_("No process “{slug}”."), slug=slug)
        body = make()
        if _deleted(store, slug):
            raise NotFound(N_("No process “{slug}”."), slug=slug)
        return body

    return made
