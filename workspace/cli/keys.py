"""The instance's signing keys: `accord keys init`, `rotate` and `list` (issue 64). Each prints the public key as
minisign's `.pub` file holds it: what a reader verifies a publication's manifest with (`minisign -V -p`)."""

from __future__ import annotations

import click

from ..domain.publication.signing import public_file
from ..services import signing
from .base import main, reasons, store


@main.group()
def keys() -> None:
    """The Ed25519 keys that sign publications' manifests (minisign's formats)."""


def _said(key: signing.KeyView) -> str:
    until = f" until {key.retired_at:%Y-%m-%d %H:%M}" if key.retired_at else " (signs now)"
    return f"{key.key_id}  since {key.created_at:%Y-%m-%d %H:%M}{until}"


@keys.command("init")
@click.pass_context
@reasons
def keys_init(ctx: click.Context) -> None:
    """Make the instance's signing key, once (nothing changes if it has one); print its public key."""
    key, made = signing.init_key(store(ctx))
    click.echo(f"{'made' if made else 'already made'}: {_said(key)}")
    click.echo(public_file(key.public_key, key.key_id), nl=False)


@keys.command("rotate")
@click.pass_context
@reasons
def keys_rotate(ctx: click.Context) -> None:
    """Make a new signing key and retire the current one (what it signed stays verifiable with it)."""
    new, old = signing.rotate_key(store(ctx))
    if old is not None:
        click.echo(f"retired: {_said(old)}")
    click.echo(f"made: {_said(new)}")
    click.echo(public_file(new.public_key, new.key_id), nl=False)


@keys.command("list")
@click.pass_context
@reasons
def keys_list(ctx: click.Context) -> None:
    """Every key the instance has signed with, the current one last, with its public key."""
    found = signing.list_keys(store(ctx))
    if not found:
        click.echo("no signing key yet: `accord keys init` makes one (or the first publication does)")
    for key in found:
        click.echo(f"{_said(key)}  {key.public_key}")
