"""Fixtures shared by every test: a migrated store on SQLite and PostgreSQL, the app, people.

Each test gets a fresh database cloned from one migrated template (a file copy on SQLite,
`CREATE DATABASE … TEMPLATE` on PostgreSQL), so the schema always comes from the migrations.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from workspace.services import accounts, processes
from workspace.services.views import Actor
from workspace.settings import Settings
from workspace.store import migrate
from workspace.store.db import make_engine, make_sessionmaker

PG_ADMIN_URL = os.environ.get("ACCORD_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("ACCORD_REQUIRE_POSTGRES") == "1"
_counter = itertools.count()


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


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    reason = _pg_available()
    if reason:
        if REQUIRE_PG:
            pytest.fail(f"ACCORD_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
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
    template = request.getfixturevalue("pg_template")
    name = f"accord_t{os.getpid()}_{next(_counter)}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield _pg_url(name)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh SQLite database only, for web tests where the backend does not matter."""
    path = tmp_path / "accord.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def store(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url)
    yield make_sessionmaker(engine)
    engine.dispose()


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


def make_people(store: sessionmaker[Session], slug: str = "kutahya") -> People:
    made = {}
    for role in ("committee", "member", "translator", "observer", "outsider"):
        accounts.add_user(store, None, f"{role}@example.org", role.title(), PASSWORD)
        made[role] = accounts.authenticate(store, f"{role}@example.org", PASSWORD)
    accounts.add_user(store, None, "admin@example.org", "Admin", PASSWORD, is_admin=True)
    made["admin"] = accounts.authenticate(store, "admin@example.org", PASSWORD)
    processes.create_process(
        store, made["committee"],
        {"slug": slug, "titles": {"es": "Declaración de Kütahya", "en": "Kütahya Declaration", "fr": "Déclaration de Kütahya"},
         "source_language": "es", "languages": ["es", "en", "fr"], "timezone": "Europe/Istanbul", "place": "Kütahya"},
    )
    for role, languages in (("member", []), ("translator", ["en"]), ("observer", [])):
        processes.set_member(store, made["committee"], slug, {"email": f"{role}@example.org", "role": role, "languages": languages})
    return People(**made)


@pytest.fixture
def people(store: sessionmaker[Session]) -> People:
    return make_people(store)


SESSION = {
    "title": "1.1.1 Alianzas y partenariados entre actores",
    "starts_at": "2021-05-26T09:55:00-03:00",
    "ends_at": "2021-05-26T11:25:00-03:00",
    "platform": "Zoom",
    "organisers": ["UCLG Forum of Regions", "CONGOPE"],
    "languages": ["en", "es", "fr"],
    "capacity": 150,
    "theme": "El territorio como base de la innovación",
    "summary": "El territorio es el lugar donde se establecen relaciones de convivencia.",
}


@pytest.fixture
def settings_for():
    def build(url: str) -> Settings:
        return Settings.from_env({}, database_url=url, secret_key="test-secret-key-0123456789abcdef")

    return build
