"""The Agenda 2030 as a trilingual process with two circulated versions, for the search tests (issue 68).

Built from the real texts of the shared corpus (sdg/: the official UN wording of the 17 goals and 169 targets in
Spanish, English and French) through the folder import, as a demo process is: the goals are headings
(`goal_6`), the targets operative paragraphs (`t_6_1`, `t_6_a`), Spanish the source, English and French its
editions, every translation approved. Version 1 ("A/RES/70/1") is the corpus as it is; version 2 ("Rev.1") is
a revision made here, not an official text: `REVISED` rewords four targets in the three languages, the other
186 paragraphs stand unchanged in both versions. The corpus writes some accents decomposed (NFD): the texts are
imported as they are, which is what a search must cope with.

Labelled queries name targets by key ("6.1") and goals as "goal 6" (`eid_of`, `key_of`).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from tests import needs
from tests.conftest import PASSWORD, _pg_admin, _pg_url
from tests.integration.support import QUICK_HASHER, forget_state
from workspace.domain.declaration.declaration_format import parse_declaration
from workspace.domain.declaration.document import revision_id
from workspace.services import accounts, transfer
from workspace.services.actor import SYSTEM, Actor
from workspace.settings import ROOT
from workspace.store.db import Store, make_store

SDG = ROOT.parent / "shared" / "corpus" / "sdg"
CORPUS = pytest.mark.corpus(SDG)  # skipped without it; fails under ACCORD_REQUIRE_CORPUS=1
SLUG = "agenda-2030"
LANGUAGES = ("es", "en", "fr")
LABELS = ("A/RES/70/1", "Rev.1")
COMMITTEE = "comite@demo.accord"
MEMBER = "miembro@demo.accord"

# Rev.1: four targets reworded in the three languages (made for these tests; the rest is the corpus's).
REVISED: dict[str, dict[str, str]] = {
    "6.1": {
        "es": "De aquí a 2030, lograr el acceso universal y equitativo al agua potable segura, asequible y "
        "resiliente al clima para todos",
        "en": "By 2030, achieve universal and equitable access to safe, affordable and climate-resilient "
        "drinking water for all",
        "fr": "D’ici à 2030, assurer l’accès universel et équitable à une eau potable sûre, résiliente face au "
        "climat et d’un coût abordable",
    },
    "11.1": {
        "es": "De aquí a 2030, asegurar el acceso de todas las personas a viviendas, incluida la vivienda social, "
        "y servicios básicos adecuados, seguros y asequibles y mejorar los barrios marginales",
        "en": "By 2030, ensure access for all to adequate, safe and affordable housing, including social "
        "housing, and basic services and upgrade slums",
        "fr": "D’ici à 2030, assurer l’accès de tous à un logement, y compris un logement social, et des "
        "services de base adéquats et sûrs, à un coût abordable, et assainir les quartiers de taudis",
    },
    "13.1": {
        "es": "Fortalecer la resiliencia y la capacidad de adaptación a los riesgos relacionados con el clima y "
        "los desastres naturales en todos los países, incluso mediante sistemas de alerta temprana",
        "en": "Strengthen resilience and adaptive capacity to climate-related hazards and natural disasters in "
        "all countries, including through early warning systems",
        "fr": "Renforcer, dans tous les pays, la résilience et les capacités d’adaptation face aux aléas "
        "climatiques et aux catastrophes naturelles liées au climat, notamment grâce à des systèmes d’alerte "
        "précoce",
    },
    "16.7": {
        "es": "Garantizar la adopción en todos los niveles de decisiones inclusivas, participativas y "
        "representativas que respondan a las necesidades, incluidos los gobiernos locales y regionales",
        "en": "Ensure responsive, inclusive, participatory and representative decision-making at all levels, "
        "including by local and regional governments",
        "fr": "Faire en sorte que le dynamisme, l’ouverture, la participation et la représentation à tous les "
        "niveaux caractérisent la prise de décisions, y compris par les collectivités locales et régionales",
    },
}


def eid_of(key: str) -> str:
    """ "6.1" → t_6_1, "goal 6" → goal_6."""
    if key.startswith("goal "):
        return f"goal_{key.removeprefix('goal ')}"
    return "t_" + key.replace(".", "_")


def key_of(eid: str) -> str:
    """t_6_1 → "6.1", goal_6 → "goal 6" (anything else as it is)."""
    if eid.startswith("goal_"):
        return f"goal {eid.removeprefix('goal_')}"
    if eid.startswith("t_"):
        return eid.removeprefix("t_").replace("_", ".")
    return eid


def _sort_key(key: str) -> list[tuple[int, int, str]]:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in key.split(".")]


def _clean(text: object) -> str:
    return " ".join(str(text).split())


@cache
def corpus_targets(lang: str) -> dict[str, str]:
    """The 169 targets in `lang` as the corpus writes them, by key ("6.1"), in the order of the Agenda."""
    data = yaml.safe_load((SDG / f"global_targets_{lang}.yml").read_text(encoding="utf-8"))
    found = {k.removesuffix("-title").replace("-", "."): _clean(v) for k, v in data.items()}
    return dict(sorted(found.items(), key=lambda item: _sort_key(item[0])))


@cache
def corpus_goals(lang: str) -> dict[str, str]:
    """The 17 goals' titles in `lang`, by number ("6")."""
    data = yaml.safe_load((SDG / f"global_goals_{lang}.yml").read_text(encoding="utf-8"))
    found = {k.removesuffix("-title"): _clean(v) for k, v in data.items() if k.endswith("-title")}
    return dict(sorted(found.items(), key=lambda item: int(item[0])))


def paragraphs(version: int, lang: str) -> dict[str, str]:
    """Every paragraph of version `version` (1 or 2) in `lang`, by key ("goal 6", "6.1"), in order."""
    targets = corpus_targets(lang)
    found: dict[str, str] = {}
    for goal, title in corpus_goals(lang).items():
        found[f"goal {goal}"] = title
        for key, text in targets.items():
            if key.split(".")[0] == goal:
                found[key] = REVISED[key][lang] if version == 2 and key in REVISED else text
    return found


def _body(version: int, lang: str) -> str:
    lines = []
    for key, text in paragraphs(version, lang).items():
        lines += [f"# {text} {{#{eid_of(key)}}}" if key.startswith("goal ") else f"1. {text} {{#{eid_of(key)}}}", ""]
    return "\n".join(lines)


def _source_file(version: int) -> str:
    note = (
        "Resolución 70/1 de la Asamblea General: objetivos y metas."
        if version == 1
        else "Revisión de prueba: cuatro metas redactadas de nuevo para los tests de búsqueda (no es un texto oficial)."
    )
    date = "2015-09-25" if version == 1 else "2020-03-30"
    head = f'---\nnumber: {version}\nlabel: "{LABELS[version - 1]}"\ndate: "{date}"\nnote: "{note}"\n---\n'
    return head + _body(version, "es")


def _edition_file(version: int, lang: str, source: str) -> str:
    """Version `version`'s edition in `lang`: each paragraph made from that version's source text (`source`, the
    Spanish file), approved."""
    _, blocks = parse_declaration(source, "source.md")
    made_from = "\n".join(f'  {b.eid}: "{revision_id(b.text)}"' for b in blocks)
    states = "\n".join(f'  {b.eid}: "approved"' for b in blocks)
    head = (
        f'---\nnumber: {version}\nlabel: "{LABELS[version - 1]}"\nlanguage: "{lang}"\n'
        f"made_from:\n{made_from}\nstates:\n{states}\n---\n"
    )
    return head + _body(version, lang)


PROCESS_TOML = f"""slug = "{SLUG}"
source_language = "es"
languages = ["es", "en", "fr"]
timezone = "America/New_York"
phase = "negotiation"

[title]
es = "Transformar nuestro mundo: la Agenda 2030 para el Desarrollo Sostenible"
en = "Transforming our world: the 2030 Agenda for Sustainable Development"
fr = "Transformer notre monde : le Programme de développement durable à l’horizon 2030"

[place]
es = "Nueva York"
en = "New York"
fr = "New York"

[[members]]
email = "{COMMITTEE}"
name = "Comité"
role = "committee"
languages = []

[[members]]
email = "{MEMBER}"
name = "Miembro"
role = "member"
languages = []
"""


def write_folder(folder: Path) -> Path:
    """The process as a folder of the drafts/ format (drafts/README.md) at `folder`."""
    declaration = folder / "declaration"
    declaration.mkdir(parents=True)
    (folder / "process.toml").write_text(PROCESS_TOML, encoding="utf-8")
    for version, stem in ((1, "01-a-res-70-1"), (2, "02-rev-1")):
        source = _source_file(version)
        (declaration / f"{stem}.es.md").write_text(source, encoding="utf-8")
        for lang in LANGUAGES[1:]:
            (declaration / f"{stem}.{lang}.md").write_text(_edition_file(version, lang, source), encoding="utf-8")
    return folder


@dataclass(frozen=True)
class SdgProcess:
    """The imported process on one store, and two of its people."""

    backend: str
    store: Store
    committee: Actor
    member: Actor
    slug: str = SLUG


def build(backend: str, url: str, folder: Path) -> SdgProcess:
    """Import the folder into the store at `url`, and give its committee and member a password to sign in with (the
    folder carries none)."""
    store = make_store(url)
    with pytest.MonkeyPatch.context() as patch:  # argon2 at its lightest, as the function-scoped fixture does
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
        transfer.import_folder(store, None, folder)
        people = []
        for email in (COMMITTEE, MEMBER):
            accounts.set_password(store, SYSTEM, email, PASSWORD)
            people.append(accounts.authenticate(store, email, PASSWORD))
    return SdgProcess(backend, store, *people)


def _close(made: SdgProcess) -> None:
    forget_state(made.store)
    made.store.dispose()


@pytest.fixture(scope="module")
def sdg_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SDG.is_dir():  # as the corpus mark says: skipped without it, failed under ACCORD_REQUIRE_CORPUS=1
        needs.absent("corpus", f"the shared corpus is not at {SDG}")
    return write_folder(tmp_path_factory.mktemp("sdg") / SLUG)


@pytest.fixture(scope="module")
def sdg_sqlite(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path, sdg_folder: Path
) -> Iterator[SdgProcess]:
    """The process on SQLite, shared by a module's tests (they only read it)."""
    path = tmp_path_factory.mktemp("sdg-sqlite") / "accord.db"
    shutil.copy(sqlite_template, path)
    made = build("sqlite", f"sqlite:///{path}", sdg_folder)
    yield made
    _close(made)


@pytest.fixture(scope="module")
def sdg_postgresql(pg_template: str, sdg_folder: Path) -> Iterator[SdgProcess]:
    """The process on PostgreSQL (a database of its own from the migrated template), shared by a module's tests."""
    name = f"accord_sdg{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    made = build("postgresql", _pg_url(name), sdg_folder)
    yield made
    _close(made)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def sdg(request: pytest.FixtureRequest) -> SdgProcess:
    """The process on each store in turn."""
    return request.getfixturevalue(f"sdg_{request.param}")
