"""`accord backup` and `accord restore` on both backends: a backup taken while people write restores into an
empty database of the same kind as the instant it was taken; a damaged archive, or a target that holds
data, is refused before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import threading
import time
import uuid
import weakref
from pathlib import Path

import pytest

from tests.backends import BACKENDS_DIFFER
from tests.conftest import _pg_url
from tests.demo_data import kutahya
from tests.integration.services.transfer.test_transfer import files_of
from tests.integration.support import dump, forget_state
from tests.s3_server import s3_client, s3_endpoint, storage_url  # noqa: F401 - fixtures
from tests.web.test_publication_downloads import publish_demo
from workspace.domain.comments.comment_commands import CommentText
from workspace.services import accounts, backups, transfer
from workspace.services.actor import SYSTEM
from workspace.services.backups.manifest import alembic_revision, table_counts
from workspace.services.backups.writing import connected
from workspace.services.comments import threads
from workspace.services.unit import open_store
from workspace.settings import ROOT, Settings
from workspace.store import migrate
from workspace.store.db import Store, make_store
from workspace.store.models import PublicationFile

pytestmark = BACKENDS_DIFFER  # pg_dump and a file copy, and the crossing from SQLite into PostgreSQL

SLUG = "kutahya-2021"
MEMBER = "miembro@demo.accord"


def url_of(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def settings_of(store: Store) -> Settings:
    return Settings(database_url=url_of(store))


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return table_counts(conn)


def exported(store: Store, folder: Path) -> dict[str, bytes]:
    transfer.export_folder(store, None, SLUG, folder)
    return files_of(folder)


def test_a_backup_without_load_restores_to_the_same_export_byte_for_byte(store, fresh_store, tmp_path):
    kutahya(store)
    made = backups.write_backup(settings_of(store), tmp_path / "accord.tar")
    assert not (tmp_path / "accord.tar.tmp").exists()
    assert made.counts == counts(store) and made.counts["comments"] > 0
    target = fresh_store()
    done = backups.restore_backup(settings_of(target), tmp_path / "accord.tar")
    assert done.manifest == made and done.migrated_to == ""
    assert counts(target) == made.counts
    assert exported(target, tmp_path / "restored") == exported(store, tmp_path / "original")


def backup_under_load(store: Store, file: Path) -> tuple[backups.Manifest, int]:
    """The archive of the demo taken while a member comments on thread 1 again and again, through the services (the
    writer pauses right after the backup returns): its manifest, and how many of the load's comments it holds."""
    accounts.set_password(store, SYSTEM, MEMBER, "member password 123")
    member = accounts.authenticate(store, MEMBER, "member password 123")
    before = counts(store)["comments"]
    written: list[int] = []
    stop, failed = threading.Event(), []

    def write() -> None:
        try:
            while not stop.is_set():
                threads.add_comment(store, member, SLUG, 1, CommentText(body=f"load {len(written)}"))
                written.append(len(written))
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            failed.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 5 and not failed:
            time.sleep(0.01)
        at_start = len(written)
        made = backups.write_backup(settings_of(store), file)
        at_end = len(written)
    finally:
        stop.set()
        writer.join()
    assert not failed, failed
    assert at_end > at_start, "no write landed while the backup ran"
    taken = made.counts["comments"] - before  # the comments the archive holds of the load: a whole prefix of them
    assert at_start <= taken <= at_end and counts(store)["comments"] > made.counts["comments"]
    return made, taken


def assert_restored_as_taken(target: Store, store: Store, made: backups.Manifest, taken: int, tmp_path: Path) -> None:
    assert counts(target) == made.counts
    restored, original = exported(target, tmp_path / "restored"), exported(store, tmp_path / "original")
    assert restored.keys() == original.keys()
    changed = [name for name in original if restored[name] != original[name]]
    assert changed == ["threads/1.md"]  # only the thread written to after the backup differs
    thread = restored["threads/1.md"].decode()
    assert f'"load {taken - 1}"' in thread and f'"load {taken}"' not in thread


def test_a_backup_under_load_restores_the_instant_it_was_taken(store, fresh_store, tmp_path, unpaced):
    kutahya(store)
    made, taken = backup_under_load(store, tmp_path / "accord.tar")
    target = fresh_store()
    backups.restore_backup(settings_of(target), tmp_path / "accord.tar")
    assert_restored_as_taken(target, store, made, taken, tmp_path)


def test_an_sqlite_backup_under_load_restores_into_postgresql(sqlite_url, other_databases, tmp_path, unpaced):
    """From the embedded store to the production one: the rows cross, each as its column's type says, and the
    restored PostgreSQL database goes on taking new rows (its id sequences moved past the copied ids)."""
    store = make_store(sqlite_url)
    database, holder = other_databases.take()
    target = make_store(_pg_url(database.name))
    holder[0] = weakref.ref(target)
    try:
        publish_demo(store)  # the demo, with publication files kept in the database, as blobs
        made, taken = backup_under_load(store, tmp_path / "accord.tar")
        done = backups.restore_backup(settings_of(target), tmp_path / "accord.tar")
        assert done.manifest == made
        assert_restored_as_taken(target, store, made, taken, tmp_path)
        with store.reader() as tx, target.reader() as other:
            files = [(f.name, f.sha256) for f in tx.query(PublicationFile).order_by(PublicationFile.id)]
            assert (
                files
                and [(f.name, f.sha256) for f in other.query(PublicationFile).order_by(PublicationFile.id)] == files
            )
        member = accounts.authenticate(target, MEMBER, "member password 123")
        threads.add_comment(target, member, SLUG, 1, CommentText(body="written after the move"))
        assert counts(target)["comments"] == made.counts["comments"] + 1
        # The other way needs a PostgreSQL server to read the dump: refused, saying so, nothing written.
        backups.write_backup(settings_of(target), tmp_path / "postgresql.tar")
        empty = tmp_path / "empty.db"
        with pytest.raises(backups.BackupRefused, match="a PostgreSQL archive is restored into PostgreSQL"):
            backups.restore_backup(Settings(database_url=f"sqlite:///{empty}"), tmp_path / "postgresql.tar")
        assert not empty.exists()
    finally:
        for made_store in (store, target):
            forget_state(made_store)
            made_store.dispose()


def test_a_restore_over_data_is_refused_with_the_counts_of_both(store, tmp_path):
    kutahya(store)
    backups.write_backup(settings_of(store), tmp_path / "accord.tar")
    transfer.import_folder(store, None, ROOT / "drafts" / "tanger-2026")
    kept = dump(store)
    with pytest.raises(backups.BackupRefused) as refused:
        backups.restore_backup(settings_of(store), tmp_path / "accord.tar")
    here, there = sum(counts(store).values()), sum(json.loads(manifest_of(tmp_path / "accord.tar"))["counts"].values())
    assert f"already holds {here:,} rows" in str(refused.value)
    assert f"the archive holds {there:,} rows" in str(refused.value)
    assert dump(store) == kept


def manifest_of(archive: Path) -> bytes:
    with tarfile.open(archive) as tar:
        handle = tar.extractfile("manifest.json")
        assert handle is not None
        return handle.read()


def rebuilt(source: Path, target: Path, manifest: bytes | None = None, leave_out: str = "") -> Path:
    """A copy of the archive `source` with another manifest, or without one member."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for info in old.getmembers():
            if info.name == leave_out:
                continue
            data = manifest if info.name == "manifest.json" and manifest is not None else old.extractfile(info).read()  # type: ignore[union-attr]
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def damaged(archive: Path, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each way an archive goes wrong, and what the refusal names."""
    whole = archive.read_bytes()
    (tmp_path / "half.tar").write_bytes(whole[: len(whole) // 2])
    with tarfile.open(archive) as tar:
        database = next(m for m in tar.getmembers() if m.name.startswith("database."))
    tampered = bytearray(whole)
    tampered[database.offset_data + database.size // 2] ^= 0xFF
    (tmp_path / "tampered.tar").write_bytes(bytes(tampered))
    manifest = json.loads(manifest_of(archive))
    return {
        "truncated": (tmp_path / "half.tar", "damaged or truncated"),
        "tampered": (tmp_path / "tampered.tar", f"{database.name} does not match the manifest"),
        "missing": (rebuilt(archive, tmp_path / "missing.tar", leave_out=database.name), f"{database.name} missing"),
        "format": (
            rebuilt(archive, tmp_path / "format.tar", json.dumps(manifest | {"format": "other/9"}).encode()),
            "unknown format 'other/9'",
        ),
        "revision": (
            rebuilt(archive, tmp_path / "revision.tar", json.dumps(manifest | {"alembic_revision": "9999"}).encode()),
            "schema revision '9999' is unknown to this Accord",
        ),
        "nested": (  # a RecursionError's traceback (issue 65)
            rebuilt(archive, tmp_path / "nested.tar", b"[" * 3000 + b"]" * 3000),
            "manifest is nested too deeply",
        ),
    }


def test_a_damaged_archive_is_refused_before_anything_is_written(store, fresh_store, tmp_path):
    kutahya(store)
    archive = tmp_path / "accord.tar"
    backups.write_backup(settings_of(store), archive)
    target = fresh_store()
    empty = dump(target)
    (tmp_path / "notatar.tar").write_bytes(b"accord" * 1000)
    cases = damaged(archive, tmp_path) | {"not a tar": (tmp_path / "notatar.tar", "damaged or truncated")}
    for case, (file, named) in cases.items():
        with pytest.raises(backups.BackupRefused) as refused:
            backups.restore_backup(settings_of(target), file)
        assert named in str(refused.value), case
        assert dump(target) == empty, case
    backups.restore_backup(settings_of(target), archive)  # the whole archive still restores there
    assert counts(target) == counts(store)


def test_an_archive_older_than_the_code_is_migrated_to_head_once_its_counts_are_checked(sqlite_url, tmp_path):
    older = f"sqlite:///{tmp_path / 'older.db'}"
    migrate.upgrade(older, "head")
    migrate.downgrade(older, "-1")
    made = backups.write_backup(Settings(database_url=older), tmp_path / "older.tar")
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    done = backups.restore_backup(Settings(database_url=target), tmp_path / "older.tar")
    with connected(sqlite_url) as conn:
        head = alembic_revision(conn)
    assert made.alembic_revision != head and done.migrated_to == head
    with connected(target) as conn:
        assert alembic_revision(conn) == head


def accord(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ACCORD_DATABASE_URL": url, "ACCORD_SECRET_KEY": "backup-test-secret-0123456789abcdef"}
    return subprocess.run(
        [sys.executable, "-m", "workspace.cli", *args], env=env, capture_output=True, text=True, check=False, cwd=ROOT
    )


def test_accord_backup_and_restore_as_commands(store, fresh_store, tmp_path):
    kutahya(store)
    archive = tmp_path / "nightly" / "accord.tar"
    made = accord("backup", str(archive), url=url_of(store))
    assert made.returncode == 0, made.stderr
    assert f"to {archive}:" in made.stdout and " rows (" in made.stdout
    assert json.loads(manifest_of(archive))["secret_key_present"] is True
    target = fresh_store()
    done = accord("restore", str(archive), url=url_of(target))
    assert done.returncode == 0, done.stderr
    assert "the counts match the manifest" in done.stdout
    assert counts(target) == counts(store)
    again = accord("restore", str(archive), url=url_of(target))
    assert again.returncode == 1
    assert again.stderr.startswith("accord: error: not restored: the database already holds ")


def test_the_files_of_an_object_store_are_in_the_archive_and_go_back_to_a_store(
    db_url,
    fresh_store,
    tmp_path,
    s3_endpoint,  # noqa: F811 - the fixture
    storage_url,  # noqa: F811 - the fixture
):
    source = open_store(db_url, storage_url=storage_url)
    try:
        publish_demo(source)
        with source() as tx:
            rows = {(r.object_key, r.sha256) for r in tx.query(PublicationFile)}
        assert rows and all(key for key, _ in rows)
        with pytest.raises(backups.BackupRefused, match=r"publication files kept in an object store"):
            backups.write_backup(Settings(database_url=db_url), tmp_path / "no-store.tar")
        assert not (tmp_path / "no-store.tar").exists() and not (tmp_path / "no-store.tar.tmp").exists()
        made = backups.write_backup(Settings(database_url=db_url, storage_url=storage_url), tmp_path / "accord.tar")
    finally:
        forget_state(source)
        source.dispose()
    with tarfile.open(tmp_path / "accord.tar") as tar:
        held = {m.name for m in tar.getmembers() if m.name.startswith("objects/")}
    assert held == {f"objects/{sha}" for _, sha in rows} and {(o.key, o.sha256) for o in made.objects} == rows

    target = fresh_store()
    with pytest.raises(backups.BackupRefused, match=r"ACCORD_STORAGE_URL is not set here"):
        backups.restore_backup(settings_of(target), tmp_path / "accord.tar")
    other = f"accord-{uuid.uuid4().hex[:12]}"  # another, empty bucket
    client = s3_client(s3_endpoint)
    client.create_bucket(Bucket=other)
    elsewhere = storage_url.replace(storage_url.split("@", 1)[1].split("/", 1)[0], other, 1)
    done = backups.restore_backup(Settings(database_url=url_of(target), storage_url=elsewhere), tmp_path / "accord.tar")
    assert done.objects == len(rows)
    for key, sha in rows:  # under the keys the restored rows name, the same bytes
        body = client.get_object(Bucket=other, Key=key)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == sha
