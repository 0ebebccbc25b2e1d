"""Translations as XLIFF: `accord translations status`, `export`, `import`."""

from __future__ import annotations

from pathlib import Path

import click
import msgspec

from ..domain.errors import ImportRefused
from ..services import (
    accounts,
    translations,
)
from ..services.actor import SYSTEM
from .base import (
    main,
    reasons,
    store,
    unit_lines,
)


@main.group("translations")
def translations_group() -> None:
    """Translations: progress, XLIFF export, import of XLIFF or Markdown files."""


@translations_group.command("status")
@click.argument("process_slug", metavar="PROCESS")
@click.option("--version", "version", default=None, help="A version (number or label), or draft; default: every one.")
@click.pass_context
@reasons
def translations_status(ctx: click.Context, process_slug: str, version: str | None) -> None:
    """Per version and language: paragraphs approved, translated, draft, outdated, missing."""
    for p in translations.progress(store(ctx), SYSTEM, process_slug):
        if version and version.lower() not in (p.version.lower(),):
            continue
        for lang in p.languages:
            click.echo(
                f"{p.version}\t{lang.language}\t{lang.percent}% approved\t{lang.approved}/{lang.total}\tdraft "
                f"{lang.draft}\ttranslated {lang.translated}\toutdated {lang.outdated}\tmissing {lang.missing}"
            )


@translations_group.command("export")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("language", metavar="LANG")
@click.option("--version", "version", default=None, help="A version (number or label), or draft; default: the latest.")
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .xlf file to write."
)
@click.pass_context
@reasons
def translations_export(ctx: click.Context, process_slug: str, language: str, version: str | None, out: Path) -> None:
    """Write LANG's translations of a version as an XLIFF 2.0 file (one unit per paragraph)."""
    _name, body = translations.export_xliff(store(ctx), SYSTEM, process_slug, language, version)
    out.write_bytes(body)
    click.echo(f"wrote {out}")


@translations_group.command("import")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("language", metavar="LANG")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--version", "version", default=None, help="A version (number or label), or draft; default: the latest.")
@click.option("--as", "as_email", default=None, help="The translator's e-mail: the translations are theirs.")
@click.pass_context
@reasons
def translations_import(
    ctx: click.Context, process_slug: str, language: str, file: Path, version: str | None, as_email: str | None
) -> None:
    """Import FILE.xlf (XLIFF 2.0) or FILE.md (a whole edition, paragraphs with their eIds): all of it, or nothing.
    Prints what became of each unit (unchanged, updated, refused with its line): a unit given back as it was
    exported keeps its state; a changed one is translated, approved only from a reviewer's `final`."""
    db = store(ctx)
    actor = accounts.actor_by_email(db, as_email) if as_email else SYSTEM
    try:
        report = translations.import_file(db, actor, process_slug, language, file.read_bytes(), str(file), version)
    except ImportRefused as exc:
        unit_lines(exc.report["units"], err=True)
        raise
    unit_lines([msgspec.to_builtins(u) for u in report.units])
    click.echo(
        f"{report.language} {report.version}: {report.imported} updated, {report.unchanged} unchanged"
        + (f", outdated: {', '.join(report.outdated)}" if report.outdated else "")
        + (f", not in the file: {', '.join(report.not_in_file)}" if report.not_in_file else "")
    )
