"""Processes, their members and delegations: `accord process`, `member`, `delegation` and `renumber`."""

from __future__ import annotations

import click

from ..domain.consultations.consultations import MemberDraft, ProcessDraft
from ..domain.delegations.delegations import AddDelegation
from ..services import (
    delegations,
    processes,
)
from ..services.actor import SYSTEM
from ..services.declaration import references
from .base import (
    main,
    per_language,
    reasons,
    store,
)


@main.group()
def process() -> None:
    """Processes."""


@process.command("create")
@click.argument("slug")
@click.option("--title", required=True, help="Title in the source language.")
@click.option("--title-es", default="", help="Title in Spanish (if not the source language).")
@click.option("--title-en", default="", help="Title in English (if not the source language).")
@click.option("--title-fr", default="", help="Title in French (if not the source language).")
@click.option("--source", default="es", show_default=True, help="Source language (es, en or fr).")
@click.option("--languages", default="es,en,fr", show_default=True, help="Languages of the process, comma-separated.")
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone, e.g. Europe/Istanbul.")
@click.option(
    "--place",
    "places",
    multiple=True,
    metavar="[LANG=]PLACE",
    help="The place of the date line in a language, e.g. --place 'en=Kütahya, Türkiye' (repeat it per language); "
    "without LANG=, the source language's.",
)
@click.pass_context
@reasons
def process_create(
    ctx: click.Context,
    slug: str,
    title: str,
    title_es: str,
    title_en: str,
    title_fr: str,
    source: str,
    languages: str,
    timezone: str,
    places: tuple[str, ...],
) -> None:
    """Create a process (add its committee with `accord member add`)."""
    titles = {"es": title_es, "en": title_en, "fr": title_fr, source.strip().lower(): title}
    command = ProcessDraft(
        slug=slug,
        titles={k: v for k, v in titles.items() if v},
        source_language=source,
        languages=tuple(languages.split(",")),
        timezone=timezone,
        places=per_language(places, source),
    )
    view = processes.create_process(store(ctx), None, command)
    click.echo(f"created process {view.slug} ({view.source_language}; {', '.join(view.languages)}; {view.timezone})")


@process.command("archive")
@click.argument("slug")
@click.option("--undo", is_flag=True, help="Take the process out of the archive.")
@click.pass_context
@reasons
def process_archive(ctx: click.Context, slug: str, undo: bool) -> None:
    """Archive a finished process: read-only for all, its published text still public (--undo: in use again)."""
    view = processes.archive_process(store(ctx), SYSTEM, slug, not undo)
    click.echo(f"{view.slug}: {'archived' if view.archived_at else 'in use'}")


@process.command("delete")
@click.argument("slug")
@click.option("--confirm", metavar="SLUG", default=None, help="The slug again, to run without being asked for it.")
@click.option("--keep-published", is_flag=True, help="Its publications stay public at their addresses.")
@click.pass_context
@reasons
def process_delete(ctx: click.Context, slug: str, confirm: str | None, keep_published: bool) -> None:
    """Delete a process for good: it is gone at once for everyone, then its rows and stored files are removed (its
    publications stay public with --keep-published). Asks to type the slug again unless --confirm gives it. A
    process whose deletion was cut short (a crash) is removed to the end."""
    db = store(ctx)
    process_id = processes.deleted_process_id(db, slug)
    if process_id is not None:
        if keep_published and (marked := processes.marked_deleted(db, process_id)) and not marked[1]:
            raise click.ClickException(  # its removal is under way: what it removed of them is gone
                f"{slug} was deleted without keeping its publications: --keep-published cannot keep them now"
            )
        click.echo(f"{slug}: deleted already; removing what is left of it")
    else:
        if confirm is None:
            confirm = click.prompt(f"Type {slug} to delete it and everything it holds", default="", show_default=False)
        done = processes.delete_process(db, SYSTEM, slug, confirm.strip(), keep_published)
        click.echo(f"{slug}: deleted{', its publications kept public' if done.keep_published else ''}")
        process_id = processes.deleted_process_id(db, slug)
    removed = processes.remove_deleted_process(db, process_id) if process_id is not None else None
    if removed is None:  # a worker finished it meanwhile
        click.echo("nothing left to remove")
        return
    for table, count in sorted(removed.rows.items()):
        click.echo(f"  {table}: {count:,}")
    objects = f", {removed.objects:,} of them from the object store" if removed.objects else ""
    click.echo(f"removed {removed.total:,} rows and {removed.files:,} stored files{objects}")


@process.command("list")
@click.pass_context
@reasons
def process_list(ctx: click.Context) -> None:
    """List processes."""
    for view in processes.list_processes(store(ctx), SYSTEM):
        click.echo(f"{view.slug}\t{view.phase}\t{view.titles.get(view.source_language, '')}")


@main.group()
def member() -> None:
    """Members of a process and their roles."""


@member.command("add")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("email")
@click.option("--role", required=True, help="committee, member, translator or observer.")
@click.option("--name", default="", help="Name, if the account is new.")
@click.option("--languages", default="", help="For translators: the languages they translate into (e.g. en,fr).")
@click.option("--reviews", default="", help="For a translator who has joined: the languages they may also approve in.")
@click.pass_context
@reasons
def member_add(
    ctx: click.Context, process_slug: str, email: str, role: str, name: str, languages: str, reviews: str
) -> None:
    """Give EMAIL a ROLE in PROCESS: a member's role changes; anyone else gets an invitation link."""
    command = MemberDraft(
        email=email, role=role, name=name, languages=tuple(languages.split(",")), reviews=tuple(reviews.split(","))
    )
    view = processes.set_member(store(ctx), SYSTEM, process_slug, command)
    extra = (
        f" ({', '.join(view.languages)}" + (f"; reviews {', '.join(view.reviews)}" if view.reviews else "") + ")"
        if view.languages
        else ""
    )
    if view.invitation:
        until = view.expires_at.date().isoformat() if view.expires_at else ""
        click.echo(
            f"invited {view.email} as {view.role}{extra} to {process_slug}: send them {view.invitation} "
            f"(on this server's address; works once, until {until})"
        )
    else:
        click.echo(f"{view.email} is {view.role}{extra} in {process_slug}")


@main.group()
def delegation() -> None:
    """The delegations of a process: who negotiates."""


@delegation.command("add")
@click.argument("process_slug", metavar="SLUG")
@click.argument("code")
@click.option("--name-es", default="", help="Its name in Spanish.")
@click.option("--name-en", default="", help="Its name in English.")
@click.option("--name-fr", default="", help="Its name in French.")
@click.option(
    "--kind",
    default="member_state",
    help="member_state, city, region, network, organisation or group (default member_state).",
)
@click.pass_context
@reasons
def delegation_add(
    ctx: click.Context, process_slug: str, code: str, name_es: str, name_en: str, name_fr: str, kind: str
) -> None:
    """Add the delegation CODE (ARG, G-77 …) to SLUG, named in the process's languages (its source language's
    name is required)."""
    names = {lang: name for lang, name in (("es", name_es), ("en", name_en), ("fr", name_fr)) if name}
    command = AddDelegation(code=code, names=names, kind=kind)
    view = delegations.add_delegation(store(ctx), SYSTEM, process_slug, command)
    click.echo(
        f"added {view.code} ({view.kind}) to {process_slug}: " + "; ".join(f"{k}={v}" for k, v in view.names.items())
    )


@delegation.command("list")
@click.argument("process_slug", metavar="SLUG")
@click.pass_context
@reasons
def delegation_list(ctx: click.Context, process_slug: str) -> None:
    """The delegations of SLUG: code, kind, members, names."""
    for view in delegations.list_delegations(store(ctx), SYSTEM, process_slug):
        names = "; ".join(f"{k}={v}" for k, v in view.names.items())
        click.echo(f"{view.code}\t{view.kind}\t{view.members}\t{names}")


@main.command("renumber")
@click.argument("process_slug", metavar="SLUG")
@click.pass_context
@reasons
def renumber(ctx: click.Context, process_slug: str) -> None:
    """Number SLUG's working draft cleanly now (PP 1 …, OP 1 …, no bis, no [deleted]); prints the crosswalk of
    the references that changed, old -> new."""
    view = references.renumber_draft(store(ctx), SYSTEM, process_slug)
    changed = [row for row in view.rows if row.old != row.new]
    for row in changed:
        click.echo(f"{(row.old or '-').replace(chr(160), ' ')} -> {(row.new or '-').replace(chr(160), ' ')}\t{row.eid}")
    click.echo(f"renumbered the working draft of {process_slug}: {len(changed)} of {len(view.rows)} references changed")
