"""The translation memory's index (`MemoryWord`): the words of the source text of each translation,
written with the translation. A translation's source never changes (a new source is a new row), so
its words are written once, by every way a translation row is made (`remember`)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..domain.translations.translation_memory import word_keys
from .models import MemoryWord, ParagraphRevision, Translation


def remember(tx: Session, rows: Iterable[Translation]) -> None:
    """Index the source words of new translation rows (flushed, so that they have their ids)."""
    made = [(row.id, row.language, row.source_sha) for row in rows]
    if not made:
        return
    texts = dict(
        tx.execute(
            select(ParagraphRevision.sha, ParagraphRevision.text).where(
                ParagraphRevision.sha.in_({sha for _, _, sha in made})
            )
        ).all()
    )
    words = [
        {"language": language, "word": key, "translation_id": id_}
        for id_, language, sha in made
        for key in word_keys(texts.get(sha, ""))
    ]
    if words:
        tx.execute(insert(MemoryWord), words)


__all__ = ["remember"]
