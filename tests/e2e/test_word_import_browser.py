"""Word in, in real Chromium: a member downloads Rev.1 as Word from its page, sends it back with a
change tracked (as LibreOffice or Word writes one) and a margin comment, sees the preview, unticks
nothing, files; the amendment and the thread are there, with the Word author."""

from __future__ import annotations

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.e2e.server import (
    chromium_or_skip,
    demo_store,
    running_server,
    signed_in,
)

chromium_or_skip()

pytestmark = pytest.mark.e2e
SLUG = "kutahya-2021"
MEMBER = "miembro@demo.accord"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def amended(word: bytes) -> bytes:
    """The file as a delegation sends it back: "mundiales" → "mundiales y regionales", tracked, by the
    Delegación del Ecuador, and a comment on "Race to Resilience"."""
    from copy import deepcopy

    document = Document(io.BytesIO(word))
    paragraph = next(p for p in document.paragraphs if "campañas mundiales" in p.text)
    for run in paragraph.runs:
        if "campañas mundiales" in run.text:
            before, after = run.text.split("campañas mundiales", 1)
            run.text = before + "campañas mundiales"
            inserted = deepcopy(run._r)
            inserted.find(f"{W}t").text = " y regionales"
            change = document.element.makeelement(
                f"{W}ins", {f"{W}id": "901", f"{W}author": "Delegación del Ecuador", f"{W}date": "2025-05-02T10:00:00Z"}
            )
            change.append(inserted)
            run._r.addnext(change)
            rest = deepcopy(run._r)
            rest.find(f"{W}t").text = after
            change.addnext(rest)
            break
    target = next(r for p in document.paragraphs for r in p.runs if "Race to Resilience" in r.text)
    document.add_comment([target], text="¿Y la Race to Zero?", author="Delegación del Ecuador", initials="EC")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_member_sends_back_the_version_amended_in_word_and_files_it(tmp_path, browser):
    with running_server(tmp_path, demo_store(tmp_path, MEMBER)) as server:
        try:
            member = signed_in(browser, server.url, MEMBER)
            member.goto(f"{server.url}/p/{SLUG}/declaration/versions/2")
            with member.expect_download() as download:
                member.locator(".version-actions a[download]").click()
            path = tmp_path / "rev1.docx"
            download.value.save_as(path)
            (tmp_path / "rev1-ecuador.docx").write_bytes(amended(path.read_bytes()))

            member.get_by_role("link", name="Subir un archivo Word").first.click()
            member.locator("input[type=file]").set_input_files(str(tmp_path / "rev1-ecuador.docx"))
            member.locator("#word-upload button[type=submit]").click()
            expect(member.locator("li.word-amendment")).to_have_count(1)
            expect(member.locator("li.word-amendment .diff ins")).to_contain_text("y regionales")
            expect(member.locator("li.word-amendment")).to_contain_text("Delegación del Ecuador")
            expect(member.locator("li.word-thread")).to_contain_text("Race to Resilience")
            member.locator("#word-file button[type=submit]").click()
            member.wait_for_url("**/amendments?version=2")
            expect(member.locator("[role=status], .flash").first).to_contain_text("rev1-ecuador.docx")

            member.goto(f"{server.url}/p/{SLUG}/threads")
            expect(member.locator("main")).to_contain_text("¿Y la Race to Zero?")
        finally:
            browser.close()
