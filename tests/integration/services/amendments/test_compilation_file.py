"""The compilation as a Word file: one use case, called by the API (and so the page's link) and the CLI."""

from __future__ import annotations

import ast
import io
import re

import pytest
from docx import Document

from tests.demo_data import kutahya
from workspace import i18n
from workspace.domain.errors import NotFound
from workspace.services import accounts, amendments
from workspace.settings import ROOT

S = "kutahya-2021"
MEMBER = "miembro@demo.accord"


@pytest.fixture
def member(store):
    kutahya(store)
    return accounts.actor_by_email(store, MEMBER)


def paragraphs(body: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(body)).paragraphs]


@pytest.mark.parametrize("reader", ["en", "fr", "es"])
def test_its_own_words_are_in_the_language_of_the_version_whoever_asks(store, member, reader):
    with i18n.locale_scope(reader):
        file = amendments.compilation_file(store, member, S, "Rev.1")
    text = paragraphs(file.body)
    assert file.view.language == "es" and file.view.version == "Rev.1"
    assert text[0].endswith(" · Rev.1")
    assert text[1] == "Compilación de las enmiendas abiertas a Rev.1."
    assert file.name == "kutahya-2021-rev-1.docx"
    open_ones = sum(len(p.amendments) for p in file.view.paragraphs)
    assert open_ones > 0 and sum(t.startswith("A") and " · " in t for t in text) == open_ones
    # Each amendment's paragraph as the version's language prints it ("A3 · PD 2 · …"), whoever asks.
    labels = [t for t in text if t.startswith("A") and " · " in t]
    assert all(re.match(r"^A\d+ · (PP|PD)\u00a0\d+", t) for t in labels), labels
    assert i18n.get_locale() == "en"  # the locale of the caller is left as it was


def test_the_same_file_whatever_the_caller_s_locale(store, member):
    with i18n.locale_scope("fr"):
        french = amendments.compilation_file(store, member, S, "Rev.1")
    english = amendments.compilation_file(store, member, S, "Rev.1")
    assert paragraphs(french.body) == paragraphs(english.body)


def test_an_unknown_version_is_not_found(store, member):
    with pytest.raises(NotFound):
        amendments.compilation_file(store, member, S, "Rev.9")


def imported(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


def test_the_api_and_the_cli_call_the_use_case_not_the_renderer():
    for path in (*(ROOT / "workspace" / "cli").glob("*.py"), ROOT / "workspace" / "web" / "api" / "amendments.py"):
        assert not any(m.endswith("renderers.compilation_docx") for m in imported(path)), path
