"""Publications in the store: the render model kept as JSON, and read back as the domain's."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, NotFound
from ...domain.publication import Edition, PublicationModel, PubParagraph
from ...store.models import Process, Publication
from .views import PublicationSummary


def model_json(model: PublicationModel) -> dict[str, Any]:
    data = asdict(model)
    data["published_at"] = model.published_at.isoformat()
    data["date"] = model.date.isoformat()
    return data


def model_of(data: dict[str, Any]) -> PublicationModel:
    editions = tuple(Edition(e["language"], e["title"], tuple(PubParagraph(**p) for p in e["paragraphs"]), e["date_line"], e["checksum"])
                     for e in data["editions"])
    return PublicationModel(data["slug"], data["symbol"], data["version_label"], datetime.fromisoformat(data["published_at"]),
                            data["place"], date.fromisoformat(data["date"]), editions, data.get("corrigendum_of"), data.get("corrects", ""))


def summary(row: Publication, numbers: dict[int, int]) -> PublicationSummary:
    """`numbers`: publication id → number, to name the publication a corrigendum corrects."""
    model = model_of(row.model)
    return PublicationSummary(row.number, model.version_label, model.symbol, {e.language: e.date_line for e in model.editions},
                              row.published_at, list(model.languages), {e.language: e.checksum for e in model.editions},
                              None if row.corrigendum_of_id is None else numbers.get(row.corrigendum_of_id), row.corrects)


def published_process(tx: Session, slug: str) -> tuple[Process, list[Publication]]:
    """A process and its publications, for anyone: a process without any is not there (404)."""
    process = tx.scalar(select(Process).where(Process.slug == slug))
    rows = list(tx.scalars(select(Publication).where(Publication.process_id == process.id).order_by(Publication.number))) if process else []
    if process is None or not rows:
        raise NotFound(N_("No published declaration “{slug}”."), slug=slug)
    return process, rows
