"""Search from the command line: `accord search SLUG "QUERY"`, and `accord search reindex [SLUG]`."""

from __future__ import annotations

import html
import re
from typing import Any

import click

from ..services import search
from ..services.actor import SYSTEM
from ..services.search.scopes import KINDS
from .base import main, reasons, store

_MARK = re.compile(r"</?mark>")


class _SearchGroup(click.Group):
    """`accord search SLUG QUERY` searches; `accord search reindex [SLUG]` is the one subcommand: a first word that
    names no subcommand is a process's slug."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            return super().parse_args(ctx, args)
        ctx.meta["search_args"] = args
        return []

    def invoke(self, ctx: click.Context) -> Any:
        args = ctx.meta.get("search_args")
        if args is None:
            return super().invoke(ctx)
        return ctx.invoke(find_cmd, *[], **_parsed(ctx, args))


def _parsed(ctx: click.Context, args: list[str]) -> dict[str, Any]:
    sub = find_cmd.make_context("accord search", list(args), parent=ctx)
    return sub.params


@main.group("search", cls=_SearchGroup, invoke_without_command=True)
def search_group() -> None:
    """Find words in a process: `accord search SLUG "QUERY" [--lang fr] [--kind amendment]`; and
    `accord search reindex [SLUG]` to make the index anew (every process without SLUG)."""


@click.command("find")
@click.argument("process_slug", metavar="SLUG")
@click.argument("query", metavar="QUERY")
@click.option("--lang", type=click.Choice(["es", "en", "fr"]), default=None, help="Only texts in this language.")
@click.option("--kind", type=click.Choice(KINDS), default=None, help="Only this kind of text.")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True)
@click.pass_context
@reasons
def find_cmd(ctx: click.Context, process_slug: str, query: str, lang: str | None, kind: str | None, limit: int) -> None:
    """One line per hit, the best first: kind, reference, where it stands, language, the words around it (*found*)."""
    for hit in search.in_process(store(ctx), SYSTEM, process_slug, query, lang=lang, kind=kind, limit=limit):
        where = hit.version or ""
        words = html.unescape(_MARK.sub("*", hit.snippet)).replace("\n", " ")
        click.echo("\t".join((hit.kind, hit.ref.replace("\xa0", " "), where, hit.lang, words)))


@search_group.command("reindex")
@click.argument("process_slug", metavar="SLUG", required=False)
@click.pass_context
@reasons
def reindex_cmd(ctx: click.Context, process_slug: str | None) -> None:
    """Make the search index anew from the stored texts: SLUG's, or every process's."""
    made = search.reindex(store(ctx), process_slug)
    click.echo(f"indexed {made} texts")
