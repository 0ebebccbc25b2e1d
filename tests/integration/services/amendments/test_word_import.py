"""A Word file filed as amendments and threads, on both backends: the compilation Accord writes comes
back as its open amendments; a version downloaded as Word and edited in LibreOffice with changes tracked
gives amendments on the right eIds; a version downloaded as Word and sent back unchanged files nothing and
says nothing, with one word changed files that word alone (in LibreOffice too, without tracking), and the
draft downloaded as Word and imported as a version is the draft; a preview writes nothing and shows exactly
what filing makes; the committee files for a member; bad files and late files are refused, nothing filed."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import join, restored
from tests.integration.services.transfer.test_amendment_files import KUTAHYA
from tests.integration.services.transfer.test_transfer import admin_of
from tests.integration.support import dump
from workspace import i18n
from workspace.domain.amendments.amendment_commands import ImportWord, SetDeadline
from workspace.domain.declaration.declaration_commands import Circulate, EditParagraph, WordVersion
from workspace.domain.errors import Forbidden, ImportFailed, InvalidInput, NotFound
from workspace.renderers.compilation_docx import compilation_docx
from workspace.renderers.publication_docx import edition_docx
from workspace.services import accounts, amendments, comments, transfer
from workspace.services.declaration import draft, importing, versions
from workspace.services.publication.downloads import download_model

S = "kutahya-2021"
MEMBER, COMMITTEE = "miembro@demo.accord", "comite@demo.accord"
EDIT = Path(__file__).parents[3] / "libreoffice_edit.py"


@pytest.fixture
def demo(store):
    def build(store):
        transfer.import_folder(store, None, KUTAHYA)
        return admin_of(store)

    return restored(store, "demo", build)


def who(store, email):
    return accounts.actor_by_email(store, email)


def open_ones(store, actor, version: str) -> list[tuple[str, str, str]]:
    return sorted(
        (a.kind, a.eid, a.text) for a in amendments.list_amendments(store, actor, S, version=version, status="open")
    )


def test_the_compilation_written_by_accord_comes_back_as_its_open_amendments(store, demo):
    member = who(store, MEMBER)
    before = open_ones(store, member, "Rev.1")
    assert len(before) == 3  # A7, A8 on op_12, the insert A9 after op_16
    view = amendments.compilation(store, member, S, "Rev.1")
    body = compilation_docx(view, "Declaración de Kütahya · Rev.1", i18n.gettext)
    preview = amendments.import_word(store, member, S, ImportWord.build("Rev.1", body, "compilation.docx"))
    assert sorted((a.kind, a.eid, a.text) for a in preview.amendments) == before
    assert not preview.saved and not preview.threads
    filed = amendments.import_word(store, member, S, ImportWord.build("Rev.1", body, "compilation.docx", preview=False))
    assert [(a.number, a.kind, a.eid, a.text, a.ops) for a in filed.amendments] == [
        (a.number, a.kind, a.eid, a.text, a.ops) for a in preview.amendments
    ]  # the preview was exactly what is filed
    mine = [a for a in amendments.list_amendments(store, member, S, version="Rev.1", status="open") if a.source]
    assert sorted((a.kind, a.eid, a.text) for a in mine) == before
    assert all(
        a.proposer == member.name and a.source.file == "compilation.docx" and a.source.filed_by is None for a in mine
    )
    originals = {
        (a.eid, a.text): a for a in amendments.list_amendments(store, member, S, version="Rev.1") if not a.source
    }
    for a in mine:  # the same change as the one it was written from, by its delegation (else proposer), on its date
        original = originals[a.eid, a.text]
        by = original.delegation.name if original.delegation else original.proposer
        assert a.ops == original.ops and a.source.authors == [by]
        assert a.delegation is not None and a.delegation.code == "CHE"  # its author's delegation, or the filer's


# Two whole-paragraph options a blank line apart, with what Word does not carry: a link's address, `_` for `*`, a
# wrapped line.
OPTIONS = (
    "**Opción 1:** Nos comprometemos a crear un foro nacional de gobiernos locales[^1], según la\n"
    "[Agenda 2030](https://sdgs.un.org/2030agenda).\n\n"
    "**Opción 2:** Nos comprometemos a [promover][alentar] un foro nacional con las _ciudades intermedias_."
)


def with_options(store) -> None:
    """Rev.2 of the demo: Rev.1 with op_12 made of two whole-paragraph options."""
    committee = who(store, COMMITTEE)
    base = draft.get_draft_paragraph(store, committee, S, "op_12").revision
    draft.edit_paragraph(store, committee, S, "op_12", EditParagraph(base_revision=base, text=OPTIONS))
    draft.circulate(store, committee, S, Circulate(label="Rev.2"))


def downloaded(store, actor, ref: str) -> bytes:
    """The Word file of `ref` as its download makes it (`GET …/versions/{ref}.docx`)."""
    model, languages = download_model(store, actor, S, ref, None)
    return edition_docx(model, languages[0], final=False)


def _with_word_replaced(body: bytes, old: str, new: str) -> bytes:
    """The file with a word of its text replaced in the XML, as an editor that tracks nothing saves it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(body)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                assert data.count(old.encode()) == 1
                data = data.replace(old.encode(), new.encode())
            target.writestr(entry, data)
    return out.getvalue()


def test_a_version_sent_back_as_downloaded_files_nothing_and_says_nothing_and_one_word_changed_files_it_alone(
    store, demo
):
    with_options(store)
    member = who(store, MEMBER)
    for ref in ("Rev.1", "Rev.2"):
        body = downloaded(store, member, ref)
        before = dump(store)
        with pytest.raises(InvalidInput) as refused:  # nothing to file, and nothing read as new before the text
            amendments.import_word(store, member, S, ImportWord.build(ref, body, "same.docx", preview=False))
        assert refused.value.detail == {"unplaced": []} and dump(store) == before
    edited = _with_word_replaced(downloaded(store, member, "Rev.2"), "alentar", "invitar")
    found = amendments.import_word(store, member, S, ImportWord.build("Rev.2", edited, "one-word.docx"))
    assert [(a.kind, a.eid, a.text) for a in found.amendments] == [
        ("modify", "op_12", OPTIONS.replace("alentar", "invitar"))
    ]  # its link, emphasis and wrapped line as they were
    assert not found.unplaced and not found.threads


def test_the_draft_downloaded_as_word_and_imported_as_a_version_is_the_draft(store, demo):
    with_options(store)
    committee = who(store, COMMITTEE)
    body = downloaded(store, committee, "draft")
    view = importing.import_version(
        store, committee, S, WordVersion(filename="draft.docx", text="", label="Rev.3", preview=True, docx=body)
    )
    assert {change for change, n in view.compare.counts.items() if n} == {"unchanged"}
    assert not view.notices  # no title block read as paragraphs
    assert {m.how for m in view.matches} == {"explicit"}


def _edited_in_libreoffice(tmp_path: Path, body: bytes, edits: dict) -> bytes:
    (tmp_path / "in.docx").write_bytes(body)
    (tmp_path / "edits.json").write_text(json.dumps(edits), encoding="utf-8")
    subprocess.run(
        [
            "/usr/bin/python3",
            str(EDIT),
            str(tmp_path / "in.docx"),
            str(tmp_path / "out.docx"),
            str(tmp_path / "edits.json"),
        ],
        check=True,
        timeout=240,
        capture_output=True,
    )
    return (tmp_path / "out.docx").read_bytes()


@pytest.mark.needs("libreoffice")
def test_a_version_downloaded_as_word_and_edited_in_libreoffice_gives_amendments_on_the_right_eids(
    store, demo, tmp_path
):
    member = who(store, MEMBER)
    model = versions.version_model(store, member, S, "Rev.1")
    texts = {p.eid: p.text for p in model.editions[0].paragraphs}
    edited = _edited_in_libreoffice(
        tmp_path,
        edition_docx(model, "es", final=False),
        {
            "author": "Delegación de Ecuador",
            "replace": [["a las campañas mundiales", "a todas las campañas mundiales"]],
            "delete": [texts["op_17"][:40]],
            "insert_after": [
                [texts["op_3"][:40], "Nos comprometemos a publicar nuestros presupuestos en formatos abiertos."]
            ],
        },
    )
    filed = amendments.import_word(
        store, member, S, ImportWord.build("Rev.1", edited, "rev1-ecuador.docx", preview=False)
    )
    assert sorted((a.kind, a.eid) for a in filed.amendments) == [
        ("delete", "op_17"),
        ("insert", "op_3"),
        ("modify", "op_12"),
    ]
    modify = next(a for a in filed.amendments if a.kind == "modify")
    assert modify.text == texts["op_12"].replace("a las campañas mundiales", "a todas las campañas mundiales")
    assert [op.text for op in modify.ops if op.op == 1] == ["todas las "] or "todas" in "".join(
        op.text for op in modify.ops if op.op == 1
    )
    assert all(a.source.authors == ["Delegación de Ecuador"] and a.source.dates for a in filed.amendments)
    placed = {p.key: p for p in filed.placed}
    assert {placed[a.source.key].how for a in filed.amendments if a.kind != "insert"} == {"bookmark"}


def test_a_preview_writes_nothing_and_skipped_items_are_not_filed(store, demo):
    member = who(store, MEMBER)
    view = amendments.compilation(store, member, S, "Rev.1")
    body = compilation_docx(view, "Rev.1", i18n.gettext)
    before = dump(store)
    preview = amendments.import_word(store, member, S, ImportWord.build("Rev.1", body, "c.docx"))
    assert dump(store) == before
    skipped = preview.amendments[0].source.key
    filed = amendments.import_word(
        store, member, S, ImportWord.build("Rev.1", body, "c.docx", preview=False, skip=skipped)
    )
    assert len(filed.amendments) == len(preview.amendments) - 1 and skipped not in {
        a.source.key for a in filed.amendments
    }


def test_the_committee_files_for_a_member_and_no_one_else_may(store, demo):
    committee, member = who(store, COMMITTEE), who(store, MEMBER)
    body = compilation_docx(amendments.compilation(store, member, S, "Rev.1"), "Rev.1", i18n.gettext)
    filed = amendments.import_word(
        store, committee, S, ImportWord.build("Rev.1", body, "by-mail.docx", preview=False, on_behalf_of=MEMBER)
    )
    assert {(a.proposer, a.source.filed_by) for a in filed.amendments} == {(member.name, committee.name)}
    before = dump(store)
    with pytest.raises(Forbidden):
        amendments.import_word(
            store, member, S, ImportWord.build("Rev.1", body, "x.docx", preview=False, on_behalf_of=COMMITTEE)
        )
    with pytest.raises(NotFound):
        amendments.import_word(
            store,
            committee,
            S,
            ImportWord.build("Rev.1", body, "x.docx", preview=False, on_behalf_of="nobody@example.org"),
        )
    assert dump(store) == before


def test_the_member_filed_for_is_found_however_their_address_is_typed_and_no_address_is_422(store, demo):
    committee = who(store, COMMITTEE)
    kept = join(store, committee, S, "josé@bücher.example", "member")  # kept as "josé@xn--bcher-kva.example"
    body = compilation_docx(amendments.compilation(store, committee, S, "Rev.1"), "Rev.1", i18n.gettext)
    typed = ImportWord.build("Rev.1", body, "by-mail.docx", preview=False, on_behalf_of=" José@Bücher.EXAMPLE ")
    assert typed.on_behalf_of == kept.email == "josé@xn--bcher-kva.example"
    filed = amendments.import_word(store, committee, S, typed)
    assert {a.proposer for a in filed.amendments} == {kept.name}
    with pytest.raises(InvalidInput) as refused:
        ImportWord.build("Rev.1", body, "x.docx", on_behalf_of="miembro at demo.accord")
    assert refused.value.detail == {"field": "on_behalf_of"}


def test_bad_files_late_files_and_files_that_match_nothing_are_refused_and_nothing_is_filed(store, demo):
    member, committee = who(store, MEMBER), who(store, COMMITTEE)
    before = dump(store)
    with pytest.raises(ImportFailed):
        amendments.import_word(
            store, member, S, ImportWord.build("Rev.1", b"PK\x03\x04 not really a zip", "bad.docx", preview=False)
        )
    with pytest.raises(ImportFailed):
        amendments.import_word(store, member, S, ImportWord.build("Rev.1", b"Just text.", "notes.docx", preview=False))
    unchanged = edition_docx(versions.version_model(store, member, S, "Rev.1"), "es", final=False)
    with pytest.raises(InvalidInput):  # the version itself, as it was downloaded: nothing to file
        amendments.import_word(store, member, S, ImportWord.build("Rev.1", unchanged, "same.docx", preview=False))
    assert dump(store) == before
    amendments.set_deadline(
        store, committee, S, "Rev.1", SetDeadline(deadline=(datetime.now(UTC) - timedelta(days=1)).isoformat())
    )
    body = compilation_docx(amendments.compilation(store, member, S, "Rev.1"), "Rev.1", i18n.gettext)
    with pytest.raises(Forbidden):
        amendments.import_word(store, member, S, ImportWord.build("Rev.1", body, "late.docx", preview=False))


def commented_version(store, member, eid: str, words: str) -> bytes:
    """The whole of Rev.1 as Word writes it (python-docx, the comment parts by lxml), a margin comment on
    `words` of paragraph `eid` with a reply: no tracked change."""
    from tests.unit.domain.word_files import Comment, docx, para, run

    body = []
    for p in versions.get_version(store, member, S, "Rev.1").paragraphs:
        if p.eid != eid:
            body.append(para(run(p.text)))
            continue
        at = p.text.index(words)
        ranged = "".join(f'<w:commentRange{side} w:id="{n}"/>' for n in (0, 1) for side in ("Start",))
        ended = "".join(f'<w:commentRangeEnd w:id="{n}"/><w:r><w:commentReference w:id="{n}"/></w:r>' for n in (0, 1))
        body.append(para(run(p.text[:at]) + ranged + run(words) + ended + run(p.text[at + len(words) :])))
    return docx(
        "".join(body),
        [
            Comment("¿Cuáles, *exactamente*?", "Ana Ruiz (Ecuador)", "2025-05-02T10:00:00Z"),
            Comment("Las de la ONU.", "Léo Martin (France)", "2025-05-03T09:00:00Z", parent=0),
        ],
    )


def test_margin_comments_become_threads_on_the_commented_words_with_their_replies(store, demo):
    member = who(store, MEMBER)
    data = commented_version(store, member, "op_12", "campañas mundiales")
    filed = amendments.import_word(store, member, S, ImportWord.build("Rev.1", data, "comments.docx", preview=False))
    assert not filed.amendments  # the same text: no change to file
    [thread] = filed.threads
    assert (thread.eid, thread.quote.exact, thread.version) == ("op_12", "campañas mundiales", "Rev.1")
    assert [(c.body, c.source.author, c.source.date, c.author) for c in thread.comments] == [
        ("¿Cuáles, *exactamente*?", "Ana Ruiz (Ecuador)", "2025-05-02T10:00:00Z", member.name),
        ("Las de la ONU.", "Léo Martin (France)", "2025-05-03T09:00:00Z", member.name),
    ]
    again = comments.get_thread(store, member, S, thread.id)
    assert again.anchor is None or again.anchor.state == "exact"
    assert [c.source.file for c in again.comments] == ["comments.docx", "comments.docx"]
