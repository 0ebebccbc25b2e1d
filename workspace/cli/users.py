"""Accounts: `accord user add`, `list`, `set-password`, `disable` and `erase`."""

from __future__ import annotations

import sys

import click

from ..services import (
    accounts,
)
from ..services.actor import SYSTEM
from .base import (
    fail,
    main,
    reasons,
    store,
)


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
