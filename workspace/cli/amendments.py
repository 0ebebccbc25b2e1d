"""Amendments as files, and the compilation: `accord amendments list`, `import`, `export`, `import-renderings`,
`compilation`."""

from __future__ import annotations

from pathlib import Path

import click
import msgspec

from ..domain.amendments.amendment_commands import ImportWord
from ..domain.errors import ImportRefused
from ..services import (
    accounts,
    amendments,
)
from ..services.actor import SYSTEM
from ..services.amendments import rendering_exchange
from .base import (
    main,
    reasons,
    store,
    unit_lines,
)


@main.group("amendments")
def amendments_group() -> None:
    """Amendments of a process."""


@amendments_group.command("list")
@click.argument("process_slug", metavar="PROCESS")
@click.option(
    "--version", "version", default=None, help="Only those made against this version (a number, a label, or draft)."
)
@click.option(
    "--status", default=None, help="open, accepted, accepted_as_modified, merged, rejected, moot or withdrawn."
)
@click.pass_context
@reasons
def amendments_list(ctx: click.Context, process_slug: str, version: str | None, status: str | None) -> None:
    """List the amendments of PROCESS: number, status, paragraph, kind, proposer, and how an open one stands."""
    for a in amendments.list_amendments(store(ctx), SYSTEM, process_slug, version=version, status=status):
        standing = (
            f"\t{a.rebase.state}" + (f" (overlaps {', '.join(a.rebase.overlap_labels)})" if a.rebase.overlaps else "")
            if a.rebase
            else ""
        )
        click.echo(f"{a.label}\t{a.status}\t{a.eid}\t{a.kind}\t{a.proposer or ''}\t{a.version}{standing}")


@amendments_group.command("import")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--version", "version", required=True, help="The version the file amends (a number, a label, or draft).")
@click.option(
    "--as", "as_email", required=True, help="The member the amendments and comments are filed for (their e-mail)."
)
@click.option("--preview", is_flag=True, help="Show what would be filed; file nothing.")
@click.option(
    "--skip", "skip", multiple=True, help="A place in the file to leave out, as the preview names it (p12, c3)."
)
@click.pass_context
@reasons
def amendments_import(
    ctx: click.Context, process_slug: str, file: Path, version: str, as_email: str, preview: bool, skip: tuple[str, ...]
) -> None:
    """File FILE.docx (Word, with tracked changes and comments) as amendments and threads of PROCESS, for the
    member AS: each change an amendment to the paragraph it was matched to, each comment a thread."""
    command = ImportWord.build(
        version=version,
        data=file.read_bytes(),
        filename=file.name,
        preview=preview,
        on_behalf_of=as_email,
        skip=list(skip),
    )
    result = amendments.import_word(store(ctx), SYSTEM, process_slug, command)
    placed = {p.key: p for p in result.placed}
    for a in result.amendments:
        where = placed.get(a.source.key) if a.source else None
        how = f"{where.how} {where.score:.0%}" if where and where.how == "similar" else where.how if where else ""
        click.echo(f"{a.source.key if a.source else ''}\t{a.label}\t{a.kind}\t{a.eid}\t{how}\t{a.text[:60]}")
    for t in result.threads:
        first = t.comments[0]
        click.echo(
            f"{first.source.file if first.source else ''}\tT{t.id}\t{t.eid}\t{(t.quote.exact if t.quote else '')[:40]}"
            f"\t{len(t.comments) - 1} replies"
        )
    for u in result.unplaced:
        click.echo(f"{file.name}: {u.where}\tnot filed\t{u.reason}")
    verb = "filed" if result.saved else "preview (nothing filed):"
    click.echo(
        f"{verb} {len(result.amendments)} amendments and {len(result.threads)} threads for {as_email}; "
        f"{len(result.unplaced)} things not placed"
    )


@amendments_group.command("export")
@click.argument("process_slug", metavar="PROCESS")
@click.option("--lang", "language", required=True, help="The language to render the amendments into.")
@click.option(
    "--from",
    "origin",
    default=None,
    help="The language they were proposed in (one language pair a file); default: the source language.",
)
@click.option(
    "--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path), help="The .xlf file to write."
)
@click.pass_context
@reasons
def amendments_export(
    ctx: click.Context, process_slug: str, language: str, origin: str | None, out: Path | None
) -> None:
    """Write the open amendments of PROCESS to render into LANG as an XLIFF 2.0 file for a CAT tool: each its words
    as proposed (the source) and its rendering so far (the target). `accord amendments import-renderings` and
    `accord translations import` read it back. Default file: its own name, in the current folder."""
    name, body = rendering_exchange.export_renderings_xliff(store(ctx), SYSTEM, process_slug, language, origin)
    target = out or Path(name)
    target.write_bytes(body)
    click.echo(f"wrote {target}: {body.count(b'<unit ')} amendments")


@amendments_group.command("import-renderings")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", "language", required=True, help="The language the file renders the amendments into.")
@click.option("--as", "as_email", default=None, help="The translator's e-mail: the renderings are theirs.")
@click.pass_context
@reasons
def amendments_import_renderings(
    ctx: click.Context, process_slug: str, file: Path, language: str, as_email: str | None
) -> None:
    """Import FILE.xlf, amendments rendered into LANG as `accord amendments export` wrote them: all of it, or nothing.
    Prints what became of each unit (unchanged, updated, refused with its line); a unit given back as it was
    exported changes nothing, a changed one is rendered (approved only from a reviewer's `final`)."""
    db = store(ctx)
    actor = accounts.actor_by_email(db, as_email) if as_email else SYSTEM
    try:
        report = rendering_exchange.import_renderings_xliff(
            db, actor, process_slug, language, file.read_bytes(), str(file)
        )
    except ImportRefused as exc:
        unit_lines(exc.report["units"], err=True)
        raise
    unit_lines([msgspec.to_builtins(u) for u in report.units])
    click.echo(
        f"{report.language} amendments: {report.imported} updated, {report.unchanged} unchanged"
        + (f", not in the file: {', '.join(report.not_in_file)}" if report.not_in_file else "")
    )


@main.command("compilation")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("version", metavar="VERSION")
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .docx file to write."
)
@click.option(
    "--lang",
    "lang",
    default=None,
    metavar="LANG",
    help="In a language of the process (es, en, fr), or several side by side (es-en-fr); default: the source text.",
)
@click.pass_context
@reasons
def compilation_cmd(ctx: click.Context, process_slug: str, version: str, out: Path, lang: str | None) -> None:
    """Write the compilation of VERSION of PROCESS as a Word file: each open amendment a tracked change. With --lang,
    in that language (its edition, each amendment its rendering there), or in several side by side in a table."""
    db = store(ctx)
    file = amendments.compilation_file(db, SYSTEM, process_slug, version, lang)
    out.write_bytes(file.body)
    view = file.view
    count = sum(len(p.amendments) for p in view.paragraphs)
    click.echo(f"wrote {out}: {len(view.paragraphs)} paragraphs of {view.version}, {count} open amendments")
