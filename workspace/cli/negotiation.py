"""A version's brackets and the compilation of a window's submissions: `accord brackets`, `compile-submissions`."""

from __future__ import annotations

import click

from ..domain.submissions.submissions import CompileSubmissions
from ..services import (
    brackets,
    submissions,
)
from ..services.actor import SYSTEM
from .base import (
    main,
    reasons,
    store,
)


@main.command("brackets")
@click.argument("process_slug", metavar="SLUG")
@click.argument("version", metavar="VERSION")
@click.option("--lang", default=None, help="A language of the process (default: its source language).")
@click.pass_context
@reasons
def brackets_cmd(ctx: click.Context, process_slug: str, version: str, lang: str | None) -> None:
    """The brackets of VERSION (its number, label, or "draft") per article: open, agreed, dropped, unbalanced;
    then the totals and each unbalanced bracket by paragraph and line."""
    view = brackets.bracket_summary(store(ctx), SYSTEM, process_slug, version, lang)
    for article in view.articles:
        counts = "\t".join(str(article.counts[state]) for state in ("open", "agreed", "dropped"))
        click.echo(f"{article.ref.replace(chr(160), ' ')}\t{counts}\t{article.unbalanced}")
    totals = view.totals
    click.echo(
        f"{view.version} ({view.lang}): {totals['open']} open, {totals['agreed']} agreed, {totals['dropped']} dropped, "
        f"{len(view.unbalanced)} unbalanced"
    )
    for odd in view.unbalanced:
        click.echo(f"unbalanced {odd.char!r} in {odd.ref.replace(chr(160), ' ')}, line {odd.line}")


@main.command("compile-submissions")
@click.argument("process_slug", metavar="SLUG")
@click.option("--window", type=int, default=None, help="The window's number (default: the latest).")
@click.option("--circulate", default=None, metavar="LABEL", help="Circulate the compilation as a version so labelled.")
@click.pass_context
@reasons
def compile_submissions_cmd(ctx: click.Context, process_slug: str, window: int | None, circulate: str | None) -> None:
    """Add the proposals of a window not compiled yet to SLUG's working draft, each in full as submitted after the
    paragraph it is about, its delegation named; prints each paragraph made."""
    command = CompileSubmissions(window=window, circulate=circulate)
    view = submissions.compile_submissions(store(ctx), SYSTEM, process_slug, command)
    for p in view.paragraphs:
        click.echo(f"{p.ref.replace(chr(160), ' ')}\t{p.eid}\t{p.delegation}\tsubmission {p.submission}")
    made = f"compiled {len(view.paragraphs)} proposals of window {view.window} into the working draft of {process_slug}"
    click.echo(made + (f"; circulated as {view.version}" if view.version else ""))
