"""What a backup archive holds, and the facts both ends read from a database: its kind, its tables' counts,
its Alembic revision, its publication files kept in an object store.

An archive is a tar file (Python's tarfile, no compression: PostgreSQL's dump is compressed already) whose
first member is `manifest.json`; every other member is named in it with its size and SHA-256, so a restore
can tell a damaged, truncated or tampered archive before it writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from typing import Any

import msgspec
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

FORMAT = "accord-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRESQL_MEMBER = "database.pgdump"
OBJECTS = "objects/"
"""Publication files kept in an object store, one member each, named by their SHA-256."""


class BackupRefused(RuntimeError):
    """A backup that cannot be made, or an archive that will not be restored: the message says why."""


class Member(msgspec.Struct, frozen=True, kw_only=True):
    size: int
    sha256: str


class StoredObject(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    sha256: str
    media_type: str


class Manifest(msgspec.Struct, frozen=True, kw_only=True):
    format: str
    accord_version: str
    alembic_revision: str
    backend: str
    created_at: str
    counts: dict[str, int]
    secret_key_present: bool
    members: dict[str, Member]
    objects: list[StoredObject] = []

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def decode_manifest(raw: bytes) -> Manifest:
    """The manifest in `raw`, or BackupRefused naming what is wrong with it."""
    try:
        shape: Any = msgspec.json.decode(raw)
    except msgspec.DecodeError as exc:
        raise BackupRefused(f"the archive's manifest is not JSON ({exc})") from None
    except RecursionError:  # msgspec's decoder gives up on a deep nesting so, never with a DecodeError
        raise BackupRefused("the archive's manifest is nested too deeply to be read") from None
    if not isinstance(shape, dict) or shape.get("format") != FORMAT:
        found = shape.get("format") if isinstance(shape, dict) else None
        raise BackupRefused(f"the archive's manifest has an unknown format {found!r} (this Accord reads {FORMAT!r})")
    try:
        return msgspec.json.decode(raw, type=Manifest)
    except msgspec.ValidationError as exc:
        raise BackupRefused(f"the archive's manifest is malformed: {exc}") from None


def encode_manifest(manifest: Manifest) -> bytes:
    return msgspec.json.format(msgspec.json.encode(manifest), indent=2) + b"\n"


def accord_version() -> str:
    try:
        return metadata.version("accord-workspace")
    except metadata.PackageNotFoundError:
        return "unknown"


def backend_of(database_url: str) -> str:
    """`sqlite` or `postgresql`, from the database URL (BackupRefused for any other)."""
    name = make_url(database_url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupRefused(f"backups know SQLite and PostgreSQL databases, not {name}")
    return name


def table_names(conn: Connection) -> list[str]:
    """Every table of Accord's schema (the job queue's too), but Alembic's own and SQLite's full-text tables (the
    search index's FTS5 table and its shadows: made from `search_entries`, in the file a backup copies)."""
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    found = (name for (name,) in conn.execute(text(query)))
    return sorted(name for name in found if name != "alembic_version" and not name.startswith("search_fts"))


def table_counts(conn: Connection) -> dict[str, int]:
    """The number of rows of each table, as `conn`'s transaction sees them."""
    return {name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in table_names(conn)}


def alembic_revision(conn: Connection) -> str:
    """The schema's Alembic revision ("" when the database was never migrated)."""
    if conn.dialect.name == "sqlite":
        query = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    else:
        query = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
    if not conn.execute(text(query)).scalar_one():
        return ""
    return ",".join(sorted(r for (r,) in conn.execute(text("SELECT version_num FROM alembic_version"))))


def stored_objects(conn: Connection) -> list[StoredObject]:
    """The publication files kept in an object store (their rows name the key and the SHA-256)."""
    if "publication_files" not in table_names(conn):
        return []
    rows = conn.execute(
        text(
            "SELECT DISTINCT object_key, sha256, media_type FROM publication_files "
            "WHERE object_key IS NOT NULL ORDER BY object_key"
        )
    )
    return [StoredObject(key=key, sha256=sha, media_type=media) for key, sha, media in rows]


def counts_said(counts: dict[str, int]) -> str:
    """`12,345 rows (activities 4,000, comments 3,000, …)`: the total and the largest tables."""
    largest = sorted(((n, t) for t, n in counts.items() if n), reverse=True)[:4]
    detail = ", ".join(f"{table} {n:,}" for n, table in largest)
    more = ", …" if sum(1 for n in counts.values() if n) > len(largest) else ""
    return f"{sum(counts.values()):,} rows" + (f" ({detail}{more})" if detail else "")


@dataclass(frozen=True)
class Facts:
    """What a database holds, read in one transaction."""

    counts: dict[str, int]
    revision: str
    objects: list[StoredObject]


def facts_of(conn: Connection) -> Facts:
    return Facts(table_counts(conn), alembic_revision(conn), stored_objects(conn))
