"""`accord restore FILE`: an archive made by `accord backup` put into an empty database, then checked.

Nothing is written before the whole archive has been read and checked: a tar file that ends early or
is damaged, a member whose SHA-256 is not the manifest's, a member missing or unexpected, a manifest of
another format, a schema revision this Accord does not know, a PostgreSQL archive for SQLite, a target that
already holds rows: each is refused, named, and the target stays as it was. Then the database is put in
place (SQLite: the backup API copies the archived file into the target; PostgreSQL: pg_restore in one
transaction; an SQLite archive into PostgreSQL: its rows copied, crossing.py), the publication files go
back to the object store under the keys their rows name, the restored counts are compared with the manifest's,
and an archive made before the latest migrations is migrated to head (`accord db upgrade`), after the counts are
checked.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError

from ...settings import Settings
from ...store import migrate
from ...store.blobs import CHUNK
from ...store.objects import ObjectStore
from .crossing import copy_sqlite_into_postgresql
from .manifest import (
    MANIFEST,
    OBJECTS,
    POSTGRESQL_MEMBER,
    SQLITE_MEMBER,
    BackupRefused,
    Manifest,
    backend_of,
    counts_said,
    decode_manifest,
    facts_of,
    table_counts,
)
from .writing import connected, libpq_target, run_tool, secret_key_present, sqlite_path

MANIFEST_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    migrated_to: str
    """The head the restored database was migrated to, when the archive was older ("" if it was at head)."""
    objects: int
    secret_key_here: bool


def restore_backup(settings: Settings, file: Path) -> Restored:
    """Restore the archive `file` into the configured database, which must hold no rows."""
    backend = backend_of(settings.database_url)
    with tempfile.TemporaryDirectory(prefix="accord-restore-") as work:
        manifest, members = read_archive(Path(file), Path(work))
        crossing = _crossing(manifest, backend)
        heads = _known_revision(settings.database_url, manifest.alembic_revision)
        if manifest.objects and not settings.storage_url:
            raise BackupRefused(
                f"the archive holds {len(manifest.objects)} publication files of an object store, "
                "and ACCORD_STORAGE_URL is not set here"
            )
        target = _target_counts(settings.database_url)
        if any(target.values()):
            raise BackupRefused(
                f"the database already holds {counts_said(target)}; the archive holds {counts_said(manifest.counts)}: "
                "restore into an empty database"
            )
        if crossing:
            copy_sqlite_into_postgresql(members[SQLITE_MEMBER], settings.database_url, manifest.alembic_revision)
        elif backend == "sqlite":
            _sqlite_restore(members[SQLITE_MEMBER], settings.database_url)
        else:
            _postgresql_restore(members[POSTGRESQL_MEMBER], settings.database_url, has_tables=bool(target))
        _put_objects(settings, manifest, members)
    _check_restored(settings.database_url, manifest)
    migrated_to = ""
    if manifest.alembic_revision not in heads:
        migrate.upgrade(settings.database_url)
        migrated_to = ",".join(heads)
    return Restored(manifest, migrated_to, len(manifest.objects), secret_key_present(settings))


def _crossing(manifest: Manifest, backend: str) -> bool:
    """Whether the archive's database crosses into the target's backend (an SQLite archive into PostgreSQL, see
    crossing.py); refused for a PostgreSQL archive into anything else."""
    crossing = (manifest.backend, backend) == ("sqlite", "postgresql")
    if manifest.backend != backend and not crossing:
        raise BackupRefused(
            f"the archive holds a {manifest.backend} database and ACCORD_DATABASE_URL names a {backend} one: "
            "a PostgreSQL archive is restored into PostgreSQL"
        )
    return crossing


def _put_objects(settings: Settings, manifest: Manifest, members: dict[str, Path]) -> None:
    """The archive's publication files back in the object store, under the keys their rows name."""
    if not manifest.objects:
        return
    store = ObjectStore.from_url(settings.storage_url)
    for item in manifest.objects:
        store.put_at(members[f"{OBJECTS}{item.sha256}"], item.key, item.media_type)


def _check_restored(database_url: str, manifest: Manifest) -> None:
    """The restored database holds the manifest's counts at its revision (BackupRefused naming the first
    tables that differ)."""
    with connected(database_url) as conn:
        facts = facts_of(conn)
    differ = sorted(
        t for t in set(facts.counts) | set(manifest.counts) if facts.counts.get(t) != manifest.counts.get(t)
    )
    if differ or facts.revision != manifest.alembic_revision:
        said = ", ".join(f"{t} {facts.counts.get(t)} (archive {manifest.counts.get(t)})" for t in differ[:5])
        raise BackupRefused(f"the restored database differs from the archive's manifest: {said or facts.revision}")


def read_archive(file: Path, work: Path) -> tuple[Manifest, dict[str, Path]]:
    """The archive's manifest and its members unpacked into `work`, every one checked against the manifest;
    BackupRefused naming what is wrong."""
    members: dict[str, Path] = {}
    try:
        with tarfile.open(file, "r:*") as tar:
            manifest = _manifest_of(tar, file)
            while (info := tar.next()) is not None:  # on from the manifest (iterating starts over)
                members[info.name] = _member(tar, info, manifest, members, work)
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise BackupRefused(f"{file} is damaged or truncated ({exc})") from None
    _check_complete(manifest, members)
    return manifest, members


def _manifest_of(tar: tarfile.TarFile, file: Path) -> Manifest:
    """The manifest, the archive's first member (BackupRefused if it is not)."""
    first = tar.next()
    if first is None or first.name != MANIFEST or not first.isfile() or first.size > MANIFEST_LIMIT:
        raise BackupRefused(f"{file} is not an Accord backup: its first member is not {MANIFEST}")
    return decode_manifest(_read(tar, first))


def _member(
    tar: tarfile.TarFile, info: tarfile.TarInfo, manifest: Manifest, members: dict[str, Path], work: Path
) -> Path:
    """Where member `info` was unpacked into `work`, once it is known to be the file the manifest names, once,
    with its size and SHA-256 (`members`: those unpacked before it)."""
    expected = manifest.members.get(info.name)
    if expected is None or not info.isfile():
        raise BackupRefused(f"the archive holds a member its manifest does not name: {info.name}")
    if info.name in members:
        raise BackupRefused(f"the archive holds {info.name} twice")
    path = work / f"member-{len(members)}"
    digest, size = _unpacked(tar, info, path)
    if size != expected.size or digest != expected.sha256:
        raise BackupRefused(
            f"{info.name} does not match the manifest (SHA-256 {digest[:12]}…, manifest "
            f"{expected.sha256[:12]}…): the archive was changed or damaged"
        )
    return path


def _check_complete(manifest: Manifest, members: dict[str, Path]) -> None:
    """Every member the manifest names is there, and the manifest names the database and every object file."""
    missing = sorted(set(manifest.members) - set(members))
    if missing:
        raise BackupRefused(f"the archive is truncated or incomplete: {', '.join(missing)} missing")
    database = SQLITE_MEMBER if manifest.backend == "sqlite" else POSTGRESQL_MEMBER
    needed = {database} | {f"{OBJECTS}{o.sha256}" for o in manifest.objects}
    if not needed <= set(members):
        raise BackupRefused(f"the manifest does not name {', '.join(sorted(needed - set(members)))}")


def _read(tar: tarfile.TarFile, info: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(info)
    if handle is None:
        raise BackupRefused(f"{info.name} is not a file")
    with handle:
        return handle.read()


def _unpacked(tar: tarfile.TarFile, info: tarfile.TarInfo, path: Path) -> tuple[str, int]:
    handle = tar.extractfile(info)
    if handle is None:
        raise BackupRefused(f"{info.name} is not a file")
    digest, size = hashlib.sha256(), 0
    with handle, path.open("wb") as out:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return digest.hexdigest(), size


def _known_revision(database_url: str, revision: str) -> tuple[str, ...]:
    """This Accord's head revisions, once the archive's revision is known to be one of its own."""
    script = ScriptDirectory.from_config(migrate.alembic_config(database_url))
    try:
        known = all(script.get_revision(r) is not None for r in revision.split(",")) if revision else False
    except CommandError:
        known = False
    if not known:
        raise BackupRefused(
            f"the archive's schema revision {revision!r} is unknown to this Accord (made by a newer version?)"
        )
    return tuple(script.get_heads())


def _target_counts(database_url: str) -> dict[str, int]:
    """The rows of each table of the target ({} when it has no tables, or no file yet)."""
    if database_url.startswith("sqlite") and not sqlite_path(database_url).exists():
        return {}
    with connected(database_url) as conn:
        return table_counts(conn)


def _sqlite_restore(member: Path, database_url: str) -> None:
    path = sqlite_path(database_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{member}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)  # the archived file's pages, written through the target's own journal
        target.execute("PRAGMA journal_mode=WAL")
    finally:
        target.close()
        source.close()


def _postgresql_restore(dump: Path, database_url: str, *, has_tables: bool) -> None:
    target, env = libpq_target(database_url)
    args = ["pg_restore", "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error", f"--dbname={target}"]
    if has_tables:  # a migrated, empty database: its empty tables make way for the archive's
        args += ["--clean", "--if-exists"]
    run_tool([*args, str(dump)], env)
