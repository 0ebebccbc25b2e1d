"""What a version is called in each language of the process: its source label, fixed with the version
(versions are immutable), and its names in the other languages ("Zero draft", "Avant-projet"), given
when it circulates or later by the committee. A name, in any language, names one version only, so that
a version asked for by its label (`/versions/Rev.1`, a download) is never ambiguous."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, Conflict, InvalidInput
from ...store.models import Process, Version, VersionLabel
from ...store.types import utcnow
from ..access import stored_id
from ..actor import Actor
from .paragraphs import DRAFT


def labels_of(version: Version) -> dict[str, str]:
    """The version's name in each language that has one, its source language first."""
    return {version.language: version.label, **{row.language: row.label for row in version.other_labels}}


def check_free(tx: Session, process: Process, version_id: int | None, names: dict[str, str]) -> None:
    """422 if a name (by its field: `label`, `labels.en` …) reads as another reference: `draft`, or the number
    of another version ("1948" names a version well, "2" not when version 2 exists); 409 if it is, in any
    language, the name of another version of the process."""
    numbers = dict(tx.execute(select(Version.number, Version.id).where(Version.process_id == process.id)).all())
    for field, name in names.items():
        number = int(name) if name.strip().isdecimal() and len(name.strip()) < 9 else 0
        if name.strip().lower() == DRAFT or (number in numbers and numbers[number] != version_id):
            raise InvalidInput(
                N_("“{label}” cannot name a version: it reads as the working draft or as another version's number."),
                label=name,
                detail={"field": field},
            )
    taken = {
        label.lower(): vid
        for vid, label in tx.execute(select(Version.id, Version.label).where(Version.process_id == process.id))
    }
    taken |= {
        label.lower(): vid
        for vid, label in tx.execute(
            select(VersionLabel.version_id, VersionLabel.label).where(VersionLabel.process_id == process.id)
        )
    }
    for field, name in names.items():
        if taken.get(name.lower(), version_id) != version_id:
            raise Conflict(N_("A version labelled “{label}” already exists."), label=name, detail={"field": field})


def put_labels(tx: Session, actor: Actor | None, process: Process, version: Version, labels: dict[str, str]) -> None:
    """Give `version` exactly `labels` in the process's other languages (the caller holds the process lock)."""
    if labels.get(version.language, version.label) != version.label:
        raise InvalidInput(
            N_("A version's label in its source language is the version's own: it cannot change once circulated."),
            detail={"field": f"labels.{version.language}"},
        )
    wanted = {code: text for code, text in labels.items() if code != version.language}
    for code in wanted:
        if code not in process.languages:
            raise InvalidInput(
                N_("“{language}” is not a language of this process."), language=code, detail={"field": f"labels.{code}"}
            )
    check_free(tx, process, version.id, {f"labels.{code}": text for code, text in wanted.items()})
    rows = {row.language: row for row in version.other_labels}
    for code, row in rows.items():
        if code not in wanted:
            version.other_labels.remove(row)
            tx.delete(row)
    for code, text in wanted.items():
        if code in rows and rows[code].label != text:  # renamed: by whom and when
            rows[code].label, rows[code].set_by_id, rows[code].set_at = text, stored_id(actor), utcnow()
        elif code in rows:
            continue
        else:
            version.other_labels.append(
                VersionLabel(language=code, process_id=process.id, label=text, set_by_id=stored_id(actor))
            )
    tx.flush()
