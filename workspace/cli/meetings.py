"""A process's meetings: `accord meeting list`, `accord meeting pack`."""

from __future__ import annotations

from pathlib import Path

import click

from ..services import meetings
from ..services.actor import SYSTEM
from ..services.meetings.packing import pack_file
from .base import main, reasons, store


@main.group("meeting")
def meeting_group() -> None:
    """The meetings of a process (plenaries and informals) and their session packs."""


@meeting_group.command("list")
@click.argument("process_slug", metavar="SLUG")
@click.pass_context
@reasons
def list_cmd(ctx: click.Context, process_slug: str) -> None:
    """Every meeting of SLUG, newest first: its number, kind, state, where the room is, and its title."""
    for m in meetings.list_meetings(store(ctx), SYSTEM, process_slug, limit=10_000):
        title = m.title.get("*") or next(iter(m.title.values()), "")
        where = m.pointer.ref.replace(chr(160), " ") if m.pointer is not None else "-"
        click.echo(f"{m.id}\t{m.kind}\t{m.state}\t{where}\t{title}")


@meeting_group.command("pack")
@click.argument("process_slug", metavar="SLUG")
@click.argument("number", type=click.IntRange(min=1), metavar="ID")
@click.option("--lang", default="es-en-fr", show_default=True, help="es, en, fr, or several: es-en-fr.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="The ZIP file.")
@click.pass_context
@reasons
def pack_cmd(ctx: click.Context, process_slug: str, number: int, lang: str, output: Path | None) -> None:
    """The session pack of meeting ID of SLUG as a ZIP: the clean and tracked texts, the status list, the floor."""
    body, name = pack_file(store(ctx), SYSTEM, process_slug, number, lang)
    target = output or Path(name)
    target.write_bytes(body)
    click.echo(f"wrote {target} ({len(body)} bytes)")
