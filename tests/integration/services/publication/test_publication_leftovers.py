"""The gate knows a negotiation's leftovers (issue 67), on both backends: delegations' proposals compiled into the
settled Kütahya demo "in full as submitted", their translations keeping the compile tags as translators do, every
paragraph approved and agreed: the gate names each compile tag in each language, each paragraph standing beside the
proposal meant to replace it, the placeholder and the footnote marker with no definition, each by its printed
reference with its fix; the demo's own "(UCLG)" acronym passes. What the committee keeps on purpose it says once:
that leftover no longer blocks, in any language, nor in the next version."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import join
from tests.demo_data import settled_kutahya
from tests.integration.services.transfer.test_transfer import admin_of
from tests.integration.support import dump
from workspace.domain.amendments.amendment_commands import SetParagraphStatus
from workspace.domain.declaration.declaration_commands import Circulate, DeleteParagraph
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.errors import Conflict, Forbidden, NotFound
from workspace.domain.publication.publication_commands import KeepLeftover
from workspace.domain.submissions.submissions import CompileSubmissions, OpenWindow, Submit
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import amendments, delegations, publication, submissions, translations
from workspace.services.declaration import draft, versions

S = "kutahya-2021"
LEFTOVERS = {"tag", "replaced", "placeholder", "footnote"}


def compiled_and_settled(store, admin):
    """BCN rewords OP 1 (with a footnote marker it does not define) and asks to delete another paragraph, DKR adds a
    placeholder after OP 2, UCLG a paragraph naming itself; compiled and circulated as Rev.2, then translated (the
    tags kept, as translators keep them), approved and agreed: only the leftovers are left. The compiled paragraphs
    by the delegation that proposed them, with the paragraphs they were about."""
    for code in ("BCN", "DKR"):
        delegations.add_delegation(store, admin, S, AddDelegation(code=code, names={"es": code}, kind="city"))
    ops = [p.eid for p in versions.get_version(store, admin, S, "Rev.1").paragraphs if p.kind == "operative"]
    now = datetime.now(UTC)
    submissions.open_window(
        store,
        admin,
        S,
        OpenWindow(opens=(now - timedelta(hours=1)).isoformat(), closes=(now + timedelta(1)).isoformat()),
    )
    for command in (
        Submit(kind="modify", eid=ops[0], text="Nos comprometemos a fortalecer la gobernanza.[^1]", delegation="BCN"),
        Submit(kind="insert", after=ops[1], text="[Placeholder for a paragraph on finance]", delegation="DKR"),
        Submit(kind="delete", eid=ops[2], delegation="BCN"),
        Submit(
            kind="insert",
            after=ops[3],
            text="Con Ciudades y Gobiernos Locales Unidos (UCLG) y sus redes.",
            delegation="UCLG",
        ),
    ):
        submissions.submit(store, admin, S, command)
    made = submissions.compile_submissions(store, admin, S, CompileSubmissions(circulate="Rev.2"))
    assert [p.text for p in made.paragraphs] == [
        "Nos comprometemos a fortalecer la gobernanza.[^1] (BCN)",
        "[Placeholder for a paragraph on finance] (DKR)",
        "Suprimir (BCN)",
        "Con Ciudades y Gobiernos Locales Unidos (UCLG) y sus redes. (UCLG)",
    ]  # what the compilation writes: the gate looks for exactly that
    for lang in ("en", "fr"):
        for row in translations.list_translations(store, admin, S, lang, "Rev.2"):
            if row.state != "approved":
                words = f"{lang.upper()}: {row.source_text}"  # the tag, brackets and marker carried over
                translations.save_translation(
                    store,
                    admin,
                    S,
                    lang,
                    row.eid,
                    SaveTranslation(text=words, source_revision=row.source_revision, state="translated"),
                    "Rev.2",
                )
                translations.approve(store, admin, S, lang, row.eid, "Rev.2")
    for p in made.paragraphs:
        amendments.set_paragraph_status(store, admin, S, p.eid, SetParagraphStatus(status="agreed"))
    bcn, dkr, deleting, uclg = made.paragraphs
    return {"BCN": bcn, "DKR": dkr, "delete": deleting, "UCLG": uclg, "ops": ops}


def test_the_gate_names_every_leftover_of_a_compilation_in_every_language_with_its_place(store):
    settled_kutahya(store)
    admin = admin_of(store)
    made = compiled_and_settled(store, admin)
    bcn, dkr, deleting, uclg, ops = made["BCN"], made["DKR"], made["delete"], made["UCLG"], made["ops"]
    refs = {p.eid: p.ref for p in versions.get_version(store, admin, S, "Rev.2").paragraphs}
    gate = publication.check_gate(store, admin, S, "Rev.2")
    assert not gate.clear and set(gate.counts) == LEFTOVERS, gate.counts  # all else was settled
    found = {(b.kind, b.eid, b.language) for b in gate.blockers}
    tags = {("tag", p.eid, lang) for p in (bcn, dkr, deleting, uclg) for lang in (None, "en", "fr")}
    assert found == tags | {
        ("replaced", bcn.eid, None),  # OP 1 and its rewording by BCN both stand
        ("replaced", deleting.eid, None),  # and the paragraph BCN asked to delete, beside "Suprimir (BCN)"
        *(("placeholder", dkr.eid, lang) for lang in (None, "en", "fr")),
        *(("footnote", bcn.eid, lang) for lang in (None, "en", "fr")),
    }
    assert not any(b.eid and b.eid.startswith("pre_") for b in gate.blockers)  # "Local Governments (UCLG), …"
    said = {(b.kind, b.eid, b.language): b for b in gate.blockers}
    # Each by its printed reference, never its eId, with the page where it is fixed.
    assert said["tag", bcn.eid, "fr"].message == f"{bcn.ref} still holds the compile tag (BCN) in French."
    assert said["tag", bcn.eid, "fr"].fix == f"/p/{S}/translations/fr?version=3&at={bcn.eid}#{bcn.eid}"
    assert said["tag", uclg.eid, None].message == f"{uclg.ref} still holds the compile tag (UCLG)."
    assert said["tag", uclg.eid, None].fix == f"/p/{S}/declaration/draft?at={uclg.eid}#{uclg.eid}"
    assert said["replaced", bcn.eid, None].message == (
        f"{refs[ops[0]]} and {bcn.ref}, the new wording BCN proposed for it, both still stand."
    )
    assert said["replaced", deleting.eid, None].message == (
        f"{refs[ops[2]]} and {deleting.ref}, BCN’s proposal to delete it, both still stand."
    )
    assert said["placeholder", dkr.eid, "en"].message == (
        f"{dkr.ref} still holds a placeholder in English: [Placeholder for a paragraph on finance]"
    )
    assert said["placeholder", dkr.eid, "en"].fix == f"/p/{S}/brackets?version=3&lang=en#{dkr.eid}"
    assert said["footnote", bcn.eid, None].message == f"{bcn.ref} has a footnote marker [^1] with no definition."
    assert all(b.leftover and b.eid not in b.message for b in gate.blockers)
    with pytest.raises(Conflict) as refused:
        publication.publish(store, admin, S, publication.Publish(version="Rev.2", symbol="UCLG/KUT/2021/2"))
    assert {(b["kind"], b["eid"], b["language"]) for b in refused.value.detail["blockers"]} == found
    assert said["tag", uclg.eid, None].leftover == f"tag:{uclg.eid}:UCLG"


def test_what_the_committee_keeps_on_purpose_it_says_once(store):
    settled_kutahya(store)
    admin = admin_of(store)
    made = compiled_and_settled(store, admin)
    uclg, bcn, dkr, deleting, ops = made["UCLG"], made["BCN"], made["DKR"], made["delete"], made["ops"]
    key = f"tag:{uclg.eid}:UCLG"
    delegate = join(store, admin, S, "delegate@example.org", "member")
    before = dump(store)
    with pytest.raises(NotFound):  # no such leftover in Rev.2: UCLG's paragraph holds no BCN tag
        publication.keep_leftover(store, admin, S, KeepLeftover(version="Rev.2", leftover=f"tag:{uclg.eid}:BCN"))
    with pytest.raises(Forbidden):
        publication.keep_leftover(store, delegate, S, KeepLeftover(version="Rev.2", leftover=key))
    with pytest.raises(Forbidden):
        publication.take_back_leftover(store, delegate, S, key)
    assert dump(store) == before  # refused: nothing written

    kept = publication.keep_leftover(store, admin, S, KeepLeftover(version="Rev.2", leftover=key))
    assert (kept.kind, kept.eid, kept.leftover) == ("tag", uclg.eid, key)
    gate = publication.check_gate(store, admin, S, "Rev.2")
    assert not [b for b in gate.blockers if b.leftover == key]  # said once: in no language does it block
    assert [(b.eid, b.language) for b in gate.kept] == [(uclg.eid, None), (uclg.eid, "en"), (uclg.eid, "fr")]
    again = publication.keep_leftover(store, admin, S, KeepLeftover(version="Rev.2", leftover=key))
    assert again.leftover == key  # kept already: nothing changes
    publication.take_back_leftover(store, admin, S, key)
    assert len([b for b in publication.check_gate(store, admin, S, "Rev.2").blockers if b.leftover == key]) == 3
    publication.keep_leftover(store, admin, S, KeepLeftover(version="Rev.2", leftover=key))

    # The committee streamlines: OP 1 keeps its words, the deletion is made, DKR's placeholder goes.
    paragraphs = {p.eid: p for p in draft.get_draft(store, admin, S).paragraphs}
    for eid in (bcn.eid, deleting.eid, ops[2], dkr.eid):
        draft.delete_paragraph(store, admin, S, eid, DeleteParagraph(base_revision=paragraphs[eid].revision))
    draft.circulate(store, admin, S, Circulate(label="Rev.3"))
    rev3 = publication.check_gate(store, admin, S, "Rev.3")
    assert rev3.clear and rev3.blockers == [], rev3.blockers  # the kept tag holds in the next version too
    assert [(b.kind, b.eid, b.language) for b in rev3.kept] == [("tag", uclg.eid, lang) for lang in (None, "en", "fr")]
