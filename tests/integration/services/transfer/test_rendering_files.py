"""A process folder carries amendments in every language (issue 34), on both backends: the language an amendment was
proposed in (`lang`) and its renderings (`renderings`, each with its state, base, text, outside, by and at) go out in
its file and come back the same, and a second export gives the same bytes; who made a rendering and left is written as
no one; a damaged file is refused at its line and nothing is written."""

from __future__ import annotations

import shutil

import msgspec
import pytest

from tests.conftest import join, restored
from tests.integration.services.amendments.test_amendments import OP2, zero  # noqa: F401 - the fixture
from tests.integration.services.transfer.test_transfer import admin_of, files_of
from tests.integration.support import dump
from workspace.domain.amendments.amendment_commands import ProposeAmendment
from workspace.domain.amendments.renderings import SetRendering
from workspace.domain.declaration.document import revision_id
from workspace.domain.errors import ImportFailed
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import amendments, processes, transfer, translations
from workspace.services.amendments import renderings

P = "kutahya"
EN = "We call on national governments to support local finance."
FR = "Nous demandons aux gouvernements nationaux de soutenir le financement local."
FR_AMENDED = "Nous demandons aux gouvernements nationaux de soutenir fermement le financement local."
ES_RENDERED = OP2.replace("apoyar", "apoyar con firmeza")
EN_RENDERED = "We call on national governments to support local finance firmly."
FR_INSERTED = "Nous soutiendrons les réseaux de villes intermédiaires."
ES_AMENDED = OP2.replace("la financiación", "la financiación y la fiscalidad")
FR_RENDERED = "Nous demandons aux gouvernements nationaux de soutenir le financement et la fiscalité locaux."


def _build(store, people) -> None:
    """On version 1, op_2 translated into English and French; A1 proposed in French, rendered into Spanish (the
    source: approved) and English (rendered); A2 an insertion proposed in French, not rendered yet; A3 a deletion
    proposed in French (the same in every language); A4 proposed in Spanish, rendered into French by a translator who
    has left the process since."""
    for lang, text in (("en", EN), ("fr", FR)):
        row = next(r for r in translations.list_translations(store, people.committee, P, lang, "1") if r.eid == "op_2")
        translations.save_translation(
            store,
            people.committee,
            P,
            lang,
            "op_2",
            SaveTranslation(text=text, source_revision=row.source_revision, state="translated"),
            "1",
        )
    for command in (
        ProposeAmendment(version="1", eid="op_2", kind="modify", text=FR_AMENDED, rationale="Plus ferme.", lang="fr"),
        ProposeAmendment(version="1", eid="op_3", kind="insert", text=FR_INSERTED, lang="fr"),
        ProposeAmendment(version="1", eid="op_2", kind="delete", lang="fr"),
        ProposeAmendment(version="1", eid="op_2", kind="modify", text=ES_AMENDED),
    ):
        amendments.propose(store, people.member, P, command)
    renderings.set_rendering(
        store,
        people.committee,
        P,
        "A1",
        "es",
        SetRendering(text=ES_RENDERED, state="approved", base_revision=revision_id(OP2)),
    )
    renderings.set_rendering(
        store,
        people.translator,
        P,
        "A1",
        "en",
        SetRendering(text=EN_RENDERED, state="rendered", base_revision=revision_id(EN)),
    )
    french = join(store, people.committee, P, "traductrice@example.org", "translator", ("fr",))
    renderings.set_rendering(
        store, french, P, "A4", "fr", SetRendering(text=FR_RENDERED, state="rendered", base_revision=revision_id(FR))
    )
    processes.remove_member(store, people.committee, P, french.email)


@pytest.fixture
def exported(store, people, zero, tmp_path):  # noqa: F811 - the fixture
    restored(store, "rendering files", lambda s: _build(s, people))
    transfer.export_folder(store, None, P, tmp_path / "first")
    return tmp_path / "first"


def in_every_language(store, actor) -> dict[str, tuple[str | None, dict[str, object]]]:
    return {
        a.label: (a.lang, a.renderings)
        for a in (amendments.get_amendment(store, actor, P, n) for n in ("A1", "A2", "A3", "A4"))
    }


def test_an_amendment_s_language_and_renderings_go_out_in_its_file_and_come_back_the_same(
    store, fresh_store, exported, tmp_path
):
    first = files_of(exported)
    a1 = first["amendments/A1.md"].decode()
    assert 'lang: "fr"' in a1 and "renderings:" in a1
    block = a1[a1.index("renderings:") :].split("\n---\n")[0].split("\n")
    assert [line for line in block if not line.startswith("    ")] == ["renderings:", "  es:", "  en:", "  fr:"]
    assert block[1:8] == [
        "  es:",
        '    state: "approved"',
        f'    base: "{OP2}"',
        f'    text: "{ES_RENDERED}"',
        "    outside: false",
        '    by: "committee@example.org"',
        block[7],
    ] and block[7].startswith('    at: "')
    assert f'    text: "{FR_AMENDED}"' in block and '    by: "member@example.org"' in block
    assert a1.endswith(f"---\n{ES_RENDERED}\n")  # its wording in the source: the Spanish rendering
    a2 = first["amendments/A2.md"].decode()
    assert 'lang: "fr"' in a2 and '    state: "original"' in a2 and "    base: null" in a2
    a3 = first["amendments/A3.md"].decode()
    assert 'lang: "fr"' in a3 and "renderings:" not in a3
    a4 = first["amendments/A4.md"].decode()
    assert "lang:" not in a4 and "  fr:\n" in a4 and "    by: null" in a4  # she left: written as no one

    admin = admin_of(store)
    before = in_every_language(store, admin)
    assert before["A1"][0] == "fr" and set(before["A1"][1]) == {"es", "en", "fr"}
    assert before["A4"][0] == "es" and before["A4"][1]["fr"].by == "Traductrice"
    other = fresh_store()
    transfer.import_folder(other, None, exported)
    root = admin_of(other)
    after = in_every_language(other, root)
    assert after["A4"][1]["fr"].by is None  # no one: she was not in the folder
    before["A4"][1]["fr"] = msgspec.structs.replace(before["A4"][1]["fr"], by=None)
    assert after == before
    assert amendments.get_amendment(other, root, P, "A1").text == ES_RENDERED
    transfer.export_folder(other, None, P, tmp_path / "second")
    assert files_of(tmp_path / "second") == first


def test_an_amendment_without_language_nor_renderings_is_written_as_before(store, people, zero, tmp_path):  # noqa: F811
    amendments.propose(
        store, people.member, P, ProposeAmendment(version="1", eid="op_2", kind="modify", text=ES_AMENDED)
    )
    transfer.export_folder(store, None, P, tmp_path / "plain")
    text = files_of(tmp_path / "plain")["amendments/A1.md"].decode()
    assert "lang:" not in text and "renderings:" not in text


@pytest.mark.parametrize(
    ("file", "old", "new", "message", "below"),
    [
        ("amendments/A1.md", '    state: "rendered"', '    state: "final"', "Unknown state “final”", 0),
        ("amendments/A1.md", '    by: "translator@example.org"', '    by: "nadie@example.org"', "is not a member", 0),
        ("amendments/A1.md", '  en:\n    state: "rendered"', '  en:\n    state: "original"', "Only the rendering", 1),
        ("amendments/A1.md", '  fr:\n    state: "original"', '  fr:\n    state: "approved"', "its “original”", 1),
        ("amendments/A1.md", f'    text: "{EN_RENDERED}"\n', "", "The field “text” is required", -3),
        ("amendments/A3.md", 'lang: "fr"', 'lang: "es"', "is the source language of this process", 0),
        ("amendments/A3.md", 'lang: "fr"', 'lang: "de"', "Unknown language code “de”", 0),
        ("amendments/A4.md", "  fr:\n", "  es:\n", "proposed in “es”: its rendering there is its “original”", 1),
        (
            "process.toml",
            'languages = ["es", "en", "fr"]',
            'languages = ["es", "en"]',
            "“fr” is not a language of this process",
            None,
        ),
    ],
)
def test_a_damaged_rendering_is_refused_at_its_line_and_nothing_is_written(
    exported, fresh_store, tmp_path, file, old, new, message, below
):
    folder = tmp_path / "damaged"
    shutil.copytree(exported, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    other = fresh_store()
    before = dump(other)
    with pytest.raises(ImportFailed, match=message) as caught:
        transfer.import_folder(other, None, folder)
    if below is None:  # the process has no French: the first amendment proposed in it, at its language
        a1 = (folder / "amendments" / "A1.md").read_text(encoding="utf-8")
        at = (str(folder / "amendments" / "A1.md"), a1.split("\n").index('lang: "fr"') + 1)
    else:
        at = (str(path), text[: text.index(old)].count("\n") + 1 + below)
    assert (caught.value.file, caught.value.line) == at
    assert dump(other) == before
