"""Versions from files, and what changed between two: `accord import-version`, `diff`."""

from __future__ import annotations

import json
from pathlib import Path

import click
import msgspec

from ..domain.declaration import compare_render
from ..domain.declaration.declaration_commands import ImportVersion, WordVersion
from ..domain.diffing import wire
from ..services.actor import SYSTEM
from ..services.declaration import importing, versions
from ..services.declaration.views import ImportView
from .base import (
    fail,
    main,
    read_text,
    reasons,
    store,
)


@main.command("import-version")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--label", default=None, help="Label of the new version (else the file's front matter `label`, or its `title`)."
)
@click.option("--lang", "language", default=None, help="Language of the file: the process source language.")
@click.option("--preview", is_flag=True, help="Show the matching and the changes; save nothing.")
@click.option(
    "--replace-draft", is_flag=True, help="Replace the working draft's uncirculated changes (listed otherwise)."
)
@click.option("--yes", is_flag=True, help="Circulate without being asked (what changes is listed all the same).")
@click.pass_context
@reasons
def import_version_cmd(
    ctx: click.Context,
    process_slug: str,
    file: Path,
    label: str | None,
    language: str | None,
    preview: bool,
    replace_draft: bool,
    yes: bool,
) -> None:
    """Import FILE (Markdown or Word) as the next version of PROCESS, matching its paragraphs to the last ones. Lists
    what the import adds, changes and deletes in the working draft, and asks before circulating it (unless --yes)."""
    word = file.read_bytes() if file.suffix.lower() == ".docx" else None  # the committee's revised draft in Word
    text = "" if word is not None else read_text(file)
    db = store(ctx)
    command = (
        ImportVersion(filename=str(file), text=text, label=label, language=language, preview=True)
        if word is None
        else WordVersion(filename=str(file), label=label, language=language, preview=True, text="", docx=word)
    )
    result = importing.import_version(db, SYSTEM, process_slug, command)
    if not preview:
        if result.draft_changes and not replace_draft:
            for c in result.draft_changes:
                click.echo(f"uncirculated\t{c.eid}\t{c.change}")
            fail(
                f"the working draft has {len(result.draft_changes)} uncirculated changes (listed above) that this "
                "import would replace: run again with --replace-draft to replace them"
            )
        _ask(result, process_slug, yes)
        command = msgspec.structs.replace(
            command, preview=False, replace_draft=replace_draft, base_draft=result.base_draft
        )
        result = importing.import_version(db, SYSTEM, process_slug, command)
    for n in result.notices:
        click.echo(f"{n.file}:{n.line or n.where}\tnotice\t{n.message}")
    for m in result.matches:
        how = f"similar {m.score:.0%}" if m.how == "similar" else m.how
        click.echo(f"{file}:{m.line}\t{m.eid}\t{how}\t{'  ' * m.depth}{m.text[:60]!s}")
    counts = ", ".join(f"{n} {kind}" for kind, n in result.compare.counts.items() if n)
    if result.saved:
        click.echo(f"circulated version {result.version} “{result.label}” of {process_slug}: {counts}")
    else:
        click.echo(f"preview of “{result.label}” (nothing saved): {counts}")


def _ask(result: ImportView, process_slug: str, yes: bool) -> None:
    """What the import changes in the working draft, listed, and the question whether to circulate it (as the page's
    dialog asks): a refusal stops with nothing saved."""
    for c in result.compare.changes:
        if c.change != "unchanged":
            click.echo(f"{c.change}\t{c.eid}")
    counts = ", ".join(f"{n} {kind}" for kind, n in result.compare.counts.items() if n and kind != "unchanged")
    asked = f"Import and circulate “{result.label}” as the next version of {process_slug} ({counts or 'no change'})?"
    if not yes and not click.confirm(asked, default=False):
        fail("nothing imported: run again and answer yes, or with --yes")


@main.command("diff")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("old", metavar="FROM")
@click.argument("new", metavar="TO")
@click.option("--format", "fmt", type=click.Choice(["json", "html", "text"]), default="text", show_default=True)
@click.pass_context
@reasons
def diff_cmd(ctx: click.Context, process_slug: str, old: str, new: str, fmt: str) -> None:
    """Compare two versions of PROCESS (a number, a label, or `draft`)."""
    result = versions.compare_texts(store(ctx), SYSTEM, process_slug, old, new)
    if fmt == "json":
        rows = [
            {
                "eid": c.eid,
                "change": c.change,
                "moved": c.moved,
                "old_text": c.old_text,
                "new_text": c.new_text,
                "ops": wire(c.ops),
            }
            for c in result.changes
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "html":
        click.echo(compare_render.html_document(result.old, result.new, result.changes))
    else:
        for c in result.changes:
            if c.change == "unchanged":
                continue
            number = c.new_number or c.old_number
            click.echo(f"{c.change:<9} {c.eid}{f' ({number})' if number else ''}{' moved' if c.moved else ''}")
            if c.change in ("added", "deleted", "modified"):
                click.echo("    " + compare_render.text_inline(c.ops).replace("\n", "\n    "))
