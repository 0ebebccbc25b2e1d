"""The person acting: who is signed in, who owns the API token, or the server's own command line."""

from __future__ import annotations

from msgspec import Struct


class Actor(Struct, frozen=True):
    """The person acting: who is signed in, or who owns the API token."""

    id: int
    email: str
    name: str
    is_admin: bool = False
    locale: str | None = None


SYSTEM = Actor(id=0, email="", name="accord", is_admin=True)
"""The server's own command line: an administrator that is no account (its id is never stored)."""
