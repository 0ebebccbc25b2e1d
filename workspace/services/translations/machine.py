"""Machine drafts on demand, through a pluggable engine: Apertium from Debian's packages (Spanish↔English,
Spanish↔French; English↔French through Spanish) where installed, LibreTranslate at an address, or none.

A machine draft is only a suggestion beside the text box, labelled as such: nothing is saved, and it counts
as translated only once a person saves it (after reading, and usually editing, it). The translation memory
and the glossary come first in the editor; the machine drafts what they cannot."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import httpx
from msgspec import Struct
from sqlalchemy.orm import Session

from ...domain.declaration.document import revision_id
from ...domain.errors import N_, Conflict, NotFound
from ...domain.permissions import Action
from ...settings import Settings
from ..access import process_for
from ..actor import Actor
from ..declaration.naming import paragraph_name
from ..declaration.sides import reads_draft_sources, side
from ..unit import Db, reads
from .records import require_writer, target_language

TIMEOUT = 30  # seconds an engine may take for one paragraph


class Engine(Protocol):
    @property
    def name(self) -> str: ...

    def pairs(self) -> set[tuple[str, str]]: ...

    def translate(self, text: str, source: str, target: str) -> str: ...


# Apertium's modes (Debian's apertium-eng-spa and apertium-fr-es) by language pair.
APERTIUM_MODES = {("es", "en"): "spa-eng", ("en", "es"): "eng-spa", ("es", "fr"): "es-fr", ("fr", "es"): "fr-es"}


@dataclass(frozen=True)
class Apertium:
    """Apertium run as a program, one paragraph at a time (`-u`: unknown words as they are, unmarked)."""

    name: str = "Apertium"

    @staticmethod
    @lru_cache(maxsize=1)
    def _installed() -> frozenset[str]:
        if shutil.which("apertium") is None:
            return frozenset()
        listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True, timeout=TIMEOUT, check=False).stdout
        return frozenset(line.strip() for line in listed.splitlines() if line.strip())

    def pairs(self) -> set[tuple[str, str]]:
        direct = {pair for pair, mode in APERTIUM_MODES.items() if mode in self._installed()}
        through = {(a, c) for a, b in direct for b2, c in direct if b == b2 == "es" and a != c}
        return direct | through

    def _run(self, text: str, mode: str) -> str:
        done = subprocess.run(
            ["apertium", "-u", "-f", "txt", mode],
            input=text,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if done.returncode != 0:
            raise Conflict(
                N_("The machine translation failed: {reason}"), reason=done.stderr.strip()[:200] or done.returncode
            )
        return done.stdout.strip()

    def translate(self, text: str, source: str, target: str) -> str:
        text = unicodedata.normalize("NFC", text)  # Apertium reads a decomposed accent as two letters
        if (source, target) in APERTIUM_MODES:
            return self._run(text, APERTIUM_MODES[source, target])
        return self._run(self._run(text, APERTIUM_MODES[source, "es"]), APERTIUM_MODES["es", target])


@dataclass(frozen=True)
class LibreTranslate:
    """A LibreTranslate server (its `/translate` endpoint)."""

    url: str
    name: str = "LibreTranslate"

    def pairs(self) -> set[tuple[str, str]]:
        codes = ("es", "en", "fr")
        return {(a, b) for a in codes for b in codes if a != b}

    def translate(self, text: str, source: str, target: str) -> str:
        try:
            answer = httpx.post(
                f"{self.url.rstrip('/')}/translate",
                json={"q": text, "source": source, "target": target, "format": "text"},
                timeout=TIMEOUT,
            )
            answer.raise_for_status()
            return str(answer.json()["translatedText"]).strip()
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            raise Conflict(N_("The machine translation failed: {reason}"), reason=type(exc).__name__) from exc


def engine_from(settings: Settings) -> Engine | None:
    """The engine the settings name, or None (none set, or Apertium not installed)."""
    if settings.machine == "libretranslate" and settings.machine_url:
        return LibreTranslate(settings.machine_url)
    if settings.machine == "apertium" and Apertium().pairs():
        return Apertium()
    return None


def offered(engine: Engine | None, source: str, target: str) -> str:
    """The name of the engine that drafts from `source` into `target` here, or "" (none does)."""
    return engine.name if engine is not None and (source, target) in engine.pairs() else ""


class MachineDraftView(Struct, frozen=True, kw_only=True):
    eid: str
    source_revision: str  # the source it was made from: name it when saving what you made of it
    text: str
    engine: str  # Apertium, LibreTranslate
    machine: bool = True  # always: a draft to read and edit, never saved by itself


@reads
def _source(
    tx: Session, actor: Actor | None, slug: str, language: str, eid: str, version: str | None
) -> tuple[str, str, str]:
    process, role = process_for(tx, slug, actor, Action.READ)
    code = target_language(process, language)
    require_writer(tx, process, role, actor, code)
    on = side(tx, process, version, role, actor, draft=reads_draft_sources(role, actor), eids={eid})
    text = on.texts.get(eid)
    if text is None:
        printed = paragraph_name(tx, process, eid, on.version)  # one the text does not have: as last printed
        raise NotFound(N_("No paragraph “{eid}” in {version}."), eid=printed, version=on.label)
    return text, on.language, code


def machine_draft(
    db: Db, engine: Engine | None, actor: Actor | None, slug: str, language: str, eid: str, version: str | None = None
) -> MachineDraftView:
    """A machine draft of paragraph `eid` of `version` in `language`, for its translators; nothing is saved."""
    text, source, target = _source(db, actor, slug, language, eid, version)
    if engine is None or not offered(engine, source, target):
        raise NotFound(
            N_("No machine translation from {source} into {target} is set up here."), source=source, target=target
        )
    return MachineDraftView(
        eid=eid, source_revision=revision_id(text), text=engine.translate(text, source, target), engine=engine.name
    )
