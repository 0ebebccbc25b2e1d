"""`accord backup FILE`: one consistent archive of a running Accord.

Consistent while people keep writing: SQLite's online backup API copies the live file in one step under a
read transaction (WAL: writers go on meanwhile); PostgreSQL's dump reads a snapshot exported by a REPEATABLE
READ transaction, and the manifest's counts and object keys are read in that same snapshot. Publication
files in an object store are named by their content and never change nor go, so copying them after the
snapshot copies exactly what its rows name. The archive is written beside FILE and renamed into place:
FILE is whole or absent, never half-written.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from ...settings import Settings, data_folder
from ...store.blobs import CHUNK
from ...store.objects import ObjectStore
from .manifest import (
    FORMAT,
    MANIFEST,
    OBJECTS,
    POSTGRESQL_MEMBER,
    SQLITE_MEMBER,
    BackupRefused,
    Facts,
    Manifest,
    Member,
    accord_version,
    backend_of,
    encode_manifest,
    facts_of,
)


def write_backup(settings: Settings, file: Path) -> Manifest:
    """Write the archive of everything Accord keeps (database, stored files, manifest) to `file`."""
    backend = backend_of(settings.database_url)
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=file.parent, prefix=".accord-backup-") as work:
        folder = Path(work)
        created_at = datetime.now(UTC).isoformat(timespec="seconds")
        if backend == "sqlite":
            name, facts = SQLITE_MEMBER, _sqlite_copy(settings.database_url, folder / SQLITE_MEMBER)
        else:
            name, facts = POSTGRESQL_MEMBER, _postgresql_dump(settings.database_url, folder / POSTGRESQL_MEMBER)
        files = {name: folder / name}
        files |= _stored_objects(settings, facts, folder)
        manifest = Manifest(
            format=FORMAT,
            accord_version=accord_version(),
            alembic_revision=facts.revision,
            backend=backend,
            created_at=created_at,
            counts=facts.counts,
            secret_key_present=secret_key_present(settings),
            members={
                member: Member(size=path.stat().st_size, sha256=sha256_of(path)) for member, path in files.items()
            },
            objects=facts.objects,
        )
        _write_archive(file, manifest, files)
    return manifest


def secret_key_present(settings: Settings) -> bool:
    """Does this server sign with a kept key (ACCORD_SECRET_KEY, or secret.key beside an SQLite database)?"""
    folder = data_folder(settings.database_url)
    return bool(settings.secret_key) or (folder is not None and (folder / "secret.key").is_file())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def connected(url: str | URL) -> Iterator[Connection]:
    """A connection of its own to `url` (no pool kept), closed after."""
    if isinstance(url, str) and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def sqlite_path(database_url: str) -> Path:
    path = make_url(database_url).database
    if not path or path == ":memory:":
        raise BackupRefused("an SQLite database in memory has no file to back up or restore into")
    return Path(path)


def _sqlite_copy(database_url: str, copy: Path) -> Facts:
    path = sqlite_path(database_url)
    if not path.is_file():
        raise BackupRefused(f"there is no database at {path}")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)  # every page in one step: one read transaction, one instant of the database
        target.execute("PRAGMA journal_mode=DELETE")  # one file, nothing beside it
    finally:
        target.close()
        source.close()
    with connected(f"sqlite:///{copy}") as conn:
        return facts_of(conn)


def libpq_target(database_url: str) -> tuple[str, dict[str, str]]:
    """The URL that pg_dump and pg_restore understand, and their environment: the password travels in
    PGPASSWORD, not on a command line that `ps` shows."""
    url = make_url(database_url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def run_tool(args: list[str], env: dict[str, str]) -> None:
    """Run pg_dump or pg_restore; BackupRefused with what it said when it fails or is missing."""
    if shutil.which(args[0]) is None:
        raise BackupRefused(f"{args[0]} is not installed (Debian: apt install postgresql-client)")
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = " ".join(done.stderr.strip().splitlines()[-3:]) or f"exit status {done.returncode}"
        raise BackupRefused(f"{args[0]} failed: {said}")


def _postgresql_dump(database_url: str, dump: Path) -> Facts:
    target, env = libpq_target(database_url)
    with connected(database_url) as conn:
        snapshot = conn.execution_options(isolation_level="REPEATABLE READ")
        with snapshot.begin():
            snapshot.execute(text("SET TRANSACTION READ ONLY"))
            exported = snapshot.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            facts = facts_of(snapshot)
            # pg_dump reads the same instant as the counts, while this transaction holds it open.
            run_tool(["pg_dump", "--format=custom", f"--snapshot={exported}", f"--file={dump}", target], env)
    return facts


def _stored_objects(settings: Settings, facts: Facts, folder: Path) -> dict[str, Path]:
    """The object store's files that the rows name, copied (checked against their SHA-256) into `folder`."""
    if not facts.objects:
        return {}
    if not settings.storage_url:
        raise BackupRefused(
            f"the database names {len(facts.objects)} publication files kept in an object store, "
            "and ACCORD_STORAGE_URL is not set"
        )
    store = ObjectStore.from_url(settings.storage_url)
    (folder / OBJECTS).mkdir()
    files: dict[str, Path] = {}
    for item in facts.objects:
        name = f"{OBJECTS}{item.sha256}"
        if name in files:
            continue
        with store.fetch(item.key, item.sha256) as fetched, (folder / name).open("wb") as out:
            shutil.copyfileobj(fetched, out, CHUNK)
        files[name] = folder / name
    return files


def _write_archive(file: Path, manifest: Manifest, files: dict[str, Path]) -> None:
    partial = file.with_name(file.name + ".tmp")
    try:
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            raw = encode_manifest(manifest)
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(raw), int(datetime.now(UTC).timestamp()), 0o600
            tar.addfile(info, BytesIO(raw))
            for name, path in files.items():
                tar.add(path, arcname=name, recursive=False)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(partial, 0o600)  # it holds every account's data
        partial.replace(file)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
