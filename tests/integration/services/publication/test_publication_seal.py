"""A publication made where the organisation's seal is set (ACCORD_PDF_SEAL): each PDF kept is the PDF as typeset with
the seal appended, valid under the organisation's certificate; the other files are as they were; the signed
manifest lists the sealed bytes, and a sealed PDF handed to verification is genuine."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.conftest import SEALING
from tests.demo_data import settled_kutahya
from tests.integration.services.publication.test_publication import SYMBOL
from tests.integration.support import as_rendered, forget_state
from tests.seals import PASSWORD, certificate_file, validated
from workspace.renderers.pdf_seal import PdfSeal
from workspace.renderers.publication_files import render
from workspace.services import publication
from workspace.services.actor import SYSTEM
from workspace.services.publication import manifests, verification
from workspace.store.db import make_store

S = "kutahya-2021"


@pytest.fixture
def sealing_store(db_url, tmp_path):
    certificate = certificate_file(tmp_path)
    made = make_store(db_url, sealing=SEALING, seal_pdf=PdfSeal.load(str(certificate), PASSWORD))
    yield made, certificate
    forget_state(made)
    made.dispose()


def test_the_published_pdfs_carry_the_seal_and_everything_else_is_as_typeset(sealing_store, store):
    sealed_store, certificate = sealing_store
    settled_kutahya(store)
    publication.publish(sealed_store, SYSTEM, S, publication.Publish(version="Rev.1", symbol=SYMBOL, date="2021-10-08"))
    _summary, model = publication.publication_model(store, S)
    kept = {}
    for stored in publication.publication_files(store, S, 1):
        with publication.file_content(store, stored) as body:
            kept[stored.name] = body.read()
        typeset = render(model, stored.name)[0]
        if stored.name.endswith(".pdf"):
            assert kept[stored.name].startswith(typeset) and kept[stored.name] != typeset, stored.name
            (signature,) = PdfFileReader(io.BytesIO(kept[stored.name])).embedded_signatures
            status = validated(signature, certificate)
            assert status.intact and status.valid and status.trusted and status.coverage.name == "ENTIRE_FILE"
        else:
            assert as_rendered(stored.name, kept[stored.name]) == typeset, stored.name
    assert sum(name.endswith(".pdf") for name in kept) == 4
    signed = manifests.sealed(store, S, 1)
    assert signed is not None
    manifest = json.loads(signed.manifest)
    assert {f["name"]: f["sha256"] for f in manifest["files"]} == {
        name: hashlib.sha256(body).hexdigest() for name, body in kept.items()
    }
    found = verification.verify(store, kept[f"{S}.fr.pdf"], f"{S}.fr.pdf")
    assert found.genuine and (found.process, found.lang, found.file) == (S, "fr", f"{S}.fr.pdf")
