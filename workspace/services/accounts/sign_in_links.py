"""A link to sign in by mail (issue 36), for people without a password (imported, invited, or who never chose one)
and for anyone who prefers it: single-use, valid for half an hour. Asking answers the same whether the address has
an account or not, and is throttled with the links to choose a password (services.accounts.password_resets)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...store.models import User
from ..actor import Actor
from ..unit import reads, use_case
from .password_resets import mail_link, take_link, valid_link
from .users import actor_of

PATH = "/sign-in-link/"


@use_case
def request_sign_in_link(tx: Session, email: str, locale: str, address: str = "") -> None:
    """Mail a link to sign in to the account of `email`, if it has one that may sign in and neither it nor `address`
    asked too often; say nothing either way (InvalidInput only for what cannot be an address)."""
    mail_link(tx, email, locale, address, "sign_in")


@reads
def check_sign_in_link(tx: Session, token: str) -> str:
    """The address the link `token` signs in (404 if it is used, expired or unknown): the page shows it and asks for
    a click, so that a mail program opening links to look at them uses none."""
    return valid_link(tx, token, "sign_in")[1].email


@use_case
def use_sign_in_link(tx: Session, token: str) -> Actor:
    """Use the link (once): the person it signs in."""
    user: User = take_link(tx, token, "sign_in")
    return actor_of(user)
