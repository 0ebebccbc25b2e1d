"""Each edition prints the version's name in its own language, where the committee gave one ("Version Rév.1" in the
French PDF and Word file, not the Spanish "Rev.1"), and a publication made before such names keeps its one name."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace

import pytest
from docx import Document

from tests.unit.renderers.models import kutahya_model
from workspace.domain.publication.publication import model_data, model_from_data
from workspace.renderers.publication_crosswalk import crosswalk_csv
from workspace.renderers.publication_docx import edition_docx
from workspace.renderers.publication_pdf import edition_pdf

NAMES = {"es": "Rev.1", "en": "Rev.1 (final)", "fr": "Rév.1 (finale)"}
PRINTED = {"es": "Versión Rev.1", "en": "Version Rev.1 (final)", "fr": "Version Rév.1 (finale)"}


def named_model():
    model = kutahya_model()
    editions = tuple(replace(e, version_label=NAMES[e.language] if e.language != "es" else "") for e in model.editions)
    return replace(model, editions=editions)


def word_text(docx: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)


@pytest.mark.needs("poppler")
def test_each_editions_pdf_and_word_file_print_the_version_in_its_language():
    model = named_model()
    for language in ("es", "en", "fr"):
        pdf = subprocess.run(
            ["pdftotext", "-", "-"], input=edition_pdf(model, language), capture_output=True, check=True
        ).stdout.decode()
        assert PRINTED[language] in " ".join(pdf.split()), language
        assert PRINTED[language] in word_text(edition_docx(model, language)), language
    assert "Rev.1" in crosswalk_csv(model, "es").splitlines()[0]
    assert "Rév.1 (finale)" in crosswalk_csv(model, "fr").splitlines()[0]


def test_the_names_are_kept_with_the_model_and_one_made_before_prints_its_one_name():
    model = named_model()
    assert model_from_data(model_data(model)) == model
    before = model_data(kutahya_model())
    for edition in before["editions"]:
        edition.pop("version_label")  # as a publication made before kept it
    old = model_from_data(before)
    assert [old.version_in(code) for code in ("es", "en", "fr")] == ["Rev.1", "Rev.1", "Rev.1"]
    assert "Version Rev.1" in word_text(edition_docx(old, "fr"))
