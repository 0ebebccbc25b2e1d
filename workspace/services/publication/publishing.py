"""Publishing the final text: the publication frozen with its checksums once the gate (.gate) is clear, corrigenda,
and what the public reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.errors import N_, NN_, Conflict, InvalidInput, NotFound
from ...domain.permissions import Action
from ...domain.publication.publication import PublicationModel, build_edition, model_data, model_from_data, model_head
from ...domain.publication.publication_commands import Publish
from ...renderers.pdf_glyphs import unshown_plain
from ...store.models import Process, Publication, Version
from ...store.types import utcnow
from ..access import PUBLICLY_SHOWN, lock_process, process_for, record, stored_id
from ..actor import Actor
from ..declaration.paragraphs import find_version
from ..declaration.references import text_refs, version_numbers
from ..declaration.version_labels import labels_of
from ..outbox_entries import add_render
from ..unit import Db, Store, Unit, reads, use_case
from .files import expect_rendering, forget_uploaded, keep, render_and_keep, store_missing, uploaded
from .gate import blocker_detail, blockers, editions_of, gate_view
from .records import published_process, summaries
from .rendering import RenderedFile, rendered
from .views import PublicationSummary, PublishedDeclaration


def build_model(
    tx: Session,
    process: Process,
    version: Version,
    symbol: str,
    day: date,
    places: dict[str, str],
    published_at: datetime,
) -> PublicationModel:
    source, editions = editions_of(tx, process, version)
    languages = [process.source_language, *(c for c in process.languages if c != process.source_language)]
    names = labels_of(version)
    built = []
    for code in languages:
        # Each edition's paragraphs stand where the source's do.
        blocks = (
            source
            if code == process.source_language
            else [replace(b, text=editions[code][b.eid][1] or "") for b in source]
        )
        title = process.titles.get(code) or process.titles.get(process.source_language) or process.slug
        # The version's name as the committee gave it in each language ("Rév.3 (finale)"), printed by that edition.
        named = replace(
            build_edition(code, title, blocks, places.get(code, ""), day), version_label=names.get(code, "")
        )
        built.append(named)
    circulated = tuple(
        (eid, n.kind.value, n.base, n.suffix, n.deleted) for eid, n in version_numbers(tx, version).items()
    )
    return PublicationModel(process.slug, symbol, version.label, published_at, day, tuple(built), circulated=circulated)


def _settled(
    tx: Session, actor: Actor | None, slug: str, command: Publish, *, lock: bool
) -> tuple[Process, Version, Publication | None]:
    """The process, the version and the publication a corrigendum corrects, once everything that refuses
    `command` was checked (409 listing what blocks it, or if the version is published already and this
    is not a corrigendum)."""
    process, _ = process_for(tx, slug, actor, Action.PUBLISH)
    if lock:
        lock_process(tx, process)
    return (process, *_checked(tx, process, command))


def _checked(tx: Session, process: Process, command: Publish) -> tuple[Version, Publication | None]:
    """The version to publish and the publication a corrigendum corrects, once nothing refuses `command`."""
    _check_printed(command)
    version = find_version(tx, process, command.version)
    earlier = _corrected(tx, process, command)
    _check_publishable(tx, version, earlier)
    _check_settled(tx, process, version, command)
    return version, earlier


def _check_printed(command: Publish) -> None:
    """422 for a symbol or a corrigendum's "corrects" that the PDF could not show."""
    for field_name, printed, message in (
        ("symbol", command.symbol, N_("The symbol holds a character that no font of the PDF can show (U+{code}).")),
        (
            "corrects",
            command.corrects,
            N_("What the corrigendum corrects holds a character that no font of the PDF can show (U+{code})."),
        ),
    ):
        if printed and (code := unshown_plain(printed)):  # printed in the header and under the title
            raise InvalidInput(message, code=code, detail={"field": field_name})


def _corrected(tx: Session, process: Process, command: Publish) -> Publication | None:
    """The publication a corrigendum corrects (404 if there is none such); None for a publication of its own."""
    if command.corrigendum_of is None:
        return None
    earlier = tx.scalar(
        select(Publication).where(Publication.process_id == process.id, Publication.number == command.corrigendum_of)
    )
    if earlier is None:
        raise NotFound(
            N_("No publication {number} in this process."),
            number=command.corrigendum_of,
            detail={"field": "corrigendum_of"},
        )
    return earlier


def _check_publishable(tx: Session, version: Version, earlier: Publication | None) -> None:
    """409 for a version published already (unless this is a corrigendum) or whose label the PDF could not show."""
    if earlier is None and tx.scalar(select(Publication.id).where(Publication.version_id == version.id)) is not None:
        raise Conflict(
            N_("{label} is published already: a correction is published as a corrigendum to it."), label=version.label
        )
    if code := unshown_plain(version.label):
        raise Conflict(
            N_(
                "The label of {label} holds a character that no font of the PDF can show (U+{code}): circulate the "
                "text again under another label to publish it."
            ),
            label=version.label,
            code=code,
        )


def _check_settled(tx: Session, process: Process, version: Version, command: Publish) -> None:
    """409 listing what is not settled yet in the version (the gate), if anything."""
    view = gate_view(
        process,
        version,
        blockers(tx, process, version, _places(process, command)),
        refs=text_refs(tx, process, version),
    )
    if view.clear:
        return
    raise Conflict(
        NN_(
            "{label} cannot be published yet: {count} item is not settled.",
            "{label} cannot be published yet: {count} items are not settled.",
            "count",
        ),
        label=version.label,
        count=view.total,
        detail={"blockers": [blocker_detail(b) for b in view.blockers]},
    )


def _places(process: Process, command: Publish) -> dict[str, str]:
    """The date line's place in each language: the process's, unless the publication gives its own."""
    return {**process.places, **(command.places or {})}


def _model(
    tx: Session,
    process: Process,
    version: Version,
    earlier: Publication | None,
    command: Publish,
    published_at: datetime,
) -> PublicationModel:
    day = command.day or published_at.astimezone(ZoneInfo(process.timezone)).date()
    model = build_model(tx, process, version, command.symbol, day, _places(process, command), published_at)
    return replace(model, corrigendum_of=earlier.symbol, corrects=command.corrects) if earlier is not None else model


@reads
def _prepared(
    tx: Session, actor: Actor | None, slug: str, command: Publish, published_at: datetime
) -> PublicationModel:
    process, version, earlier = _settled(tx, actor, slug, command, lock=False)
    return _model(tx, process, version, earlier, command, published_at)


def _frozen(
    tx: Session,
    actor: Actor | None,
    process: Process,
    version: Version,
    earlier: Publication | None,
    command: Publish,
    model: PublicationModel,
    published_by_id: int | None,
) -> Publication:
    """The publication's row, frozen with its model: the process is published."""
    number = (tx.scalar(select(func.max(Publication.number)).where(Publication.process_id == process.id)) or 0) + 1
    row = Publication(
        process_id=process.id,
        number=number,
        version_id=version.id,
        symbol=command.symbol,
        place=model.places.get(process.source_language, ""),
        day=model.date.isoformat(),
        published_at=model.published_at,
        published_by_id=published_by_id,
        corrigendum_of_id=earlier.id if earlier else None,
        corrects=command.corrects,
        model=model_data(model),
        head=model_head(model),
    )
    tx.add(row)
    process.phase = "published"
    record(
        tx,
        actor,
        "publication.published",
        f"publication:{number}",
        process,
        version=version.label,
        symbol=command.symbol,
        corrigendum_of=command.corrigendum_of,
    )
    tx.flush()
    return row


def bring_in(
    tx: Session,
    actor: Actor | None,
    process: Process,
    command: Publish,
    published_at: datetime,
    published_by_id: int | None,
) -> int:
    """A publication read from a process folder (`publications/<n>.md`), its number: refused by the same
    gate and frozen the same way as when the committee publishes; its files are made the first time
    they are asked for (`store_missing`), not while the folder is imported."""
    version, earlier = _checked(tx, process, command)
    return _frozen(
        tx,
        actor,
        process,
        version,
        earlier,
        command,
        _model(tx, process, version, earlier, command, published_at),
        published_by_id,
    ).number


@use_case
def _publish(
    tx: Session,
    actor: Actor | None,
    slug: str,
    command: Publish,
    published_at: datetime,
    made: tuple[PublicationModel, list[RenderedFile]] | None,
    later: bool = False,
) -> PublicationSummary:
    process, version, earlier = _settled(tx, actor, slug, command, lock=True)
    model = _model(tx, process, version, earlier, command, published_at)
    if made is not None and made[0] != model:  # a text changed between the rendering and this transaction
        raise Conflict(N_("{label} changed while it was being published: publish it again."), label=version.label)
    row = _frozen(tx, actor, process, version, earlier, command, model, stored_id(actor))
    number = row.number
    # Every file, rendered once, kept with the publication or nothing is; or rendered by a worker
    # (`later`), the outbox entry committing with the publication (a download before it is done
    # renders them itself, and only one rendering is kept).
    if later:
        add_render(tx, process.slug, number)
        expect_rendering(tx, row.id, model)
    elif made is None:
        render_and_keep(tx, row.id, model)
    else:
        keep(tx, row.id, made[1])
    return summaries(tx, [row], {earlier.id: earlier.number} if earlier else {})[0]


def publish(
    db: Db, actor: Actor | None, slug: str, command: Publish, *, files_later: bool = False
) -> PublicationSummary:
    """Freeze the version's editions as a publication, with its files (409 listing what blocks it, or
    if the version is published already and this is not a corrigendum). The process moves to the
    published phase.

    The files are rendered before the publication's transaction (minutes for a long declaration, which
    must hold no lock), from the model that transaction then builds again: if a text changed meanwhile,
    409 and nothing is published. Inside a caller's open transaction, they are rendered in it. With
    `files_later` (a job queue runs), a worker renders them after the commit."""
    published_at = utcnow()
    if isinstance(db, Session):
        return _publish(db, actor, slug, command, published_at, None, files_later)
    if files_later:  # a worker renders them: the request only freezes the texts
        return _publish(db, actor, slug, command, published_at, None, True)
    store = db.store if isinstance(db, Unit) else db
    model = _prepared(store, actor, slug, command, published_at)
    with rendered(model, seal=store.seal_pdf) as made:
        sent = uploaded(store.objects, made)
        try:
            return _publish(db, actor, slug, command, published_at, (model, sent))
        except NotFound:  # the process deleted meanwhile: what was uploaded for it leaves the object store
            forget_uploaded(store, sent)
            raise


def publications(db: Store | Unit, slug: str) -> list[PublicationSummary]:
    """A process's publications with their files, for anyone (404 while it has none). The files of a
    publication made before files were kept are rendered and kept first."""
    store_missing(db, slug)
    return _publications(db, slug)


@reads
def published_declarations(tx: Session, limit: int = 50) -> list[PublishedDeclaration]:
    """The declarations published, the latest first, for anyone: what each latest publication froze (its
    titles and languages as published, never the process's since), naming no process without one. The
    titles are read from its head, not its model (a long text's model is megabytes)."""
    latest = (
        select(Publication.process_id, func.max(Publication.number).label("number"))
        .group_by(Publication.process_id)
        .subquery()
    )
    rows = tx.execute(
        select(Process.slug, Publication.symbol, Publication.day, Publication.head)
        .join(Process, Publication.process_id == Process.id)
        .join(latest, (latest.c.process_id == Publication.process_id) & (latest.c.number == Publication.number))
        .where(PUBLICLY_SHOWN)
        .order_by(Publication.day.desc(), Process.slug)
        .limit(limit)
    ).all()
    found = []
    for slug, symbol, day, head in rows:
        titles = {e["language"]: e["title"] for e in head["editions"]}
        found.append(PublishedDeclaration(slug=slug, titles=titles, languages=list(titles), symbol=symbol, day=day))
    return found


@reads
def _publications(tx: Session, slug: str) -> list[PublicationSummary]:
    _process, rows = published_process(tx, slug)
    return summaries(tx, rows)


@reads
def publication_model(tx: Session, slug: str, number: int | None = None) -> tuple[PublicationSummary, PublicationModel]:
    """A publication (by default the latest) as the public reads it: frozen, the same for everyone."""
    _process, rows = published_process(tx, slug)
    row = rows[-1] if number is None else next((r for r in rows if r.number == number), None)
    if row is None:
        raise NotFound(N_("No publication {number} in this process."), number=number)
    return summaries(tx, [row], {r.id: r.number for r in rows})[0], model_from_data(row.model)
