"""Real-style drafts with foreign front matter and nested lists, imported one after the other on both
backends: every draft imports, sub-items keep their eIds across revisions, their depth and marker are
stored and exported back; the draft keeps its lists whole when paragraphs move, go or come."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.support import dump
from workspace.domain.amendments.amendment_commands import DecideAmendment, ProposeAmendment
from workspace.domain.declaration.declaration_commands import (
    AddParagraph,
    DeleteParagraph,
    EditParagraph,
    ImportVersion,
    MoveParagraph,
)
from workspace.domain.declaration.declaration_format import read_declaration
from workspace.domain.errors import InvalidInput
from workspace.services import transfer
from workspace.services.amendments import decisions, proposals
from workspace.services.declaration import draft, versions
from workspace.services.declaration import importing as version_import

DRAFTS = sorted((Path(__file__).parents[3] / "fixtures" / "negotiation").glob("0*.md"))
P = "kutahya"


def import_all(store, people) -> list:
    results = []
    for path in DRAFTS:
        command = ImportVersion(filename=path.name, text=path.read_text(encoding="utf-8"), replace_draft=True)
        results.append(version_import.import_version(store, people.committee, P, command))
    return results


def test_five_successive_drafts_import_as_they_are_and_keep_their_sub_items(store, people):
    preview = version_import.import_version(
        store,
        people.committee,
        P,
        ImportVersion(filename=DRAFTS[0].name, text=DRAFTS[0].read_text(encoding="utf-8"), preview=True),
    )
    assert preview.label.startswith("Zero draft") and not preview.saved
    assert {(n.line, n.file) for n in preview.notices} >= {(2, "01-zero-draft.md"), (5, "01-zero-draft.md")}
    assert [n.line for n in preview.notices] == sorted(n.line for n in preview.notices)
    results = import_all(store, people)
    assert [r.version for r in results] == [1, 2, 3, 4, 5]
    final = versions.get_version(store, people.committee, P, "5")
    read = read_declaration(DRAFTS[-1].read_text(encoding="utf-8"), "final.md")
    assert [(p.text, p.depth, p.marker) for p in final.paragraphs] == [(b.text, b.depth, b.marker) for b in read.blocks]
    # A sub-item reworded between two drafts is the same paragraph: its eId follows it.
    zero = {p.text: p.eid for p in versions.get_version(store, people.committee, P, "1").paragraphs}
    rev1 = {p.text: p.eid for p in versions.get_version(store, people.committee, P, "2").paragraphs}
    assert (
        rev1["(a) fair and up-to-date property valuation and taxation;"]
        == zero["(a) fair and up-to-date property valuation and taxation;"]
    )
    assert (
        rev1["(c) [user fees for services / cost-recovery mechanisms] that protect the most vulnerable;"]
        == zero["(c) [user fees for services / cost-recovery mechanisms] that protect the most vulnerable."]
    )
    numbered = [p.number for p in final.paragraphs if p.number]
    assert numbered == list(range(1, 8))  # seven operative paragraphs, their sub-items unnumbered


def test_the_exported_declaration_gives_back_the_same_lists(store, fresh_store, people, tmp_path):
    import_all(store, people)
    transfer.export_folder(store, None, P, tmp_path / "first")
    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "first")
    transfer.export_folder(other, None, P, tmp_path / "second")
    first = {p.relative_to(tmp_path / "first"): p.read_bytes() for p in (tmp_path / "first").rglob("*") if p.is_file()}
    second = {
        p.relative_to(tmp_path / "second"): p.read_bytes() for p in (tmp_path / "second").rglob("*") if p.is_file()
    }
    assert first == second
    final = next(v for k, v in first.items() if k.name.startswith("05-")).decode()
    assert "\n   - (a) fair and up-to-date property valuation and taxation; {#op_" in final
    assert "\n   Such mechanisms should give priority to intermediary cities and small towns. {#op_" in final
    assert "\n- Noting with concern: {#pre_" in final or "\n* Noting with concern: {#pre_" in final


def test_a_paragraph_moves_with_its_sub_items_and_a_parent_is_not_deleted_from_under_them(store, people):
    import_all(store, people)
    view = draft.get_draft(store, people.committee, P)
    at = next(i for i, p in enumerate(view.paragraphs) if p.text.startswith("We commit to strengthen our own"))
    first, last = view.paragraphs[at], view.paragraphs[-1]
    subs = [p.eid for p in view.paragraphs[at + 1 : at + 5]]  # (a)–(d) of the first commitment
    assert all(p.depth == 1 for p in view.paragraphs[at + 1 : at + 5]) and view.paragraphs[at + 5].depth == 0
    draft.move_paragraph(store, people.committee, P, first.eid, MoveParagraph(after=last.eid))
    after = draft.get_draft(store, people.committee, P).paragraphs
    assert [p.eid for p in after][-5:] == [first.eid, *subs]
    before = dump(store)
    with pytest.raises(InvalidInput) as caught:
        draft.delete_paragraph(store, people.committee, P, first.eid, DeleteParagraph(base_revision=first.revision))
    printed = {p.eid: p.ref for p in after}  # the refusal names them as printed ("OP 1 (a)"), its detail by eId
    assert caught.value.params["eid"] == printed[first.eid] and caught.value.params["sub"] == printed[subs[0]]
    assert caught.value.detail["sub_items"] == subs
    assert dump(store) == before  # refused: nothing written
    # An outdent that would leave (b) without its item is refused too; the whole list may go up a level.
    with pytest.raises(InvalidInput):
        draft.edit_paragraph(
            store,
            people.committee,
            P,
            subs[0],
            EditParagraph(base_revision=after[-4].revision, text=after[-4].text, depth=0),
        )


def test_a_sub_item_added_after_its_item_comes_first_and_an_accepted_insert_joins_the_list(store, people):
    import_all(store, people)
    view = draft.get_draft(store, people.committee, P).paragraphs
    item = next(p for p in view if p.text.startswith("We call for the creation"))
    added = draft.add_paragraph(
        store,
        people.committee,
        P,
        AddParagraph(kind="operative", text="(0) regional infrastructure funds;", after=item.eid, depth=1, marker="1."),
    )
    after = draft.get_draft(store, people.committee, P).paragraphs
    at = [p.eid for p in after].index(item.eid)
    assert after[at + 1].eid == added.eid and (added.depth, added.marker) == (1, "1.")
    sub = after[at + 2]
    a = proposals.propose(
        store, people.member, P, ProposeAmendment(version="5", eid=sub.eid, kind="insert", text="(bis) green bonds;")
    )
    decided = decisions.decide_amendment(
        store, people.committee, P, a.number, DecideAmendment(decision="accepted", reason="Agreed.")
    )
    new = next(p for p in draft.get_draft(store, people.committee, P).paragraphs if p.eid == decided.created_eid)
    assert (new.kind, new.depth, new.marker) == ("operative", 1, "2.")


def test_a_nested_item_cannot_be_added_where_no_item_holds_it(store, people):
    import_all(store, people)
    heading = draft.get_draft(store, people.committee, P).paragraphs[0]
    before = dump(store)
    with pytest.raises(InvalidInput):
        draft.add_paragraph(
            store,
            people.committee,
            P,
            AddParagraph(kind="preambular", text="Orphan.", after=heading.eid, depth=1, marker="-"),
        )
    assert dump(store) == before


def test_the_sub_items_translated_and_exchanged_keep_their_place_and_state(store, people):
    """A nested draft's French edition: translated in part, exported as Markdown and XLIFF, imported back
    unchanged (nothing written), a sub-item's translation that reads as a list refused with its line."""
    from workspace.domain.errors import ImportRefused
    from workspace.domain.translations.translations import SaveTranslation
    from workspace.services import translations

    import_all(store, people)
    on = versions.get_version(store, people.committee, P, "5").paragraphs
    at = next(i for i, p in enumerate(on) if p.text.startswith("We call for the creation"))
    subs = on[at + 1 : at + 4]  # 1., 2., 3. under an operative paragraph: only they are translated
    for p in subs:
        translations.save_translation(
            store,
            people.committee,
            P,
            "fr",
            p.eid,
            SaveTranslation(text=f"fr: {p.text}", source_revision=p.revision, state="translated"),
            "5",
        )
    name, edition = translations.export_markdown(store, people.committee, P, "fr", "5")
    assert all(f"fr: {p.text}" in edition for p in subs)
    before = dump(store)
    report = translations.import_markdown(store, people.committee, P, "fr", edition, name, "5")
    assert report.imported == 0 and dump(store) == before
    name, body = translations.export_xliff(store, people.committee, P, "fr", "5")
    report = translations.import_xliff(store, people.committee, P, "fr", body, name, "5")
    assert report.imported == 0 and dump(store) == before
    listed = body.replace(
        f'<target xml:space="preserve">fr: {subs[0].text}'.encode(),
        f'<target xml:space="preserve">- fr: {subs[0].text}'.encode(),
    )
    assert listed != body
    with pytest.raises(ImportRefused) as caught:
        translations.import_xliff(store, people.committee, P, "fr", listed, name, "5")
    assert [u["eid"] for u in caught.value.report["units"] if u["outcome"] == "refused"] == [subs[0].eid]
    assert dump(store) == before
