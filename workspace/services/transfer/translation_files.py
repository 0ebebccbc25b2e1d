"""Translations in a process folder, beside their source files: `declaration/NN-label.LANG.md` is
version NN's edition in LANG (each paragraph the translation made from exactly that version's source
text), `draft.LANG.md` the working draft's. The front matter names, per eId, the source revision each
translation was made from and its state. Written canonically; read back all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.brackets.limits import check_limits
from ...domain.declaration.declaration_format import ImportedBlock, parse_declaration, render_declaration
from ...domain.declaration.document import Block, revision_id
from ...domain.errors import N_, ImportFailed, InvalidInput
from ...domain.transfer.draft_format import entry_lines, front_matter, line_of
from ...domain.translations.translations import Stored
from ...domain.vocabulary import slugify
from ...store.memory_index import remember
from ...store.models import Process, Translation, Version
from ..declaration.paragraphs import draft_blocks, store_revision, version_blocks
from ..declaration.references import text_refs
from .folder_files import NO_PARAGRAPH, NO_VERSION, NOT_A_LANGUAGE, Read, listed, read_file

_FILE = re.compile(r"^(?:(\d+)-[a-z0-9-]+|draft)\.([a-z]{2})\.md$")
_EID_MARK = re.compile(r"\{#([^}\s]+)\}")
_ANOTHER_TRANSLATION = N_(
    "The translation of {eid} differs from the one in another file made from the same source text."
)


@dataclass(frozen=True)
class TranslationText:
    file: str
    text: str  # the file, for line numbers
    number: int | None  # the version; None: the draft
    language: str
    made_from: dict[str, str]
    states: dict[str, str]
    blocks: list[ImportedBlock]


def read_translation_files(folder: Path, read: Read, source: str, languages: tuple[str, ...]) -> list[TranslationText]:
    """`folder`'s editions in the process's other languages (`languages`; `source`: its source language), each
    mapping its paragraphs to the source revisions they were made from and their states."""
    found = []
    for path in listed(folder):
        match = _FILE.match(path.name)
        if match is None or match.group(2) == source:
            continue  # the source files are the declaration's own
        if match.group(2) not in languages:
            raise ImportFailed(str(path), None, NOT_A_LANGUAGE, language=match.group(2))
        file = read_file(path, read)
        meta, blocks = parse_declaration(file.text, file.name)
        for key in ("made_from", "states"):
            value = meta.get(key)
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            ):
                raise file.refusal(key, N_("The field “{field}” must map each eId to text."), field=key)
        found.append(
            TranslationText(
                file.name,
                file.text,
                int(match.group(1)) if match.group(1) else None,
                match.group(2),
                dict(meta["made_from"]),
                dict(meta["states"]),
                list(blocks),
            )
        )
    return found


def insert_translations(tx: Session, process: Process, files: list[TranslationText]) -> None:
    """Each file's paragraphs as translations made from that version's source texts: checked first."""
    versions = {v.number: v for v in tx.scalars(select(Version).where(Version.process_id == process.id))}
    seen: dict[tuple[str, str, str], tuple[str, str]] = {}
    rows = []
    for f in files:
        rows += _translations_of(tx, process, versions, f, seen)
    tx.add_all(rows)
    tx.flush()
    remember(tx, rows)


@dataclass(frozen=True)
class _Lines:
    """Where a translation file writes each paragraph (its `{#eid}` mark) and each entry of its `made_from` and
    `states`, found in one pass over the file each: not a scan per paragraph."""

    paragraphs: dict[str, int]
    made_from: dict[str, int]
    states: dict[str, int]

    @classmethod
    def of(cls, text: str) -> _Lines:
        places: dict[str, int] = {}
        for n, row in enumerate(text.split("\n"), 1):
            for mark in _EID_MARK.finditer(row):
                places.setdefault(mark.group(1), n)
        return cls(places, entry_lines(text, "made_from"), entry_lines(text, "states"))


def _translations_of(
    tx: Session,
    process: Process,
    versions: dict[int, Version],
    f: TranslationText,
    seen: dict[tuple[str, str, str], tuple[str, str]],
) -> list[Translation]:
    """The translations of file `f`, each checked against its version's source text and against the same one read
    from another file (`seen`: by (eId, language, source revision), its text and state), and within the limits."""
    if f.number is not None and f.number not in versions:
        raise ImportFailed(f.file, None, NO_VERSION, ref=f.number)
    source = {
        b.eid: b.text
        for b in (version_blocks(tx, versions[f.number]) if f.number is not None else draft_blocks(tx, process))
    }
    lines = _Lines.of(f.text)
    rows = []
    for b in f.blocks:
        where = lines.paragraphs.get(b.eid or "")
        if b.eid not in source:
            raise ImportFailed(f.file, where, NO_PARAGRAPH, eid=b.eid)
        sha, state = _made_from(f, b.eid, source[b.eid], lines)
        key = (b.eid, f.language, sha)
        if key in seen:
            if seen[key] != (b.text, state):
                raise ImportFailed(f.file, where, _ANOTHER_TRANSLATION, eid=b.eid)
            continue
        seen[key] = (b.text, state)
        try:
            check_limits([(b.eid, b.text)], partial(_printed, tx, process, versions.get(f.number or 0)))
        except InvalidInput as exc:  # named with its file and line, as every refusal of a folder is
            raise ImportFailed(f.file, where, exc.message, **exc.params) from None
        rows.append(
            Translation(
                process_id=process.id,
                eid=b.eid,
                language=f.language,
                source_sha=sha,
                text_sha=store_revision(tx, b.text),
                state=state,
            )
        )
    return rows


def _made_from(f: TranslationText, eid: str, source: str, lines: _Lines) -> tuple[str, str]:
    """The source revision the translation of `eid` in file `f` was made from (that of `source`, its version's text)
    and its state, as the file names them."""
    sha = revision_id(source)
    if f.made_from.get(eid) != sha:
        raise ImportFailed(
            f.file,
            lines.made_from.get(eid) or line_of(f.text, "made_from") or 1,
            N_("The translation of {eid} names another source text than this version's."),
            eid=eid,
        )
    state = f.states.get(eid, "")
    if state not in {s.value for s in Stored}:
        raise ImportFailed(
            f.file,
            lines.states.get(eid) or line_of(f.text, "states") or 1,
            N_("“{state}” is not a translation state."),
            state=state,
        )
    return sha, state


def _printed(tx: Session, process: Process, version: Version | None, eid: str) -> str:
    return text_refs(tx, process, version).get(eid, eid)


def translation_files(tx: Session, process: Process) -> dict[str, str]:
    """Each version's edition in each target language (and the draft's, when it has its own file)."""
    rows = _translations_by_source(tx, process)
    sides = _sides(tx, process)
    files = {}
    for code in (c for c in process.languages if c != process.source_language):
        for stem, blocks, head in sides:
            found = [(b, rows.get((code, revision_id(b.text)), {}).get(b.eid)) for b in blocks]
            made = [(b, row) for b, row in found if row is not None]
            if made:
                files[f"declaration/{stem}.{code}.md"] = _edition(code, head, made)
    return files


def _translations_by_source(tx: Session, process: Process) -> dict[tuple[str, str], dict[str, Translation]]:
    """The process's translations by (language, source revision), each of those by eId."""
    rows: dict[tuple[str, str], dict[str, Translation]] = {}
    for row in tx.scalars(select(Translation).where(Translation.process_id == process.id)):
        rows.setdefault((row.language, row.source_sha), {})[row.eid] = row
    return rows


def _sides(tx: Session, process: Process) -> list[tuple[str, list[Block], list[tuple[str, object]]]]:
    """The texts that have editions: each version (its file's stem, its paragraphs, its front matter) and the
    working draft, when it has its own file (it differs from the latest version)."""
    latest: list[Block] = []
    sides: list[tuple[str, list[Block], list[tuple[str, object]]]] = []
    for v in tx.scalars(select(Version).where(Version.process_id == process.id).order_by(Version.number)):
        latest = version_blocks(tx, v)
        sides.append((f"{v.number:02d}-{slugify(v.label, 40)}", latest, [("number", v.number), ("label", v.label)]))
    current = draft_blocks(tx, process)
    if current and current != latest:
        sides.append(("draft", current, []))
    return sides


def _edition(code: str, head: list[tuple[str, object]], made: list[tuple[Block, Translation]]) -> str:
    """The edition in `code` of a text (`head`: its front matter) whose paragraphs have translations, `made`."""
    translated = [replace(b, text=row.text.text) for b, row in made]
    return front_matter(
        [
            *head,
            ("language", code),
            ("made_from", {b.eid: row.source_sha for b, row in made}),
            ("states", {b.eid: row.state for b, row in made}),
        ],
        render_declaration(translated).rstrip("\n"),
    )
