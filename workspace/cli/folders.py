"""Whole processes in and out: drafts folders, backups and the demo (`accord import`, `export`, `backup`, `restore`,
`demo`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..services import (
    accounts,
    backups,
    processes,
    transfer,
)
from ..services.actor import SYSTEM
from ..services.transfer import scaled_demo
from ..settings import ROOT
from .base import (
    DEMO_ADMIN,
    DEMO_PASSWORD,
    fail,
    main,
    reasons,
    safe_url,
    store,
)


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
        f"{safe_url(ctx.obj.database_url)}: {backups.counts_said(made.counts)}, {done.objects} stored files; "
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
