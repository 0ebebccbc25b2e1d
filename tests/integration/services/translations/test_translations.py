"""Translations on both backends: made from a source revision, outdated when the source changes
(with the diff from that revision), current again when it changes back; editorial edits keep them;
review; progress; editions; glossary; memory; XLIFF and Markdown exchange, all or nothing."""

from __future__ import annotations

from collections import Counter

import msgspec
import pytest
from sqlalchemy import select

from tests.conftest import restored
from tests.integration.services.declaration.test_declaration import ZERO
from tests.integration.support import dump
from workspace.domain.declaration.declaration_commands import Circulate, EditParagraph, ImportVersion
from workspace.domain.errors import Conflict, Forbidden, ImportFailed, InvalidInput
from workspace.domain.translations.translations import SaveTranslation, SendBack
from workspace.domain.translations.xliff import read_xliff
from workspace.services import translations
from workspace.services.declaration import draft
from workspace.services.declaration import importing as version_import
from workspace.services.translations.views import GlossaryEntry
from workspace.store.models import Activity

P = "kutahya"
OP1_EN = "We commit to strengthening multilevel governance."


@pytest.fixture
def zero(store, people):
    return restored(
        store,
        "zero",
        lambda s: version_import.import_version(s, people.committee, P, ImportVersion(filename="zero.md", text=ZERO)),
    )


def row(store, who, eid: str, lang: str = "en", version: str | None = None):
    return next(v for v in translations.list_translations(store, who, P, lang, version) if v.eid == eid)


def save(store, who, eid: str, text: str, state: str = "translated", lang: str = "en", version: str | None = None):
    current = row(store, who, eid, lang, version)
    return translations.save_translation(
        store,
        who,
        P,
        lang,
        eid,
        SaveTranslation(text=text, source_revision=current.source_revision, state=state),
        version,
    )


def edit(store, people, eid: str, text: str, editorial: bool = False) -> None:
    now = draft.get_draft_paragraph(store, people.committee, P, eid)
    draft.edit_paragraph(
        store, people.committee, P, eid, EditParagraph(base_revision=now.revision, text=text, editorial=editorial)
    )


def test_a_translation_follows_its_source_revision(store, people, zero):
    assert row(store, people.translator, "op_1").state == "missing"
    saved = save(store, people.translator, "op_1", OP1_EN)
    assert (saved.state, saved.made_from) == ("translated", saved.source_revision)
    approved = translations.approve(store, people.committee, P, "en", "op_1")
    assert approved.state == "approved"

    edit(store, people, "op_1", "Nos comprometemos a fortalecer decididamente la gobernanza multinivel.")
    edit(store, people, "op_1", "Nos comprometemos a fortalecer decididamente la gobernanza multinivel y local.")
    outdated = row(store, people.translator, "op_1", version="draft")
    assert outdated.state == "outdated" and outdated.text == OP1_EN and outdated.made_from == approved.source_revision
    inserted = [p.text for p in outdated.source_diff if p.op == 1]
    assert "decididamente " in inserted and any(
        "y local" in t for t in inserted
    )  # the diff from *its* revision, both edits
    assert (
        row(store, people.translator, "op_1", version="1").state == "approved"
    )  # the zero draft's edition is still exact
    with pytest.raises(Conflict):
        translations.approve(store, people.committee, P, "en", "op_1", "draft")

    edit(store, people, "op_1", "Nos comprometemos a fortalecer la gobernanza multinivel.")  # back to the old text
    assert row(store, people.translator, "op_1", version="draft").state == "approved"


def test_an_editorial_edit_keeps_the_translations_valid_to_check(store, people, zero):
    save(store, people.translator, "op_2", "We ask national governments to support local finance.")
    translations.approve(store, people.committee, P, "en", "op_2")
    edit(store, people, "op_2", "Pedimos a los gobiernos nacionales apoyar firmemente la financiación local.")
    edit(
        store,
        people,
        "op_2",
        "Pedimos a los gobiernos nacionales, apoyar firmemente la financiación local.",
        editorial=True,
    )
    assert row(store, people.translator, "op_2", version="draft").state == "outdated"  # the first edit was substantive
    save(store, people.translator, "op_3", "We will promote urban-rural links.", version="draft")
    edit(store, people, "op_3", "Promoveremos los vínculos urbano‑rurales.", editorial=True)
    kept = row(store, people.translator, "op_3", version="draft")
    assert kept.state == "translated" and kept.check_editorial


def test_stale_saves_and_roles_are_refused(store, people, zero):
    current = row(store, people.translator, "op_1")
    edit(store, people, "op_1", "Nos comprometemos a reforzar la gobernanza multinivel.")
    draft.circulate(store, people.committee, P, Circulate(label="Rev.1", note=""))
    with pytest.raises(Conflict) as caught:
        translations.save_translation(
            store,
            people.translator,
            P,
            "en",
            "op_1",
            SaveTranslation(text=OP1_EN, source_revision=current.source_revision, state="draft"),
        )
    assert caught.value.detail["source_text"].startswith("Nos comprometemos a reforzar")
    assert any(op == 1 and "reforzar" in text for op, text in caught.value.detail["source_diff"])
    with pytest.raises(Forbidden):
        save(store, people.translator, "op_1", "Nous nous engageons.", lang="fr")  # not their language
    with pytest.raises(Forbidden):
        save(store, people.member, "op_1", "We commit.")
    with pytest.raises(InvalidInput):
        translations.list_translations(store, people.translator, P, "de")
    with pytest.raises(InvalidInput):
        translations.list_translations(store, people.translator, P, "es")  # the source is not translated
    save(store, people.translator, "op_2", "We ask.")
    with pytest.raises(Forbidden):
        translations.approve(
            store, people.translator, P, "en", "op_2"
        )  # translators do not review unless given the right
    with pytest.raises(Conflict):
        translations.approve(store, people.committee, P, "en", "op_3")  # nothing to approve


def test_progress_editions_glossary_and_memory(store, people, zero):
    save(store, people.translator, "op_1", OP1_EN)
    translations.approve(store, people.committee, P, "en", "op_1")
    save(store, people.translator, "op_2", "We ask national governments to support local finance.", state="draft")
    [latest] = [p for p in translations.progress(store, people.committee, P) if p.version == "Borrador cero"]
    en = next(lang for lang in latest.languages if lang.language == "en")
    assert (en.total, en.approved, en.draft, en.missing, en.percent) == (5, 1, 1, 3, 20)
    edition = translations.edition(store, people.observer, P, "en", "1")
    assert not edition.complete and [p.text for p in edition.paragraphs if p.eid == "op_1"] == [OP1_EN]
    assert [p.text for p in edition.paragraphs if p.eid == "op_2"] == [
        "We ask national governments to support local finance."
    ]

    suggestions = translations.memory(
        store, people.translator, P, "Nos comprometemos a fortalecer la gobernanza multinivel y local.", "en"
    )
    assert suggestions and suggestions[0].text == OP1_EN and 0.5 < suggestions[0].similarity < 1
    assert any(p.op == 1 and "y local" in p.text for p in suggestions[0].diff)

    glossary = translations.get_glossary(store, people.translator, P)
    terms = [
        GlossaryEntry(
            source="gobernanza multinivel",
            translations={"en": "multilevel governance", "fr": "gouvernance multiniveau"},
            forbidden={"en": ["multi-tier governance"]},
        )
    ]
    saved = translations.set_glossary(store, people.committee, P, glossary.revision, terms)
    with pytest.raises(Conflict):
        translations.set_glossary(store, people.committee, P, glossary.revision, [])  # read before the change
    with pytest.raises(Forbidden):
        translations.set_glossary(store, people.translator, P, saved.revision, [])
    bad = save(store, people.translator, "op_1", "We commit to strengthening multi-tier governance.")
    assert {c.check for c in bad.checks} >= {"glossary", "glossary_forbidden"}


def test_xliff_round_trip_and_an_import_is_all_or_nothing(store, people, zero):
    save(store, people.translator, "op_1", OP1_EN)
    name, body = translations.export_xliff(store, people.translator, P, "en", "1")
    assert name.endswith(".en.xlf") and b'<unit id="op_1"' in body
    source = (
        '<source xml:space="preserve">Pedimos a los gobiernos nacionales apoyar la financiación local.</source>'
    ).encode()
    assert source in body
    filled = body.replace(
        source, source + b'<target xml:space="preserve">We ask national governments to support local finance.</target>'
    )
    report = translations.import_xliff(store, people.translator, P, "en", filled, "kutahya.en.xlf", "1")
    assert (report.imported, report.unchanged, report.refused) == (1, 4, 0)  # every other unit is left as it was
    assert {u.eid: u.outcome for u in report.units} == {
        "hdg_1": "unchanged",
        "pre_1": "unchanged",
        "op_1": "unchanged",
        "op_2": "updated",
        "op_3": "unchanged",
    }
    assert row(store, people.translator, "op_2", version="1").state in ("draft", "translated")

    before = dump(store)
    foreign = filled.replace(b'id="op_2"', b'id="op_99"')
    with pytest.raises(ImportFailed):
        translations.import_xliff(store, people.translator, P, "en", foreign, "bad.xlf", "1")
    with pytest.raises(ImportFailed) as caught:
        translations.import_xliff(store, people.translator, P, "en", b"<xliff version='2.0'><file", "broken.xlf", "1")
    assert caught.value.file == "broken.xlf"
    assert dump(store) == before

    markdown = (
        "1. We commit to strengthening multilevel governance. {#op_1}\n2. We will promote urban-rural links. {#op_3}\n"
    )
    report = translations.import_markdown(store, people.translator, P, "en", markdown, "kutahya.en.md", "1")
    assert report.imported == 1 and "op_2" in report.not_in_file
    with pytest.raises(ImportFailed):
        translations.import_markdown(store, people.translator, P, "en", "1. Without its eId.\n", "bad.md", "1")


def test_an_outdated_translation_goes_out_as_a_target_to_check_and_back_unchanged_stays_outdated(store, people, zero):
    """The CAT tool shows the earlier translation as a draft to check (state initial), not an empty segment; given back
    as it went, in any state, it changes nothing; edited, it is the new source's translation."""
    save(store, people.translator, "op_1", OP1_EN)
    edit(store, people, "op_1", "Nos comprometemos a reforzar la gobernanza multinivel.")
    name, body = translations.export_xliff(store, people.translator, P, "en", "draft")
    unit = next(u for u in read_xliff(body, name).units if u.eid == "op_1")
    assert (unit.eid, unit.target, unit.state) == ("op_1", OP1_EN, "initial")
    before = dump(store)
    for given in (body, body.replace(b'state="initial"', b'state="translated"', 1)):
        report = translations.import_xliff(store, people.translator, P, "en", given, name, "draft")
        assert report.imported == 0 and dump(store) == before
        assert row(store, people.translator, "op_1", version="draft").state == "outdated"
    edited = body.replace(b"strengthening", b"reinforcing", 1)
    assert edited != body
    translations.import_xliff(store, people.translator, P, "en", edited, name, "draft")
    now = row(store, people.translator, "op_1", version="draft")
    assert now.state != "outdated" and "reinforcing" in now.text


def test_a_translator_given_the_right_reviews_their_language(store, people, zero):
    from workspace.domain.consultations.consultations import MemberDraft
    from workspace.services import processes

    save(store, people.translator, "op_1", OP1_EN)
    with pytest.raises(Forbidden):
        translations.approve(store, people.translator, P, "en", "op_1")
    with pytest.raises(InvalidInput):
        MemberDraft(email=people.translator.email, role="translator", languages=("en",), reviews=("fr",))
    processes.set_member(
        store,
        people.committee,
        P,
        MemberDraft(email=people.translator.email, role="translator", languages=("en",), reviews=("en",)),
    )
    assert translations.approve(store, people.translator, P, "en", "op_1").state == "approved"
    listed = {m.email: m for m in processes.list_members(store, people.committee, P)}
    assert listed[people.translator.email].reviews == ["en"]


def test_a_stale_translation_save_is_refused_with_what_changed(store, people, zero):
    first = save(store, people.translator, "op_1", OP1_EN, state="draft")
    save(store, people.committee, "op_1", "We commit to strengthening governance at every level.", state="draft")
    with pytest.raises(Conflict) as caught:
        translations.save_translation(
            store,
            people.translator,
            P,
            "en",
            "op_1",
            SaveTranslation(
                text="Mine.",
                source_revision=first.source_revision,
                state="draft",
                base_text_revision=first.text_revision,
            ),
        )
    assert caught.value.detail["text"] == "We commit to strengthening governance at every level."
    assert row(store, people.translator, "op_1").text == "We commit to strengthening governance at every level."


def test_two_saves_of_the_same_translation_at_once_keep_exactly_one(store, people, zero):
    from tests.integration.services.declaration.test_draft_races import TRIALS, race

    kept = {"first": 0, "second": 0}
    save(store, people.translator, "op_1", OP1_EN, state="draft")
    for n in range(TRIALS):
        now = row(store, people.translator, "op_1")
        texts = [f"Version A {n}.", f"Version B {n}."]
        outcomes = race(
            *(
                (
                    lambda t=t, who=who, now=now: translations.save_translation(
                        store,
                        who,
                        P,
                        "en",
                        "op_1",
                        SaveTranslation(
                            text=t,
                            source_revision=now.source_revision,
                            state="draft",
                            base_text_revision=now.text_revision,
                        ),
                    )
                )
                for t, who in zip(texts, (people.translator, people.committee), strict=True)
            )
        )
        errors = [o.error for o in outcomes if o.error is not None]
        assert len(errors) == 1 and isinstance(errors[0], Conflict), errors
        winner = texts[0] if outcomes[0].error is None else texts[1]
        kept["first" if winner == texts[0] else "second"] += 1
        assert row(store, people.translator, "op_1").text == winner  # the one acknowledged is the one stored
    print(f"\n[{store.engine.dialect.name}] translation save vs save, {TRIALS} trials: {kept}, 0 lost")


def test_an_xliff_unit_naming_another_paragraphs_text_as_its_source_is_refused(store, people, zero):
    name, body = translations.export_xliff(store, people.translator, P, "en", "1")
    op2 = row(store, people.translator, "op_2", version="1").source_revision
    op1 = row(store, people.translator, "op_1", version="1").source_revision
    forged = body.replace(op1.encode(), op2.encode(), 1).replace(
        b'<source xml:space="preserve">Nos comprometemos a fortalecer la gobernanza multinivel.</source>',
        b'<source xml:space="preserve">Nos comprometemos a fortalecer la gobernanza multinivel.</source>'
        b'<target xml:space="preserve">We commit.</target>',
        1,
    )
    before = dump(store)
    with pytest.raises(ImportFailed):
        translations.import_xliff(store, people.translator, P, "en", forged, name, "1")
    assert dump(store) == before


def test_an_outdated_translation_saved_unchanged_is_refused_unless_confirmed_still_correct(store, people, zero):
    made = save(store, people.translator, "op_1", OP1_EN)
    edit(store, people, "op_1", "Nos comprometemos a fortalecer decididamente la gobernanza multinivel.")
    outdated = row(store, people.translator, "op_1", version="draft")
    assert outdated.state == "outdated"
    before = dump(store)
    with pytest.raises(Conflict) as caught:
        save(store, people.translator, "op_1", OP1_EN, version="draft")  # "mark translated" without touching it
    assert caught.value.detail["made_from"] == made.source_revision
    assert caught.value.detail["source_revision"] == outdated.source_revision
    assert [1, "decididamente "] in caught.value.detail["source_diff"]
    assert dump(store) == before  # refused: nothing written

    confirmed = translations.save_translation(
        store,
        people.translator,
        P,
        "en",
        "op_1",
        SaveTranslation(text=OP1_EN, source_revision=outdated.source_revision, state="translated", still_correct=True),
        "draft",
    )
    assert (confirmed.state, confirmed.text, confirmed.made_from) == ("translated", OP1_EN, outdated.source_revision)
    assert confirmed.confirmed_over == made.source_revision
    assert confirmed.confirmed_over_diff is not None and [
        p.text for p in confirmed.confirmed_over_diff if p.op == 1
    ] == ["decididamente "]
    reviewed = row(store, people.committee, "op_1", version="draft")  # what the reviewer reads
    assert (
        reviewed.confirmed_over == made.source_revision
        and reviewed.confirmed_over_diff == confirmed.confirmed_over_diff
    )
    with store() as tx:
        verbs = [(a.verb, a.subject, a.data) for a in tx.scalars(select(Activity).order_by(Activity.id))]
    assert verbs[-1][:2] == ("translation.confirmed", "paragraph:op_1")
    assert (
        verbs[-1][2]["language"] == "en"
        and verbs[-1][2]["eid"] == "op_1"
        and verbs[-1][2]["over"] == made.source_revision
    )

    changed = save(
        store, people.translator, "op_1", "We firmly commit to strengthening multilevel governance.", version="draft"
    )
    assert (
        changed.confirmed_over is None and changed.confirmed_over_diff is None
    )  # a touched translation is an ordinary one


def test_an_outdated_translation_changed_saves_as_before_and_still_correct_marks_nothing_else(store, people, zero):
    made = save(store, people.translator, "op_1", OP1_EN)
    assert made.confirmed_over is None
    edit(store, people, "op_1", "Nos comprometemos a fortalecer decididamente la gobernanza multinivel.")
    changed = save(
        store, people.translator, "op_1", "We firmly commit to strengthening multilevel governance.", version="draft"
    )
    assert changed.state == "translated" and changed.confirmed_over is None
    current = row(store, people.translator, "op_2", version="draft")  # not outdated: still_correct changes nothing
    plain = translations.save_translation(
        store,
        people.translator,
        P,
        "en",
        "op_2",
        SaveTranslation(
            text="We ask national governments.",
            source_revision=current.source_revision,
            state="draft",
            still_correct=True,
        ),
        "draft",
    )
    assert plain.state == "draft" and plain.confirmed_over is None
    with store() as tx:
        assert "translation.confirmed" not in set(tx.scalars(select(Activity.verb)))


def test_progress_counts_each_state_as_the_paragraph_list_shows_it(store, people, zero):
    """The counts come from the database (GROUP BY), the list from each paragraph's translations: they agree,
    on every version and the draft, outdated, draft, translated, approved and missing alike."""
    save(store, people.translator, "op_1", OP1_EN)
    translations.approve(store, people.committee, P, "en", "op_1")
    save(store, people.translator, "op_2", "We ask national governments to support local finance.", state="draft")
    save(
        store,
        people.committee,
        "op_2",
        "Nous demandons aux gouvernements nationaux de soutenir les finances locales.",
        lang="fr",
    )
    edit(store, people, "op_1", "Nos comprometemos a fortalecer la gobernanza multinivel, con recursos.")
    draft.circulate(store, people.committee, P, Circulate(label="Rev.1"))
    edit(store, people, "op_2", "Pedimos a los gobiernos nacionales apoyo a las finanzas locales y a la vivienda.")
    seen = set()
    for made in translations.progress(store, people.committee, P):
        for lang in made.languages:
            listed = Counter(
                r.state for r in translations.list_translations(store, people.committee, P, lang.language, made.version)
            )
            counted = {
                "missing": lang.missing,
                "draft": lang.draft,
                "translated": lang.translated,
                "approved": lang.approved,
                "outdated": lang.outdated,
            }
            assert counted == {state: listed[state] for state in counted}, (made.version, lang.language)
            assert lang.total == sum(listed.values())
            seen |= {state for state, number in counted.items() if number}
    assert seen == {"missing", "draft", "translated", "approved", "outdated"}


def test_a_saved_approved_or_rejected_translation_shows_its_paragraph_as_the_list_does(store, people, zero):
    """One paragraph's action reads that paragraph alone; its number is still its place among the others."""
    listed = {v.eid: v for v in translations.list_translations(store, people.committee, P, "en")}
    drafted = {v.eid: v for v in translations.list_translations(store, people.committee, P, "en", "draft")}
    for eid, view in listed.items():
        saved = save(store, people.translator, eid, f"Translation of {eid}.")
        assert (saved.eid, saved.kind, saved.number, saved.source_text) == (
            eid,
            view.kind,
            view.number,
            view.source_text,
        )
        approved = translations.approve(store, people.committee, P, "en", eid)
        assert (approved.number, approved.state) == (view.number, "approved")
        on_draft = save(store, people.translator, eid, f"Draft translation of {eid}.", version="draft")
        assert on_draft.number == drafted[eid].number
    assert sorted(v.number for v in listed.values() if v.number) == list(
        range(1, 1 + sum(1 for v in listed.values() if v.number))
    )


def test_the_progress_follows_each_change_of_a_translation(store, people, zero):
    def approved() -> int:
        [latest] = [p for p in translations.progress(store, people.committee, P) if p.version == "Borrador cero"]
        return next(lang.approved for lang in latest.languages if lang.language == "en")

    assert approved() == 0 and approved() == 0  # counted once, read twice
    save(store, people.translator, "op_1", OP1_EN)
    assert approved() == 0
    translations.approve(store, people.committee, P, "en", "op_1")
    assert approved() == 1
    translations.reject(store, people.committee, P, "en", "op_1", SendBack(note="Revise."))
    assert approved() == 0


def test_what_changed_since_an_open_editor_and_the_typing_taken_into_it(store, people, zero):
    """The notice of someone's save (the translation editor): their change since the text the editor opened with, and
    what was typed there taken into it where the two touch different words; only those who write the language ask."""
    save(store, people.translator, "op_1", OP1_EN, "draft")
    opened = row(store, people.translator, "op_1")
    typed = SaveTranslation(
        text=OP1_EN.replace("governance.", "governance now."),
        source_revision=opened.source_revision,
        base_text_revision=opened.text_revision,
    )
    save(store, people.committee, "op_1", OP1_EN.replace("We commit", "Together we commit"), "draft")
    seen = translations.since_seen(store, people.translator, P, "en", "op_1", typed)
    assert seen["merged"] == "Together we commit to strengthening multilevel governance now."
    assert seen["current_revision"] == row(store, people.translator, "op_1").text_revision
    assert [text for op, text in seen["diff"] if op == 1] == ["Together we"]
    same = msgspec.structs.replace(typed, text=OP1_EN.replace("We commit", "They commit"))
    assert translations.since_seen(store, people.translator, P, "en", "op_1", same)["merged"] is None
    # Opened outdated (no translation of the source as it reads now): the change is from the text the editor showed.
    edit(store, people, "op_1", "Nos comprometemos a fortalecer la gobernanza multinivel hoy.")
    outdated = row(store, people.translator, "op_1", version="draft")
    assert (outdated.state, outdated.text_revision) == ("outdated", "")
    save(store, people.committee, "op_1", outdated.text.replace(".", " today."), "draft", version="draft")
    typed = SaveTranslation(text=outdated.text, source_revision=outdated.source_revision, base_text_revision="")
    seen = translations.since_seen(store, people.translator, P, "en", "op_1", typed, "draft")
    assert [text for op, text in seen["diff"] if op == 1] == [" today"]
    with pytest.raises(Forbidden):
        translations.since_seen(store, people.member, P, "en", "op_1", typed)
    with pytest.raises(Forbidden):
        translations.since_seen(store, people.translator, P, "fr", "op_1", typed)
