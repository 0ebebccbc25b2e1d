"""The compilation and the disposition table in each language (issue 34), the use cases on both backends, and the
`accord compilation --lang` command.

Zero draft (tests/integration/services/declaration/test_declaration.py's): op_2 translated into English and
French, op_1 into English only. A1 is proposed in French on op_2, rendered into Spanish (approved: its wording in
the source) and into English; A2 inserts a paragraph after op_1, in Spanish, rendered into English; A3 deletes op_3,
which no other edition has yet."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from docx import Document

from tests.conftest import restored
from tests.integration.services.amendments.test_amendments import OP2, zero  # noqa: F401 - the fixture
from workspace.cli import main
from workspace.domain.amendments.amendment_commands import DecideAmendment, ProposeAmendment
from workspace.domain.amendments.renderings import SetRendering
from workspace.domain.declaration.document import revision_id
from workspace.domain.diffing import Op
from workspace.domain.errors import InvalidInput
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import amendments, translations
from workspace.services.amendments import renderings
from workspace.services.amendments.compilation_languages import compilation_in_languages
from workspace.services.amendments.disposition import disposition_in_languages

P = "kutahya"
OP1 = "Nos comprometemos a fortalecer la gobernanza multinivel."
EN = {
    "op_1": "We commit to strengthening multilevel governance.",
    "op_2": "We call on national governments to support local finance.",
}
FR = {"op_2": "Nous demandons aux gouvernements nationaux de soutenir le financement local."}
A1_FR = "Nous demandons aux gouvernements nationaux de soutenir fermement le financement local."
A1_ES = OP2.replace("apoyar", "apoyar con firmeza")
A1_EN = "We call on national governments to firmly support local finance."
A2_ES = "Apoyaremos las redes de ciudades intermedias."
A2_EN = "We shall support the networks of intermediary cities."


def _build(store, people):
    for lang, texts in (("en", EN), ("fr", FR)):
        rows = {r.eid: r for r in translations.list_translations(store, people.committee, P, lang, "1")}
        for eid, text in texts.items():
            translations.save_translation(
                store,
                people.committee,
                P,
                lang,
                eid,
                SaveTranslation(text=text, source_revision=rows[eid].source_revision, state="translated"),
                "1",
            )
    for command in (
        ProposeAmendment(version="1", eid="op_2", kind="modify", text=A1_FR, rationale="Plus ferme.", lang="fr"),
        ProposeAmendment(version="1", eid="op_1", kind="insert", text=A2_ES),
        ProposeAmendment(version="1", eid="op_3", kind="delete"),
    ):
        amendments.propose(store, people.member, P, command)
    for label, lang, text, base in (
        ("A1", "es", A1_ES, OP2),
        ("A1", "en", A1_EN, EN["op_2"]),
        ("A2", "en", A2_EN, ""),
    ):
        state = "approved" if lang == "es" else "rendered"
        renderings.set_rendering(
            store,
            people.committee,
            P,
            label,
            lang,
            SetRendering(text=text, state=state, base_revision=revision_id(base)),
        )


@pytest.fixture
def material(store, people, zero):  # noqa: F811 - the fixture
    restored(store, "compilation in languages", lambda s: _build(s, people))
    return people


def inserted(ops) -> str:
    return "".join(p.text for p in ops if p.op == Op.INSERT)


def test_each_amendment_in_each_language_as_a_change_of_that_edition(store, material):
    view = compilation_in_languages(store, material.observer, P, "es-fr-en", "1")
    assert view.languages == ["es", "fr", "en"] and view.labels == ["Borrador cero"] * 3
    by_eid = {p.eid: p for p in view.paragraphs}
    assert [(t.lang, t.translated, t.text) for t in by_eid["op_1"].texts] == [
        ("es", True, OP1),
        ("fr", False, OP1),  # no French yet: the Spanish, said so
        ("en", True, EN["op_1"]),
    ]
    [a1] = by_eid["op_2"].amendments
    assert [(w.lang, w.words, w.state) for w in a1.wordings] == [
        ("es", "es", "approved"),
        ("fr", "fr", "original"),
        ("en", "en", "rendered"),
    ]
    assert [inserted(w.ops) for w in a1.wordings] == ["con firmeza ", "fermement ", "firmly "]
    [a2] = by_eid["op_1"].amendments  # the insert stands under the paragraph it goes after
    assert [(w.words, w.state, inserted(w.ops)) for w in a2.wordings] == [
        ("es", "original", A2_ES),
        ("es", "not_rendered", A2_ES),  # not in French yet: its Spanish words
        ("en", "rendered", A2_EN),
    ]
    [a3] = by_eid["op_3"].amendments
    assert [(w.words, w.state) for w in a3.wordings] == [("es", "same"), ("es", "same"), ("es", "same")]
    assert all(
        [(p.op, p.text) for p in w.ops] == [(Op.DELETE, "Promoveremos los vínculos urbano-rurales.")]
        for w in a3.wordings
    )


def test_the_word_file_in_french_and_its_name(store, material):
    file = amendments.compilation_file(store, material.member, P, "1", "fr")
    assert file.name == "kutahya-borrador-cero-fr.docx"
    text = [p.text for p in Document(io.BytesIO(file.body)).paragraphs]
    assert text[0] == "Déclaration de Kütahya · Borrador cero"
    assert "2. " + FR["op_2"] in text
    assert text[2].startswith("Légende")  # its own words in French
    a2 = next(t for t in text if t.startswith("A2 · "))
    assert "français" in a2 and "espagnol" in a2  # not rendered into French: said so, in French words
    assert not Document(io.BytesIO(file.body)).tables


def test_a_decided_amendment_s_resulting_text_in_each_language(store, material):
    amendments.decide_amendment(store, material.committee, P, "A1", DecideAmendment(decision="accepted", reason="Sí."))
    rows = {r.label: r for r in disposition_in_languages(store, material.member, P, "1", "fr-es")}
    a1 = rows["A1"]
    assert (a1.status, a1.ref) == ("accepted", "PD\u00a02")
    assert [(w.lang, w.text, w.resulting_text, w.resulting_words) for w in a1.wordings] == [
        ("fr", A1_FR, A1_FR, "fr"),  # its rendering, offered as the new translation
        ("es", A1_ES, A1_ES, "es"),
    ]
    a3 = rows["A3"]
    assert [(w.text, w.state) for w in a3.wordings] == [(None, "same"), (None, "same")]
    text = amendments.disposition_csv(store, material.member, P, "1", "fr")
    assert text.startswith("\ufeffAmendement,Type,Paragraphe,Réf.,Auteur,Délégation,Coauteurs,")
    plain = amendments.disposition_csv(store, material.member, P, "1")
    assert plain.startswith("\ufeffamendment,kind,paragraph,reference,")


def test_a_language_that_is_not_the_process_s_is_refused_naming_it(store, material):
    for lang, named in (("de", "de"), ("en-it", "it"), ("-", "-")):
        with pytest.raises(InvalidInput) as refused:
            compilation_in_languages(store, material.member, P, lang, "1")
        assert refused.value.params["language"] == named
    assert compilation_in_languages(store, material.member, P, "EN-fr-en", "1").languages == ["en", "fr"]


def test_the_command_writes_the_compilation_in_languages(store, material, db_url, monkeypatch, tmp_path):
    monkeypatch.setenv("ACCORD_DATABASE_URL", db_url)
    monkeypatch.setenv("ACCORD_SECRET_KEY", "cli-test-secret-0123456789abcdef")
    runner = CliRunner()
    out = tmp_path / "compilation.docx"
    done = runner.invoke(main, ["compilation", P, "1", "--out", str(out), "--lang", "es-en-fr"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert "5 paragraphs of Borrador cero, 3 open amendments" in done.output
    [table] = Document(str(out)).tables
    assert [c.text for c in table.rows[0].cells] == ["Español", "English", "Français"]
    english = tmp_path / "english.docx"
    assert runner.invoke(main, ["compilation", P, "1", "--out", str(english), "--lang", "en"]).exit_code == 0
    assert "2. " + EN["op_2"] in [p.text for p in Document(str(english)).paragraphs]
    refused = runner.invoke(main, ["compilation", P, "1", "--out", str(out), "--lang", "de"])
    assert refused.exit_code == 1 and "“de”" in refused.output, refused.output
