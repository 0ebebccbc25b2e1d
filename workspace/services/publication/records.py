"""Publications in the store: the render model kept as JSON, and read back as the domain's; the
files kept with each; their summaries read from each one's head, never its model (megabytes for a long text)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, NotFound
from ...domain.publication.publication import model_from_data, model_head
from ...store.models import Process, Publication, PublicationFile, PublicationRender
from ..access import PUBLICLY_SHOWN
from .views import PublicationSummary, PublishedFile, RenderingView


def summaries(tx: Session, rows: list[Publication], numbers: dict[int, int] | None = None) -> list[PublicationSummary]:
    """The summaries of a process's publications `rows`, each with its kept files (one query for all);
    `numbers` (publication id → number, to name the publication a corrigendum corrects), by default
    those of `rows`."""
    numbers = {r.id: r.number for r in rows} if numbers is None else numbers
    ids = [r.id for r in rows]
    kept: dict[int, list[PublishedFile]] = {r.id: [] for r in rows}
    listed = select(
        PublicationFile.publication_id,
        PublicationFile.name,
        PublicationFile.media_type,
        PublicationFile.size,
        PublicationFile.sha256,
    ).where(PublicationFile.publication_id.in_(ids))
    for publication_id, name, media_type, size, sha256 in tx.execute(
        listed.order_by(PublicationFile.publication_id, PublicationFile.position)
    ):
        kept[publication_id].append(PublishedFile(name=name, media_type=media_type, size=size, sha256=sha256))
    rendering = {
        pid: RenderingView(done=done, total=total)
        for pid, done, total in tx.execute(
            select(PublicationRender.publication_id, PublicationRender.done, PublicationRender.total).where(
                PublicationRender.publication_id.in_(ids),
                PublicationRender.finished_at.is_(None),
                PublicationRender.error == "",
            )
        )
    }
    return [
        PublicationSummary(
            number=r.number,
            version=r.head["version_label"],
            symbol=r.symbol,
            date_line={e["language"]: e["date_line"] for e in r.head["editions"]},
            published_at=r.published_at,
            languages=[e["language"] for e in r.head["editions"]],
            checksums={e["language"]: e["checksum"] for e in r.head["editions"]},
            corrigendum_of=None if r.corrigendum_of_id is None else numbers.get(r.corrigendum_of_id),
            corrects=r.corrects,
            files=kept[r.id],
            rendering=rendering.get(r.id),
        )
        for r in rows
    ]


def published_process(tx: Session, slug: str) -> tuple[Process, list[Publication]]:
    """A process and its publications, for anyone: a process without any is not there (404), nor one deleted but
    for its publications kept."""
    process = tx.scalar(select(Process).where(Process.slug == slug, PUBLICLY_SHOWN))
    rows = (
        list(tx.scalars(select(Publication).where(Publication.process_id == process.id).order_by(Publication.number)))
        if process
        else []
    )
    if process is None or not rows:
        raise NotFound(N_("No published declaration “{slug}”."), slug=slug)
    return process, rows


def publication_ids(tx: Session, slug: str) -> dict[int, int]:
    """Number → id of the publications of process `slug`, for anyone (404 while it has none, or once the process is
    deleted but for publications kept); their models, which a long declaration makes megabytes long, are not read."""
    found = dict(
        tx.execute(
            select(Publication.number, Publication.id)
            .join(Process, Publication.process_id == Process.id)
            .where(Process.slug == slug, PUBLICLY_SHOWN)
        ).all()
    )
    if not found:
        raise NotFound(N_("No published declaration “{slug}”."), slug=slug)
    return found


def publication_id(tx: Session, slug: str, number: int) -> int:
    """The id of publication `number` of process `slug`, for anyone (404 if there is none)."""
    found = publication_ids(tx, slug).get(number)
    if found is None:
        raise NotFound(N_("No publication {number} in this process."), number=number)
    return found


def head_of(publication: Publication) -> dict[str, Any]:
    """What lists show of a publication: its head, or, for one kept without it (made by hand, or before heads were
    kept), the same read from its model."""
    if "version_label" in publication.head:
        return publication.head
    return model_head(model_from_data(publication.model))
