"""Translators' tools on both backends (issue 35): glossary terms proposed by translators and decided by the
committee or a reviewer of their languages; search and replace in one language, previewed, then applied as
ordinary saves (compare-and-set, history, a row changed since the preview skipped); the memory never suggesting a
paragraph's own translation, and marking its earlier one as such."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.backends import BACKENDS_DIFFER
from tests.conftest import restored
from tests.integration.services.declaration.test_declaration import ZERO
from tests.integration.services.translations.test_translations import OP1_EN, edit, row, save
from tests.integration.support import dump
from workspace.domain.consultations.consultations import MemberChange, ProcessDraft
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from workspace.domain.translations.find_replace import Search
from workspace.domain.translations.terms import ProposeTerm, RejectProposal
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import processes, translations
from workspace.services.declaration import importing as version_import
from workspace.store.models import Activity

pytestmark = BACKENDS_DIFFER  # the memory's suggestions, counted by PostgreSQL's own query

P = "kutahya"


@pytest.fixture
def zero(store, people):
    return restored(
        store,
        "zero",
        lambda s: version_import.import_version(s, people.committee, P, ImportVersion(filename="zero.md", text=ZERO)),
    )


def test_a_translator_proposes_a_term_and_the_committee_approves_it(store, people, zero):
    proposed = translations.propose_term(
        store,
        people.translator,
        P,
        ProposeTerm(
            source="gobernanza multinivel",
            translations={"en": "multilevel governance", "fr": "gouvernance multiniveau"},
            note="UN usage.",
        ),
    )
    assert (proposed.state, proposed.proposed_by) == ("proposed", "Translator")
    # Only a proposal: the glossary, its checks and the editor's terms do not know it yet.
    assert translations.get_glossary(store, people.committee, P).terms == []
    assert not [c for c in row(store, people.translator, "op_1").checks if c.check == "glossary"]
    assert [p.source for p in translations.list_proposals(store, people.committee, P)] == ["gobernanza multinivel"]
    with pytest.raises(Forbidden):
        translations.list_proposals(store, people.member, P)  # members and observers do not see proposals
    with pytest.raises(Forbidden):
        translations.approve_proposal(store, people.translator, P, proposed.id)  # translators do not review here
    with pytest.raises(Conflict):  # proposed twice
        translations.propose_term(
            store, people.committee, P, ProposeTerm(source="Gobernanza multinivel", translations={"en": "x"})
        )

    approved = translations.approve_proposal(store, people.committee, P, proposed.id)
    assert (approved.state, approved.decided_by) == ("approved", "Committee")
    [term] = translations.get_glossary(store, people.committee, P).terms
    assert term.translations == {"en": "multilevel governance", "fr": "gouvernance multiniveau"}
    assert term.note == "UN usage."
    save(store, people.translator, "op_1", "We commit to strengthening multi-level governance.")
    assert [c.check for c in row(store, people.translator, "op_1").checks if c.check == "glossary"] == ["glossary"]
    with pytest.raises(Conflict):  # decided already
        translations.reject_proposal(store, people.committee, P, proposed.id, RejectProposal(reason="No."))
    with pytest.raises(Conflict):  # in the glossary now
        translations.propose_term(
            store, people.translator, P, ProposeTerm(source="Gobernanza multinivel", translations={"en": "x"})
        )
    verbs = [a.verb for a in _activity(store)]
    assert verbs[-3:-1] == ["glossary.proposed", "glossary.term_approved"]


def test_proposals_refuse_bad_input_and_a_reviewer_of_the_languages_decides(store, people, zero):
    before = dump(store)
    for source, given in (("", {"en": "x"}), ("ciudad", {}), ("ciudad", {"de": "Stadt"}), ("ciudad", {"es": "x"})):
        with pytest.raises(InvalidInput):
            translations.propose_term(store, people.translator, P, ProposeTerm(source=source, translations=given))
    with pytest.raises(Forbidden):
        translations.propose_term(store, people.member, P, ProposeTerm(source="ciudad", translations={"en": "city"}))
    with pytest.raises(NotFound):
        translations.propose_term(store, people.outsider, P, ProposeTerm(source="ciudad", translations={"en": "city"}))
    assert dump(store) == before  # nothing written by a refusal

    english = translations.propose_term(
        store, people.translator, P, ProposeTerm(source="ciudad", translations={"en": "city"})
    )
    both = translations.propose_term(
        store,
        people.translator,
        P,
        ProposeTerm(source="municipio", translations={"en": "municipality", "fr": "commune"}),
    )
    processes.update_member(store, people.committee, P, people.translator.email, _reviews("en"))
    with pytest.raises(Forbidden):  # French too: not a reviewer of it
        translations.approve_proposal(store, people.translator, P, both.id)
    rejected = translations.reject_proposal(
        store, people.translator, P, english.id, RejectProposal(reason="Say “intermediary city”.")
    )
    assert (rejected.state, rejected.reason) == ("rejected", "Say “intermediary city”.")
    assert translations.get_glossary(store, people.committee, P).terms == []
    with pytest.raises(NotFound):
        translations.approve_proposal(store, people.committee, P, 9999)
    waiting = translations.list_proposals(store, people.translator, P, "proposed")
    assert [p.source for p in waiting] == ["municipio"]
    with pytest.raises(InvalidInput):
        translations.list_proposals(store, people.translator, P, "maybe")


def _reviews(*languages: str) -> MemberChange:
    return MemberChange(role="translator", languages=list(languages), reviews=list(languages))


def _activity(store) -> list[Activity]:
    with store.reader() as tx:
        return list(tx.scalars(select(Activity).order_by(Activity.id)))


def _three(store, people) -> None:
    """Three English translations of the working draft holding “governance”: op_1 approved, op_2 translated, pre_1 a
    draft; op_3 holds it too but outdated."""
    save(store, people.translator, "op_1", OP1_EN, version="draft")
    translations.approve(store, people.committee, P, "en", "op_1", "draft")
    save(store, people.translator, "op_2", "We ask for governance that serves Governance of finance.", version="draft")
    save(store, people.translator, "pre_1", "Recognising that governance matters.", "draft", version="draft")
    save(store, people.translator, "op_3", "We will promote governance links.", version="draft")
    edit(store, people, "op_3", "Promoveremos decididamente los vínculos urbano-rurales.")


def test_search_and_replace_previews_then_saves_each_change_as_a_save(store, people, zero):
    _three(store, people)
    search = Search.build("governance", "government", case_sensitive=False, whole_word=True)
    before = dump(store)
    preview = translations.replace_in_translations(store, people.translator, P, "en", search, version="draft")
    assert dump(store) == before  # a preview writes nothing
    assert [c.eid for c in preview.changes] == ["pre_1", "op_1", "op_2"] and preview.outdated == ["op_3"]
    op_2 = next(c for c in preview.changes if c.eid == "op_2")
    assert op_2.count == 2 and op_2.after == "We ask for government that serves government of finance."
    changed = [(p.op, p.text) for p in op_2.diff if p.op]
    assert changed == [(-1, "governance"), (1, "government"), (-1, "Governance"), (1, "government")]
    assert op_2.ref == "OP\u00a02"

    done = translations.replace_in_translations(
        store,
        people.translator,
        P,
        "en",
        search,
        preview=False,
        only=["op_1", "op_2"],
        revisions={c.eid: c.text_revision for c in preview.changes},
        version="draft",
    )
    assert done.applied == ["op_1", "op_2"] and done.skipped == []
    approved_before = row(store, people.translator, "op_1", version="draft")
    assert approved_before.state == "translated"  # an approval is for the text approved: to review again
    assert approved_before.text == "We commit to strengthening multilevel government."
    assert row(store, people.translator, "pre_1", version="draft").text == "Recognising that governance matters."
    assert row(store, people.translator, "op_3", version="draft").state == "outdated"  # not touched
    saves = [a for a in _activity(store) if a.verb == "translation.saved" and a.data.get("replaced")]
    assert [(a.subject, a.data["state"]) for a in saves] == [
        ("paragraph:op_1", "translated"),
        ("paragraph:op_2", "translated"),
    ]


def test_a_row_changed_since_the_preview_is_skipped_not_overwritten(store, people, zero):
    _three(store, people)
    search = Search.build("governance", "government", whole_word=True)
    preview = translations.replace_in_translations(store, people.translator, P, "en", search, version="draft")
    changed = "Recognising that good governance matters."
    current = row(store, people.translator, "pre_1", version="draft")
    translations.save_translation(
        store,
        people.committee,
        P,
        "en",
        "pre_1",
        SaveTranslation(
            text=changed,
            source_revision=current.source_revision,
            state="draft",
            base_text_revision=current.text_revision,
        ),
        "draft",
    )
    done = translations.replace_in_translations(
        store,
        people.translator,
        P,
        "en",
        search,
        preview=False,
        revisions={c.eid: c.text_revision for c in preview.changes},
        version="draft",
    )
    assert done.applied == ["op_1", "op_2"]
    assert [(s.eid, s.reason) for s in done.skipped] == [("pre_1", "stale")]
    assert "changed since the preview" in done.skipped[0].message
    assert row(store, people.translator, "pre_1", version="draft").text == changed  # kept as its author saved it
    assert row(store, people.translator, "pre_1", version="draft").state == "draft"


def test_search_and_replace_refuses_bad_input_rights_and_languages(store, people, zero):
    _three(store, people)
    for find, put in (("", "x"), ("   ", "x"), ("same", "same"), ("x" * 501, "y")):
        with pytest.raises(InvalidInput):
            Search.build(find, put)
    search = Search.build("governance", "government")
    before = dump(store)
    with pytest.raises(Forbidden):
        translations.replace_in_translations(store, people.translator, P, "fr", search, preview=False)
    with pytest.raises(Forbidden):
        translations.replace_in_translations(store, people.member, P, "en", search, preview=False)
    with pytest.raises(NotFound):
        translations.replace_in_translations(store, people.outsider, P, "en", search, preview=False)
    with pytest.raises(InvalidInput):  # the source is written, not translated
        translations.replace_in_translations(store, people.committee, P, "es", search, preview=False)
    assert dump(store) == before
    processes.create_process(
        store,
        people.committee,
        ProcessDraft(slug="otro", titles={"es": "Otra"}, source_language="es", languages=("es", "en")),
    )
    with pytest.raises(NotFound):  # not a language of that process
        translations.replace_in_translations(store, people.committee, "otro", "fr", search, preview=False)
    done = translations.replace_in_translations(
        store, people.committee, P, "en", search, preview=False, only=["op_9"], version="draft"
    )
    assert done.applied == [] and [(s.eid, s.reason) for s in done.skipped] == [("op_9", "gone")]  # no such paragraph


def test_the_memory_marks_an_outdated_paragraphs_earlier_translation_and_never_offers_its_own(store, people, zero):
    save(store, people.translator, "op_1", OP1_EN, version="draft")
    translations.approve(store, people.committee, P, "en", "op_1", "draft")
    source = row(store, people.translator, "op_1", version="draft").source_text
    plain = translations.memory(store, people.translator, P, source, "en")
    assert [s.text for s in plain] == [OP1_EN]  # asked for no paragraph: the entry, as before
    assert translations.memory(store, people.translator, P, source, "en", eid="op_1") == []  # its own text

    edit(store, people, "op_1", "Nos comprometemos a fortalecer decididamente la gobernanza multinivel.")
    outdated = row(store, people.translator, "op_1", version="draft")
    assert outdated.state == "outdated"
    [earlier] = translations.memory(store, people.translator, P, outdated.source_text, "en", eid="op_1")
    assert (earlier.text, earlier.previous) == (OP1_EN, True) and earlier.similarity < 1
    [other] = translations.memory(store, people.translator, P, outdated.source_text, "en", eid="op_2")
    assert (other.text, other.previous) == (OP1_EN, False)  # another paragraph's: news to it
