"""The `accord` command: the administrative side of Accord, scriptable by a secretariat.

Every command reads the database from ACCORD_DATABASE_URL, prints what it did, and exits
non-zero with a one-line reason on error.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
import msgspec
from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from . import i18n
from .domain.amendments.amendment_commands import ImportWord
from .domain.consultations.consultations import MemberDraft, ProcessDraft
from .domain.declaration import compare_render
from .domain.declaration.declaration_commands import ImportVersion, WordVersion
from .domain.delegations.delegations import AddDelegation
from .domain.diffing import wire
from .domain.errors import AccordError, ImportRefused, NotFound
from .domain.submissions.submissions import CompileSubmissions
from .services import (
    accounts,
    amendments,
    backups,
    brackets,
    delegations,
    processes,
    publication,
    submissions,
    transfer,
    translations,
)
from .services.actor import SYSTEM
from .services.amendments import rendering_exchange
from .services.declaration import importing, references, versions
from .services.publication.rendering import RenderFailed
from .services.transfer import scaled_demo
from .services.unit import open_store
from .settings import ROOT, Settings, data_folder, documented_settings
from .store import migrate
from .store.blobs import ChangedFile

F = TypeVar("F", bound=Callable[..., Any])
DEMO_PASSWORD = "accord-demo"
DEMO_ADMIN = "admin@demo.accord"


def fail(message: str) -> None:
    click.echo(f"accord: error: {message}", err=True)
    sys.exit(1)


def reasons(fn: F) -> F:
    """Turn every expected failure into one line on stderr and exit status 1."""

    @wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except AccordError as exc:
            for other in getattr(exc, "also", ()):  # every refusal of a file, not only the first
                click.echo(f"accord: error: {other.render(i18n.translate)}", err=True)
            fail(exc.render(i18n.translate))
        except SQLAlchemyError as exc:
            fail(f"database: {str(exc.orig if hasattr(exc, 'orig') and exc.orig else exc).splitlines()[0]}")
        except (OSError, ChangedFile, RenderFailed) as exc:
            fail(str(exc))

    return run  # type: ignore[return-value]


def store(ctx: click.Context) -> Any:
    settings: Settings = ctx.obj
    try:
        return open_store(settings.database_url, storage_url=settings.storage_url)
    except ValueError as exc:  # a malformed ACCORD_STORAGE_URL
        fail(str(exc))


def _settings_help() -> str:
    return "\n".join(f"  {env:<24} {text}" for env, _default, text in documented_settings())


@click.group(epilog=f"Settings (environment):\n{_settings_help()}")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Accord: drafting trilingual declarations out of consultations."""
    ctx.obj = Settings.from_env()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=None, type=int, help="[default: ACCORD_PORT, else 8000]")
@click.option("--workers", default=1, show_default=True, type=int)
def serve(host: str, port: int | None, workers: int) -> None:
    """Serve the web app and the API."""
    import uvicorn

    settings: Settings = click.get_current_context().obj
    port = port or settings.port
    # The app is made again in the server process, from the environment: it learns the port there, and an unset
    # public URL (the links in mails) follows it.
    os.environ["ACCORD_PORT"] = str(port)
    if workers > 1 and not settings.secret_key and data_folder(settings.database_url) is None:
        # Each worker would make up its own key: sessions and forms would fail at random.
        fail("several workers need a shared secret: set ACCORD_SECRET_KEY (the same for every worker and machine)")

    try:
        settings.check_oidc()
    except ValueError as exc:  # half a configuration of the organisation's OpenID provider
        fail(str(exc))
    click.echo(f"Accord on http://{host}:{port} (API documentation at /schema)")
    # The client's address is the peer's unless the peer is a proxy we were told to trust (uvicorn's own
    # default would believe X-Forwarded-For from 127.0.0.1, letting anyone there choose their address).
    proxies = settings.proxies
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "log_level": "info",
        # Accord's own line is the access log (web/access_log.py: the route's template, never the path or query);
        # uvicorn's printed both, with the tokens of mailed links and OpenID codes, and the client's address.
        "access_log": False,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
        # A stop waits for requests under way, not for event streams held open for minutes.
        "timeout_graceful_shutdown": settings.shutdown_seconds,
    }
    if workers == 1:
        uvicorn.run("workspace.web.app:app_from_env", **options)
        return
    from .serving import serve as serve_workers  # each worker on a socket of its own

    try:
        with _metrics_folder():
            serve_workers(uvicorn.Config("workspace.web.app:app_from_env", **options))
    except OSError as exc:  # the address is taken, or not this machine's
        fail(f"cannot listen on {host}:{port}: {exc.strerror}")


@contextmanager
def _metrics_folder() -> Iterator[None]:
    """Several workers: each writes its metrics to files in one folder, and GET /metrics, whichever worker answers
    it, sums them all (workspace/metrics.py). A folder of this run's own, removed at the end, unless the operator
    named one in PROMETHEUS_MULTIPROC_DIR (shared with an `accord worker` of this machine, say)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="accord-metrics-") as folder:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder  # the workers are started after this, and inherit it
        try:
            yield
        finally:
            del os.environ["PROMETHEUS_MULTIPROC_DIR"]


@main.command()
@click.option(
    "--concurrency",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads taking jobs at once in this process.",
)
@click.option(
    "--schedule/--no-schedule",
    default=True,
    show_default=True,
    help="Also run each minute's sweep, reminders and digests (they run once per period across all workers).",
)
@click.pass_context
@reasons
def worker(ctx: click.Context, concurrency: int, schedule: bool) -> None:
    """Run jobs (mails, digests, reminders, publication files) until stopped; start as many as needed,
    on any machines that share the database and the queue (ACCORD_QUEUE_URL)."""
    import logging

    from .worker import Jobs

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings: Settings = ctx.obj
    try:
        jobs = Jobs(settings, store(ctx))
    except ValueError as exc:  # a malformed ACCORD_QUEUE_URL or ACCORD_SMTP_URL
        fail(str(exc))
    click.echo(
        f"accord worker: {concurrency} threads on {type(jobs.huey).__name__} "
        f"({'with' if schedule else 'without'} the schedule); mails {_mail_route(settings)}"
    )
    jobs.run_pending()  # what waited while no worker ran
    jobs.consumer(concurrency, schedule).run()


def _mail_route(settings: Settings) -> str:
    from .settings import mail_folder

    if settings.smtp_url:
        from urllib.parse import urlsplit

        parts = urlsplit(settings.smtp_url)
        return f"through {parts.scheme}://{parts.hostname}:{parts.port or ''}".rstrip(":")
    return f"written to {mail_folder(settings)}"


@main.group()
def mail() -> None:
    """E-mail: check that the settings deliver."""


@mail.command("test")
@click.argument("email")
@click.pass_context
@reasons
def mail_test(ctx: click.Context, email: str) -> None:
    """Send one message to EMAIL through the settings (ACCORD_SMTP_URL, ACCORD_MAIL_FROM), now."""
    from .mail import DeliveryError, Mail, build, new_message_id, transport_for
    from .services.notifications.outward import Outward
    from .settings import mail_folder

    settings: Settings = ctx.obj
    out = Outward(settings.public_url, settings.secret_key)
    try:
        message = build(
            Mail(
                to=email,
                subject="Accord: test message",
                text=f"This message checks that Accord at {settings.public_url} can send mail.\n",
                html=None,
                message_id=new_message_id("test", out.domain),
            ),
            settings.mail_from,
        )
        transport_for(settings.smtp_url, mail_folder(settings)).send(message)
    except (ValueError, DeliveryError) as exc:
        fail(f"mail not sent: {exc}")
    click.echo(f"sent a test message to {email} {_mail_route(settings)}")


@main.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.argument("revision", default="head")
@click.pass_context
@reasons
def db_upgrade(ctx: click.Context, revision: str) -> None:
    """Migrate the database up to REVISION (default: head)."""
    migrate.upgrade(ctx.obj.database_url, revision)
    click.echo(f"database at {revision}: {_safe_url(ctx.obj.database_url)}")


@db.command("downgrade")
@click.argument("revision")
@click.pass_context
@reasons
def db_downgrade(ctx: click.Context, revision: str) -> None:
    """Migrate the database down to REVISION (`base` empties it)."""
    migrate.downgrade(ctx.obj.database_url, revision)
    click.echo(f"database at {revision}: {_safe_url(ctx.obj.database_url)}")


@db.command("check")
@click.pass_context
@reasons
def db_check(ctx: click.Context) -> None:
    """Fail if the models and the migrations differ."""
    try:
        migrate.check(ctx.obj.database_url)
    except CommandError as exc:  # alembic's AutogenerateDiffsDetected, or its other refusals
        fail(str(exc).splitlines()[0])
    click.echo("models and migrations agree")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@main.group()
def user() -> None:
    """Accounts."""


@user.command("add")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
@click.option(
    "--password", envvar="ACCORD_PASSWORD", help="Password (or ACCORD_PASSWORD); prompted if omitted on a terminal."
)
@click.option("--admin", is_flag=True, help="Global administrator.")
@click.pass_context
@reasons
def user_add(ctx: click.Context, email: str, name: str, password: str | None, admin: bool) -> None:
    """Create an account."""
    if password is None and sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    view = accounts.add_user(store(ctx), SYSTEM, email, name, password, is_admin=admin)
    state = "can sign in" if view.can_sign_in else "no password yet: use `accord user set-password`"
    click.echo(f"added {view.email} ({view.name}{', admin' if view.is_admin else ''}; {state})")


@user.command("list")
@click.pass_context
@reasons
def user_list(ctx: click.Context) -> None:
    """List accounts."""
    for view in accounts.list_users(store(ctx), SYSTEM):
        flags = ["admin"] if view.is_admin else []
        if not view.can_sign_in:
            flags.append("no password")
        click.echo(f"{view.email}\t{view.name}\t{', '.join(flags)}")


@user.command("set-password")
@click.argument("email")
@click.option("--password", envvar="ACCORD_PASSWORD", help="New password (or ACCORD_PASSWORD); prompted if omitted.")
@click.pass_context
@reasons
def user_set_password(ctx: click.Context, email: str, password: str | None) -> None:
    """Set an account's password."""
    if password is None:
        if not sys.stdin.isatty():
            fail("give --password or ACCORD_PASSWORD when not on a terminal")
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    view = accounts.set_password(store(ctx), SYSTEM, email, password or "")
    click.echo(f"password set for {view.email}")


@user.command("disable")
@click.argument("email")
@click.option("--undo", is_flag=True, help="Enable the account again.")
@click.pass_context
@reasons
def user_disable(ctx: click.Context, email: str, undo: bool) -> None:
    """Disable an account: it cannot sign in, its sessions and personal tokens end at once (--undo: enable it)."""
    view = accounts.set_disabled(store(ctx), SYSTEM, email, not undo)
    click.echo(f"{view.email}: {'disabled' if view.disabled else 'enabled'}")


@user.command("erase")
@click.argument("email")
@click.option("--confirm", metavar="EMAIL", default=None, help="The address again, to run without being asked.")
@click.pass_context
@reasons
def user_erase(ctx: click.Context, email: str, confirm: str | None) -> None:
    """Erase an account for good: the person's name and address go, with their sessions, tokens, mails and
    memberships; what they wrote stays, shown as by "a former member" (or their delegation). Asks to type the address
    again unless --confirm gives it."""
    if confirm is None:
        confirm = click.prompt(f"Type {email} to erase this account", default="", show_default=False)
    if confirm.strip().lower() != email.strip().lower():
        fail(f"not erased: the address typed is not {email}")
    accounts.erase_account(store(ctx), SYSTEM, email)
    click.echo(f"{email}: erased")


def _per_language(given: tuple[str, ...], default: str | None = None) -> dict[str, str]:
    """`--place en=Kütahya, Türkiye` given per language; without `LANG=`, the `default` language's
    (a value's own `=` is kept: only a language code before the first `=` is read as one)."""
    found: dict[str, str] = {}
    for item in given:
        code, sep, text = item.partition("=")
        if sep and len(code.strip()) <= 3 and code.strip().isalpha():
            found[code.strip()] = text
        elif default is not None:
            found[default.strip().lower()] = item
        else:
            fail(f"--place {item!r}: give the language, e.g. --place 'en={item}'")
    return found


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
        places=_per_language(places, source),
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


@main.command("import")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
@reasons
def import_cmd(ctx: click.Context, folder: Path) -> None:
    """Import a process from a folder of drafts (all or nothing)."""
    report = transfer.import_folder(store(ctx), None, folder)
    click.echo(
        f"imported {report.slug}: {report.members} members, {report.sessions} sessions, "
        f"{report.recommendations} recommendations, {report.versions} versions"
    )


@main.command("export")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
@reasons
def export_cmd(ctx: click.Context, process_slug: str, folder: Path) -> None:
    """Export PROCESS to FOLDER as plain files (process.toml, sessions/, recommendations/)."""
    report = transfer.export_folder(store(ctx), None, process_slug, folder)
    click.echo(
        f"exported {report.slug} to {folder}: {report.members} members, {report.sessions} sessions, "
        f"{report.recommendations} recommendations, {report.versions} versions"
    )


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
@reasons
def backup_cmd(ctx: click.Context, file: Path) -> None:
    """Write one consistent archive of everything to FILE while the server runs (database, stored files, manifest)."""
    try:
        made = backups.write_backup(ctx.obj, file)
    except (backups.BackupRefused, ValueError) as exc:
        fail(str(exc))
    click.echo(
        f"backed up the {made.backend} database to {file}: {backups.counts_said(made.counts)}, "
        f"{len(made.objects)} stored files, revision {made.alembic_revision}, {file.stat().st_size:,} bytes"
    )


@main.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.pass_context
@reasons
def restore_cmd(ctx: click.Context, file: Path) -> None:
    """Restore the archive FILE (made by `accord backup`) into the empty database, then check it."""
    try:
        done = backups.restore_backup(ctx.obj, file)
    except (backups.BackupRefused, ValueError) as exc:
        fail(f"not restored: {exc}")
    made = done.manifest
    click.echo(
        f"restored {file} (made {made.created_at} by Accord {made.accord_version}) into "
        f"{_safe_url(ctx.obj.database_url)}: {backups.counts_said(made.counts)}, {done.objects} stored files; "
        "the counts match the manifest"
    )
    if done.migrated_to:
        click.echo(f"migrated from {made.alembic_revision} to {done.migrated_to}")
    if made.secret_key_present and not done.secret_key_here:
        click.echo(
            "note: the backed-up server had a secret key, which backups never hold; set ACCORD_SECRET_KEY (or copy "
            "secret.key beside the database) to the same key, or people sign in again"
        )


@main.command()
@click.option(
    "--drafts", default=str(ROOT / "drafts"), show_default=True, type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--scale",
    default=None,
    metavar="large|huge|N",
    help="Instead, generate a process at scale: large (3,000 paragraphs in three languages, 12 versions, 3,000 "
    "threads, 800 amendments, 400 recommendations, 150 members), huge (ten times more), or N paragraphs "
    "in the same proportions.",
)
@click.pass_context
@reasons
def demo(ctx: click.Context, drafts: Path, scale: str | None) -> None:
    """Load the demo processes from drafts/ into an empty database, and print the demo accounts."""
    db = store(ctx)
    if scale is not None:
        sized = scaled_demo.parse_scale(scale)
        click.echo(
            f"generating {scaled_demo.slug_of(sized)}: {sized.paragraphs:,} paragraphs, {sized.versions} versions, "
            f"{sized.threads:,} threads, {sized.amendments:,} amendments, {sized.recommendations:,} recommendations, "
            f"{sized.members:,} members"
        )
        taken = scaled_demo.build_scaled_demo(db, sized, say=lambda line: click.echo(f"  {line}"))
        for view in accounts.list_users(db, SYSTEM):
            if view.email.endswith(f".{sized.name}@demo.accord"):  # its committee, translators and observer sign in
                accounts.set_password(db, SYSTEM, view.email, DEMO_PASSWORD)
        click.echo(f"done in {sum(taken.values()):.1f} s")
    elif not processes.list_processes(db, SYSTEM):
        for folder in sorted(p for p in drafts.iterdir() if (p / "process.toml").is_file()):
            report = transfer.import_folder(db, None, folder)
            click.echo(
                f"loaded {report.slug}: {report.sessions} sessions, {report.recommendations} recommendations, "
                f"{report.versions} versions"
            )
        if DEMO_ADMIN not in {u.email for u in accounts.list_users(db, SYSTEM)}:
            accounts.add_user(db, SYSTEM, DEMO_ADMIN, "Administración Accord", None, is_admin=True)
        for view in accounts.list_users(db, SYSTEM):
            if view.email.endswith("@demo.accord"):
                accounts.set_password(db, SYSTEM, view.email, DEMO_PASSWORD)
    else:
        click.echo("demo already loaded (the database has processes)")
    click.echo(f"\nDemo accounts (password: {DEMO_PASSWORD}):")
    for view in accounts.list_users(db, SYSTEM):
        if view.email.endswith("@demo.accord"):
            click.echo(f"  {view.email:<32} {view.name}")


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
) -> None:
    """Import FILE (Markdown) as the next version of PROCESS, matching its paragraphs to the last ones."""
    word = file.read_bytes() if file.suffix.lower() == ".docx" else None  # the committee's revised draft in Word
    text = "" if word is not None else _text(file)
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
        _unit_lines(exc.report["units"], err=True)
        raise
    _unit_lines([msgspec.to_builtins(u) for u in report.units])
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


def _text(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        fail(f"{file}: not UTF-8 text")
        raise


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
        _unit_lines(exc.report["units"], err=True)
        raise
    _unit_lines([msgspec.to_builtins(u) for u in report.units])
    click.echo(
        f"{report.language} {report.version}: {report.imported} updated, {report.unchanged} unchanged"
        + (f", outdated: {', '.join(report.outdated)}" if report.outdated else "")
        + (f", not in the file: {', '.join(report.not_in_file)}" if report.not_in_file else "")
    )


def _unit_lines(units: list[dict[str, Any]], err: bool = False) -> None:
    """One line per unit of an imported file: its line, its eId, what became of it, its state, why if refused."""
    for u in units:
        click.echo(
            "\t".join(
                [str(u["line"] or ""), u["eid"], u["outcome"], u["state"], *([u["reason"]] if u["reason"] else [])]
            ),
            err=err,
        )


@main.command("publish")
@click.argument("process_slug", metavar="PROCESS")
@click.argument("version", metavar="VERSION")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder to write the files in.",
)
@click.option(
    "--symbol", default=None, help="The document symbol (default: from the process's slug, e.g. KUTAHYA/2021/DECL)."
)
@click.option("--date", "day", default=None, help="The date of the date line (YYYY-MM-DD); default: today.")
@click.option(
    "--place",
    "places",
    multiple=True,
    metavar="LANG=PLACE",
    help="The place of the date line in a language, e.g. --place 'fr=Kütahya, Turquie'; default: the process's.",
)
@click.pass_context
@reasons
def publish_cmd(
    ctx: click.Context,
    process_slug: str,
    version: str,
    out: Path,
    symbol: str | None,
    day: str | None,
    places: tuple[str, ...],
) -> None:
    """Publish VERSION of PROCESS (after the same gate as the pages), unless it is published already,
    and write every file of its publication into OUT: PDF, Word, HTML, Markdown, Akoma Ntoso and
    JSON, per language and trilingual, each named with its languages (kutahya-2021.fr.pdf …)."""
    db = store(ctx)
    number = _published_number(db, process_slug, version)
    if number is None:
        made = publication.publish(
            db,
            SYSTEM,
            process_slug,
            publication.Publish(
                version=version,
                symbol=symbol or "/".join(process_slug.upper().split("-")) + "/DECL",
                date=day,
                places=_per_language(places),
            ),
        )
        click.echo(f"published {made.symbol} ({made.version}) as publication {made.number}")
        number = made.number
    elif symbol or day or places:
        fail(f"{version} of {process_slug} is published already: its files are written as they were published")
    out.mkdir(parents=True, exist_ok=True)
    for stored in publication.publication_files(db, process_slug, number):  # the bytes kept when it was published
        with publication.file_content(db, stored) as content, (out / stored.name).open("wb") as target:
            shutil.copyfileobj(content, target)
        click.echo(f"wrote {out / stored.name}  sha256:{stored.sha256}")


def _published_number(db: Any, process_slug: str, version: str) -> int | None:
    """The latest publication of VERSION (its label or number), if there is one."""
    try:
        found = publication.publications(db, process_slug)
    except NotFound:
        return None
    labels = {v.label.lower(): str(v.number) for v in versions.list_versions(db, SYSTEM, process_slug)}
    wanted = labels.get(version.lower(), version)
    matching = [p.number for p in found if str(labels.get(p.version.lower(), p.version)) == wanted]
    return matching[-1] if matching else None


if __name__ == "__main__":
    main()
