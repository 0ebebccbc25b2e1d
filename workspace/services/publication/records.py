"""Publications in the store: the render model kept as JSON, and read back as the domain's; the
files kept with each."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import N_, NotFound
from ...domain.publication.publication import model_from_data
from ...store.models import Process, Publication, PublicationFile, PublicationRender
from .views import PublicationSummary, PublishedFile, RenderingView


def summary(
    row: Publication, numbers: dict[int, int], files: list[PublishedFile], rendering: RenderingView | None = None
) -> PublicationSummary:
    """`numbers`: publication id → number, to name the publication a corrigendum corrects."""
    model = model_from_data(row.model)
    return PublicationSummary(
        number=row.number,
        version=model.version_label,
        symbol=model.symbol,
        date_line={e.language: e.date_line for e in model.editions},
        published_at=row.published_at,
        languages=list(model.languages),
        checksums={e.language: e.checksum for e in model.editions},
        corrigendum_of=None if row.corrigendum_of_id is None else numbers.get(row.corrigendum_of_id),
        corrects=row.corrects,
        files=files,
        rendering=rendering,
    )


def summaries(tx: Session, rows: list[Publication], numbers: dict[int, int] | None = None) -> list[PublicationSummary]:
    """The summaries of a process's publications `rows`, each with its kept files (one query for all);
    `numbers` as `summary` takes it, by default those of `rows`."""
    numbers = {r.id: r.number for r in rows} if numbers is None else numbers
    kept: dict[int, list[PublishedFile]] = {r.id: [] for r in rows}
    listed = select(
        PublicationFile.publication_id,
        PublicationFile.name,
        PublicationFile.media_type,
        PublicationFile.size,
        PublicationFile.sha256,
    ).where(PublicationFile.publication_id.in_([r.id for r in rows]))
    for publication_id, name, media_type, size, sha256 in tx.execute(
        listed.order_by(PublicationFile.publication_id, PublicationFile.position)
    ):
        kept[publication_id].append(PublishedFile(name=name, media_type=media_type, size=size, sha256=sha256))
    rendering = {
        pid: RenderingView(done=done, total=total)
        for pid, done, total in tx.execute(
            select(PublicationRender.publication_id, PublicationRender.done, PublicationRender.total).where(
                PublicationRender.publication_id.in_([r.id for r in rows]),
                PublicationRender.finished_at.is_(None),
                PublicationRender.error == "",
            )
        )
    }
    return [summary(r, numbers, kept[r.id], rendering.get(r.id)) for r in rows]


def published_process(tx: Session, slug: str) -> tuple[Process, list[Publication]]:
    """A process and its publications, for anyone: a process without any is not there (404)."""
    process = tx.scalar(select(Process).where(Process.slug == slug))
    rows = (
        list(tx.scalars(select(Publication).where(Publication.process_id == process.id).order_by(Publication.number)))
        if process
        else []
    )
    if process is None or not rows:
        raise NotFound(N_("No published declaration “{slug}”."), slug=slug)
    return process, rows
