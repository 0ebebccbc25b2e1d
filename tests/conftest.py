"""Fixtures shared by every test: a migrated store on SQLite and PostgreSQL, the app, people.

Each test gets a fresh database cloned from one migrated template (a file copy on SQLite,
`CREATE DATABASE … TEMPLATE` on PostgreSQL), so the schema always comes from the migrations.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar, cast

import msgspec
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from tests import examples as _examples  # noqa: F401 - loads the hypothesis profile of this run
from tests import needs
from tests.integration.support import QUICK_HASHER, forget_state
from workspace.domain.consultations.consultation_commands import SessionFields
from workspace.domain.consultations.consultations import MemberDraft, ProcessDraft
from workspace.domain.people import JoinAsNew
from workspace.services import accounts, processes
from workspace.services.actor import SYSTEM, Actor
from workspace.settings import Settings
from workspace.store import migrate
from workspace.store.db import Store, make_store
from workspace.store.models import Base

pytest_plugins = ["tests.backends", "tests.mail_server", "tests.oidc_provider", "tests.shared_dialects"]
PG_ADMIN_URL = os.environ.get("ACCORD_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
_counter = itertools.count()
T = TypeVar("T")


def _pg_available() -> str | None:
    """None when PostgreSQL answers, else the reason it does not."""
    try:
        engine = create_engine(PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        return f"no PostgreSQL at {PG_ADMIN_URL}: {exc.__class__.__name__}"


def _pg_admin():
    return create_engine(PG_ADMIN_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    return f"{base}/{name}"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test marked `corpus(path)` reads the shared corpus (../shared/corpus), one marked `needs(thing)`
    runs the thing's programs (tests/needs.py): without them the test is skipped, or fails under the
    thing's switch (ACCORD_REQUIRE_CORPUS=1, ACCORD_REQUIRE_POPPLER=1 …, all set in CI)."""
    for mark in item.iter_markers("corpus"):
        path = Path(mark.args[0])
        if not path.is_dir():
            needs.absent("corpus", f"the shared corpus is not at {path}")
    for mark in item.iter_markers("needs"):
        needs.check_marker(mark.args[0])


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the test process has imported and collected (the app, the libraries, 4,000 test items) is kept out of the
    garbage collector's walks (`gc.freeze`), and its young generation is collected less often: the collector walked
    those objects again and again for nothing (the service tests: 8 % of their processor time with the freeze alone,
    13 % with both)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lightest in every test (still real hashing): the six people most tests make cost
    1.7 s at the default cost. tests/integration/services/accounts/test_accounts.py checks the default's."""
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)


@pytest.fixture(scope="session", autouse=True)
def renders_once_per_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A publication's files rendered once per test process for each render model: rendering is deterministic
    (tests/unit/renderers/test_publication_frozen.py), and the demo's 19 files cost two seconds at each
    publication of the tests that publish it. A rendering followed step by step (`progress`, a worker's) is
    always made: it is what those tests look at. The seal of PDFs, where one is set, is applied to the copies."""
    from workspace.domain.publication.publication import model_data
    from workspace.services.publication import rendering

    real, kept = rendering.typeset, {}
    folder = tmp_path_factory.mktemp("renders")

    @contextmanager
    def once(model, progress=None):  # type: ignore[no-untyped-def]
        key = hashlib.sha256(json.dumps(model_data(model), sort_keys=True).encode()).hexdigest()
        if progress is not None or key not in kept:
            with real(model, progress) as made:
                if progress is None:
                    (folder / key).mkdir(exist_ok=True)
                    kept[key] = [replace(f, path=Path(shutil.copy(f.path, folder / key / f.name))) for f in made]
                yield made
            return
        with tempfile.TemporaryDirectory() as copies:  # each caller gets files of its own, as from the renderer
            yield [replace(f, path=Path(shutil.copy(f.path, Path(copies) / f.name))) for f in kept[key]]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rendering, "typeset", once)
        yield


@pytest.fixture
def unpaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """No rate for comments, threads and amendments (services/pace.py), for a test that makes many of them
    as one person to build its data or to race something else; the rates have tests of their own."""
    from workspace.services import pace

    monkeypatch.setattr(pace, "LIMITS", dict.fromkeys(pace.LIMITS, ()))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    reason = _pg_available()
    if reason:
        needs.absent("postgres", reason)
    name = f"accord_tpl_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    migrate.upgrade(_pg_url(name))
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A fresh, migrated database on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "accord.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    worker = request.getfixturevalue("pg_worker_database")
    worker.reset()
    # Each test its own URL (the database is the worker's): what is named after the URL, a job queue, is its own.
    yield f"{_pg_url(worker.name)}?application_name=accord-test-{next(_counter)}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[str]:
    """A fresh, migrated database on each backend that a module's tests share: for a server they all ask,
    started (seconds) once per module and backend instead of once per test. Each test of such a module
    puts back what it relies on (its fixture says what)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("module") / "accord.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"accord_mod{os.getpid()}_{next(_counter)}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield _pg_url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


class PgWorkerDatabase:
    """One PostgreSQL database per test process, emptied before each test: deleting the rows of a few
    tables and restarting their sequences takes milliseconds where `CREATE DATABASE … TEMPLATE` took a
    third of a second. A test that changed the schema itself (a migration) gets a new copy of the template."""

    def __init__(self, template: str, name: str | None = None) -> None:
        self.template, self.name = template, name or f"accord_w{os.getpid()}"
        self.admin = _pg_admin()
        self.expected: tuple | None = None
        self._create()

    def _create(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"'))
        engine = create_engine(_pg_url(self.name).replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as conn:
            self.tables = [
                row[0]
                for row in conn.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                    )
                )
            ]
            self.sequences = [
                row[0]
                for row in conn.execute(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"))
            ]
            self.expected = self._shape(conn)
        engine.dispose()

    @staticmethod
    def _shape(conn) -> tuple:
        """What a test could change beyond rows: the schema's version and its tables, indexes, triggers, functions."""
        return tuple(
            conn.execute(
                text(
                    "SELECT (SELECT string_agg(version_num, ',') FROM alembic_version), (SELECT count(*) FROM "
                    "pg_tables WHERE schemaname = 'public'), (SELECT count(*) FROM pg_indexes WHERE schemaname = "
                    "'public'), (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O'), (SELECT "
                    "count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')"
                )
            ).one()
        )

    def reset(self) -> None:
        # What the last test left connected (a server it started, an engine it kept) is cut off first.
        with self.admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name AND pid <> "
                    "pg_backend_pid()"
                ),
                {"name": self.name},
            )
        engine = create_engine(_pg_url(self.name).replace("postgresql://", "postgresql+psycopg://"), poolclass=NullPool)
        try:
            with engine.begin() as conn:
                if self._shape(conn) != self.expected:
                    raise LookupError("the schema changed")
                conn.execute(
                    text("SET LOCAL session_replication_role = replica")
                )  # no triggers, no foreign keys: all goes
                conn.execute(text("; ".join(f'DELETE FROM "{table}"' for table in self.tables)))
                if self.sequences:
                    conn.execute(
                        text("SELECT " + ", ".join(f"setval('\"{name}\"', 1, false)" for name in self.sequences))
                    )
        except (LookupError, DBAPIError):
            engine.dispose()
            self._create()
            return
        engine.dispose()

    def drop(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_worker_database(pg_template: str) -> Iterator[PgWorkerDatabase]:
    made = PgWorkerDatabase(pg_template)
    yield made
    made.drop()


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh SQLite database only, for tests of SQLite itself or where no query runs (building the app)."""
    path = tmp_path / "accord.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    made = make_store(db_url, sealing=SEALING)
    yield made
    forget_state(made)
    made.dispose()


@dataclass
class People:
    """One person per role in the process `kutahya`, an outsider, and a global admin."""

    committee: Actor
    member: Actor
    translator: Actor
    observer: Actor
    outsider: Actor
    admin: Actor


PASSWORD = "correct horse battery"
SEALING = "test-secret-key-0123456789abcdef"  # the instance secret key (settings_for's): opens the signing keys


def make_people(store: Store, slug: str = "kutahya") -> People:
    made = {}
    for role in ("committee", "member", "translator", "observer", "outsider"):
        accounts.add_user(store, SYSTEM, f"{role}@example.org", role.title(), PASSWORD)
        made[role] = accounts.authenticate(store, f"{role}@example.org", PASSWORD)
    accounts.add_user(store, SYSTEM, "admin@example.org", "Admin", PASSWORD, is_admin=True)
    made["admin"] = accounts.authenticate(store, "admin@example.org", PASSWORD)
    processes.create_process(
        store,
        made["committee"],
        ProcessDraft(
            slug=slug,
            titles={"es": "Declaración de Kütahya", "en": "Kütahya Declaration", "fr": "Déclaration de Kütahya"},
            source_language="es",
            languages=("es", "en", "fr"),
            timezone="Europe/Istanbul",
            places={"es": "Kütahya, Turquía", "en": "Kütahya, Türkiye", "fr": "Kütahya, Turquie"},
        ),
    )
    for role, languages in (("member", ()), ("translator", ("en",)), ("observer", ())):
        join(store, made["committee"], slug, made[role], role, languages)
    return People(**made)


def join(
    store: Store, inviter: Actor, slug: str, person: Actor | str, role: str, languages: tuple[str, ...] = ()
) -> Actor:
    """`person` joins `slug` with `role` as people do: invited by `inviter`, then accepting (an e-mail
    without an account creates it, with the tests' password)."""
    email = person if isinstance(person, str) else person.email
    view = processes.set_member(store, inviter, slug, MemberDraft(email=email, role=role, languages=languages))
    if view.invitation is None:  # already a member: the role changed
        return person if isinstance(person, Actor) else accounts.authenticate(store, email, PASSWORD)
    token = view.invitation.rsplit("/", 1)[1]
    if isinstance(person, Actor):
        processes.accept_invitation(store, person, token)
        return person
    joined, _ = processes.create_account_and_accept(
        store, token, JoinAsNew(name=email.split("@")[0].title(), password=PASSWORD)
    )
    return joined


_SNAPSHOTS: dict[tuple, tuple[object, object]] = {}
_SNAPSHOT_FOLDER: list[Path] = []


def restored(store: Store, name: str, build: Callable[[Store], T]) -> T:
    """What `build(store)` makes of the test's database as the fixtures before it left it: made once per test
    process and backend, then put back in the next tests that ask for it (milliseconds, where making the
    people of a process takes a quarter of a second and a settled demo seconds). `build` writes through
    `store` only and returns plain values (actors, views) that stay true of the data put back. The data is a
    copy of the file on SQLite (VACUUM INTO), the rows of every table on PostgreSQL."""
    chain: list[str] = store.__dict__.setdefault("_snapshots", [])
    key = (tuple(chain), name, build.__module__, build.__qualname__, store.engine.dialect.name)
    chain.append(name)
    if key in _SNAPSHOTS:
        data, made = _SNAPSHOTS[key]
        _put_back(store, data)
        return cast(T, made)
    made = build(store)
    _SNAPSHOTS[key] = (_taken(store), made)
    return made


def _taken(store: Store) -> object:
    if store.engine.dialect.name == "sqlite":
        if not _SNAPSHOT_FOLDER:
            _SNAPSHOT_FOLDER.append(Path(tempfile.mkdtemp(prefix="accord-snapshots-")))
        copy = _SNAPSHOT_FOLDER[0] / f"{len(_SNAPSHOTS)}.db"
        source = sqlite3.connect(str(store.engine.url.database), isolation_level=None)
        try:
            source.execute("VACUUM INTO ?", (str(copy),))
        finally:
            source.close()
        return copy
    with store.engine.connect() as conn:
        return [
            (t.name, rows)
            for t in Base.metadata.sorted_tables
            if (rows := [dict(r._mapping) for r in conn.execute(t.select())])
        ]


def _put_back(store: Store, data: object) -> None:
    if isinstance(data, Path):  # the test's file replaced by the copy, no connection open on it
        forget_state(store)
        store.engine.dispose()
        path = Path(str(store.engine.url.database))
        for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            extra.unlink(missing_ok=True)
        shutil.copy(data, path)
        return
    with store.engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))  # emptied as the reset empties it
        conn.execute(text("; ".join(f'DELETE FROM "{t.name}"' for t in reversed(Base.metadata.sorted_tables))))
        conn.execute(text("SET LOCAL session_replication_role = origin"))
        for table, rows in cast(list[tuple[str, list[dict]]], data):
            conn.execute(Base.metadata.tables[table].insert(), rows)
        serial = [
            t.name
            for t in Base.metadata.sorted_tables
            if "id" in t.c and t.c.id.autoincrement is not False and t.c.id.primary_key
        ]
        conn.execute(
            text(
                "SELECT "
                + ", ".join(  # the sequences go on after the rows put back
                    f"setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'coalesce((SELECT max(id) FROM "{table}"), 1), '
                    f'(SELECT max(id) FROM "{table}") IS NOT NULL)'
                    for table in serial
                )
            )
        )


@pytest.fixture
def people(store: Store) -> People:
    return restored(store, "people", make_people)


SESSION = SessionFields(
    title="1.1.1 Alianzas y partenariados entre actores",
    starts_at="2021-05-26T09:55:00-03:00",
    ends_at="2021-05-26T11:25:00-03:00",
    platform="Zoom",
    organisers=("UCLG Forum of Regions", "CONGOPE"),
    languages=("en", "es", "fr"),
    capacity=150,
    theme="El territorio como base de la innovación",
    summary="El territorio es el lugar donde se establecen relaciones de convivencia.",
)
"""A session as the services take it (`msgspec.structs.replace` makes variants)."""

SESSION_JSON = {name: value for name, value in msgspec.structs.asdict(SESSION).items() if value is not None}
"""The same session as the API receives it."""


@pytest.fixture
def settings_for():
    def build(url: str) -> Settings:
        return Settings.from_env(
            {}, database_url=url, secret_key="test-secret-key-0123456789abcdef", jobs_in_process=False
        )

    return build
