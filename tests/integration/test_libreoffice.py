"""LibreOffice itself: it opens the Word files Accord writes, it makes the committed Word fixtures
that the unit tests read without it (tests/fixtures/word/make_fixtures.py), and a version's Word file
with one word changed in it, changes not tracked, asks that word alone. Each test starts LibreOffice
(seconds), which is why they are here and not in tests/unit."""

from __future__ import annotations

import importlib.util
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from tests import needs
from tests.integration.services.amendments.test_word_import import OPTIONS, _edited_in_libreoffice
from tests.unit.renderers.models import kutahya_blocks, kutahya_model, model_of
from workspace.domain.word.word_amendments import read_proposals
from workspace.domain.word.word_reading import read_docx
from workspace.renderers.publication_docx import edition_docx, parallel_docx, read_back

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "word"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


@pytest.mark.parametrize("name", ["version-rev1-tracked", "publication-edited"])
def test_a_committed_fixture_is_what_libreoffice_makes_of_the_script(tmp_path, name):
    # LibreOffice makes the fixtures; the committed files are read without it.
    made = _script().convert(name, needs.program("libreoffice"), tmp_path)

    def body(path: Path) -> str:  # LibreOffice's settings (a random session id …) change from run to run
        text = path.read_text(encoding="utf-8")
        return text[text.index("<office:body>") :]

    assert body(tmp_path / f"{name}.fodt") == body(FIXTURES / f"{name}.fodt")
    assert read_docx(made.read_bytes(), made.name) == read_docx((FIXTURES / f"{name}.docx").read_bytes(), made.name)


def test_libreoffice_opens_the_word_files(tmp_path):
    office = needs.program("libreoffice")
    model = kutahya_model()
    (tmp_path / "kutahya-2021.fr.docx").write_bytes(edition_docx(model, "fr"))
    (tmp_path / "kutahya-2021.es-en-fr.docx").write_bytes(parallel_docx(model))
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "kutahya-2021.fr.docx"),
            str(tmp_path / "kutahya-2021.es-en-fr.docx"),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    for name in ("kutahya-2021.fr.pdf", "kutahya-2021.es-en-fr.pdf"):
        assert (tmp_path / name).stat().st_size > 1000


@pytest.mark.needs("libreoffice")
def test_one_word_changed_in_libreoffice_without_tracking_asks_that_word_alone(tmp_path):
    # Saved by LibreOffice, the file is a clean rewrite: every paragraph is compared, its title block too.
    blocks = [replace(b, text=OPTIONS) if b.eid == "op_12" else b for b in kutahya_blocks()]
    body = edition_docx(model_of(blocks, languages=("es",)), "es", final=False)
    edited = _edited_in_libreoffice(tmp_path, body, {"track": False, "replace": [["alentar", "invitar"]]})
    tracked, found = read_proposals(edited, "rev2.docx", blocks, read_back(blocks))
    assert not tracked
    assert [(a.kind, a.eid, a.text) for a in found.amendments] == [
        ("modify", "op_12", OPTIONS.replace("alentar", "invitar"))
    ]
    assert not found.unplaced and not found.threads
