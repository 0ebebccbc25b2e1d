"""A process folder's crosswalk files (domain.transfer.numbering_format): the printed numbers of each version that
held its numbers still (OP 7 bis, OP 9 [deleted]) and of a working draft the committee renumbered, written from the
store and put back on import, so that a folder round-trips its references and crosswalks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from ...domain.declaration.declaration_format import ImportedBlock
from ...domain.declaration.document import Kind
from ...domain.declaration.references import NUMBERED_KINDS, Number
from ...domain.errors import N_, ImportFailed
from ...domain.transfer.numbering_format import parse_numbering_file, render_numbering_file
from ...domain.vocabulary import slugify
from ...store.models import Process, Version, VersionNumbers
from ..declaration.references import draft_numbers, version_numbers

Read = Callable[[Path, str], str]
DRAFT = "draft.crosswalk.csv"
_VERSION = re.compile(r"^(\d+)-[a-z0-9-]+\.crosswalk\.csv$")


def numbering_files(tx: Session, process: Process, versions: Sequence[Version]) -> dict[str, str]:
    """A file per version that circulated with its numbers held still, and one for the draft if the committee
    renumbered it since (a version numbered cleanly needs none: its text numbers it)."""
    files: dict[str, str] = {}
    before: dict[str, Number] = {}
    for version in versions:
        numbers = version_numbers(tx, version)
        row = tx.get(VersionNumbers, version.id)
        if row is not None and not row.renumbered:
            files[f"declaration/{version.number:02d}-{slugify(version.label, 40)}.crosswalk.csv"] = (
                render_numbering_file(before, numbers)
            )
        before = numbers
    if process.draft_basis:
        files[f"declaration/{DRAFT}"] = render_numbering_file(before, draft_numbers(tx, process))
    return files


def _kinds(blocks: Sequence[ImportedBlock]) -> dict[str, Kind]:
    return {b.eid: b.kind for b in blocks if b.eid and b.depth == 0 and b.kind in NUMBERED_KINDS}


def read_numberings(
    folder: Path, read: Read, versions: Sequence[Sequence[ImportedBlock]], draft: Sequence[ImportedBlock] | None
) -> dict[int | None, dict[str, Number]]:
    """Each crosswalk file's numbers by version number (None: the working draft's, whose text is the latest
    version's when the folder has no draft file)."""
    found: dict[int | None, dict[str, Number]] = {}
    for path in sorted(folder.glob("*.crosswalk.csv")) if folder.is_dir() else []:
        name = str(path)
        if path.name == DRAFT:
            blocks = draft if draft is not None else (versions[-1] if versions else [])
            found[None] = parse_numbering_file(read(path, name), name, _kinds(blocks))
            continue
        match = _VERSION.match(path.name)
        if match is None or not 1 <= int(match.group(1)) <= len(versions):
            raise ImportFailed(
                name, None, N_("A crosswalk file is named as its version's file: NN-label.crosswalk.csv.")
            )
        number = int(match.group(1))
        found[number] = parse_numbering_file(read(path, name), name, _kinds(versions[number - 1]))
    return found
