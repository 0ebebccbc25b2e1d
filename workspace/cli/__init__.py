"""The `accord` command: the administrative side of Accord, scriptable by a secretariat.

Every command reads the database from ACCORD_DATABASE_URL, prints what it did, and exits
non-zero with a one-line reason on error. Each module holds a group of commands; importing it adds them to `main`.
"""

from . import (  # noqa: F401  (each adds its commands to the group)
    amendments,
    database,
    folders,
    keys,
    meetings,
    negotiation,
    processes,
    publication,
    running,
    search,
    translations,
    users,
    verification,
    versions,
)
from .base import main

__all__ = ["main"]
