"""The amendments to render, through a CAT tool and back (issue 34), on both backends: the exported file is valid
XLIFF 2.0 of one language pair; given back unchanged it writes nothing; an edited target is rendered, its state mapped
back (a translator's `final` rendered, a reviewer's approved); a unit whose rendering changed in Accord since the
export is 409 naming it, a translator of another language 403, a damaged file refused at its file:line, a unit of an
amendment decided since refused by name; every refusal writes nothing. The paragraphs' XLIFF import hands such a file
on."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.conftest import join, restored
from tests.integration.services.amendments.test_amendments import OP2, zero  # noqa: F401 - the fixture
from tests.integration.support import dump
from tests.unit.domain.test_xliff import schema
from workspace.domain.amendments.amendment_commands import DecideAmendment, ProposeAmendment
from workspace.domain.amendments.renderings import SetRendering
from workspace.domain.declaration.document import revision_id
from workspace.domain.errors import Conflict, Forbidden, ImportFailed, ImportRefused, InvalidInput
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import amendments, translations
from workspace.services.amendments import renderings
from workspace.services.amendments.rendering_exchange import export_renderings_xliff, import_renderings_xliff

P = "kutahya"
NS = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
EN = "We call on national governments to support local finance."
FR = "Nous demandons aux gouvernements nationaux de soutenir le financement local."
FR_AMENDED = "Nous demandons aux gouvernements nationaux de soutenir fermement le financement local."
EN_A1 = "We call on national governments to support local finance firmly."
INSERTED = "Apoyaremos las redes de ciudades intermedias."


def _build(store, people):
    french = join(store, people.committee, P, "traductrice@example.org", "translator", ("fr",))
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
        ProposeAmendment(
            version="1", eid="op_2", kind="modify", text=OP2.replace("apoyar", "apoyar con firmeza")
        ),  # A1, in Spanish
        ProposeAmendment(version="1", eid="op_2", kind="modify", text=FR_AMENDED, lang="fr"),  # A2, in French
        ProposeAmendment(version="1", eid="op_3", kind="insert", text=INSERTED),  # A3, in Spanish
    ):
        amendments.propose(store, people.member, P, command)
    # The English translator has rendered A1 already: a rendered unit goes out `translated`.
    renderings.set_rendering(
        store,
        people.translator,
        P,
        "A1",
        "en",
        SetRendering(text=EN_A1, state="rendered", base_revision=revision_id(EN)),
    )
    return french


@pytest.fixture
def french(store, people, zero):  # noqa: F811 - the fixture
    return restored(store, "rendering exchange", lambda s: _build(s, people))


def units(body: bytes) -> dict[str, etree._Element]:
    return {u.get("id"): u for u in etree.fromstring(body).iterfind(".//x:unit", NS)}


def edited(body: bytes, **changes: tuple[str | None, str | None]) -> bytes:
    """The file with the target (text) and the segment state of some units changed, as a CAT tool saves it."""
    root = etree.fromstring(body)
    for unit in root.iterfind(".//x:unit", NS):
        if unit.get("id") not in changes:
            continue
        text, state = changes[unit.get("id")]
        segment = unit.find("x:segment", NS)
        if text is not None:
            target = segment.find("x:target", NS)
            if target is None:
                target = etree.SubElement(segment, f"{{{NS['x']}}}target")
            target.text = text
        if state is not None:
            segment.set("state", state)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def rendering(store, who, label: str, lang: str) -> tuple[str, str] | None:
    found = amendments.get_amendment(store, who, P, label).renderings.get(lang)
    return (found.state, found.text) if found is not None else None


def test_the_file_is_valid_xliff_of_one_language_pair_with_every_state(store, people, french):
    name, body = export_renderings_xliff(store, people.translator, P, "en")
    root = etree.fromstring(body)
    assert schema().validate(root), schema().error_log
    assert name == "kutahya-amendments.es-en.xlf" and (root.get("srcLang"), root.get("trgLang")) == ("es", "en")
    found = units(body)
    assert list(found) == ["A1", "A3"]  # A2 was proposed in French: another language pair
    a1, a3 = found["A1"], found["A3"]
    assert a1.get("name") == "op_2" and a1.findtext("x:segment/x:source", namespaces=NS) == OP2.replace(
        "apoyar", "apoyar con firmeza"
    )
    assert (a1.find("x:segment", NS).get("state"), a1.findtext("x:segment/x:target", namespaces=NS)) == (
        "translated",
        EN_A1,
    )
    notes = {n.get("category"): n.text for n in a1.iterfind("x:notes/x:note", NS)}
    assert (
        notes["amendment"] == "A1"
        and notes["paragraph"] == "OP\u00a02"
        and notes["base_revision"] == revision_id(EN_A1)
    )
    assert "{+con firmeza +}" in notes["change"]
    assert a3.find("x:segment", NS).get("state") == "initial" and a3.find("x:segment/x:target", NS) is None

    # Rendering into the source: a language pair to choose (French or English); from French, A2 and the French
    # paragraph's Spanish edition to start from.
    with pytest.raises(InvalidInput) as ask:
        export_renderings_xliff(store, people.committee, P, "es")
    assert "en, fr" in ask.value.render()
    _, into_source = export_renderings_xliff(store, people.committee, P, "es", "fr")
    [a2] = units(into_source).values()
    assert a2.findtext("x:segment/x:source", namespaces=NS) == FR_AMENDED
    assert a2.findtext("x:segment/x:target", namespaces=NS) == OP2
    _, french_file = export_renderings_xliff(store, french, P, "fr")
    assert list(units(french_file)) == ["A1", "A3"]


def test_a_file_given_back_unchanged_writes_nothing(store, people, french):
    for who, lang, origin in ((people.translator, "en", None), (french, "fr", None), (people.committee, "es", "fr")):
        name, body = export_renderings_xliff(store, who, P, lang, origin)
        before = dump(store)
        report = import_renderings_xliff(store, who, P, lang, body, name)
        assert dump(store) == before  # no rendering, no revision, no activity
        assert (report.imported, report.refused, report.saved, report.not_in_file) == (0, 0, True, [])
        assert {u.outcome for u in report.units} == {"unchanged"} and all(u.line for u in report.units)
        # The same file through the paragraphs' XLIFF import: handed on, and nothing written either.
        assert translations.import_xliff(store, who, P, lang, body, name).imported == 0
        assert dump(store) == before


def test_an_edited_target_is_rendered_and_its_state_mapped_back(store, people, french):
    name, body = export_renderings_xliff(store, people.translator, P, "en")
    changed = edited(
        body,
        A1=(EN_A1.replace("firmly", "strongly"), "final"),  # a translator's `final`: rendered, not approved
        A3=("We will support the networks of intermediary cities.", "translated"),
    )
    report = import_renderings_xliff(store, people.translator, P, "en", changed, name)
    assert {u.eid: (u.outcome, u.state) for u in report.units} == {
        "A1": ("updated", "rendered"),
        "A3": ("updated", "rendered"),
    }
    assert rendering(store, people.committee, "A1", "en") == ("rendered", EN_A1.replace("firmly", "strongly"))
    assert rendering(store, people.committee, "A3", "en") == (
        "rendered",
        "We will support the networks of intermediary cities.",
    )

    # The committee reviews English: its `final` approves, the words unchanged.
    name, body = export_renderings_xliff(store, people.committee, P, "en")
    assert {k: u.find("x:segment", NS).get("state") for k, u in units(body).items()} == {
        "A1": "translated",
        "A3": "translated",
    }
    report = import_renderings_xliff(store, people.committee, P, "en", edited(body, A1=(None, "final")), name)
    assert [(u.eid, u.outcome, u.state) for u in report.units if u.outcome == "updated"] == [
        ("A1", "updated", "approved")
    ]
    assert rendering(store, people.committee, "A1", "en")[0] == "approved"
    name, body = export_renderings_xliff(store, people.committee, P, "en")
    assert units(body)["A1"].find("x:segment", NS).get("state") == "final"  # and round-trips so
    before = dump(store)
    import_renderings_xliff(store, people.translator, P, "en", edited(body, A1=(None, "initial")), name)
    assert dump(store) == before  # never back

    # Through the paragraphs' XLIFF import, handed on: the same rules.
    name, body = export_renderings_xliff(store, people.committee, P, "es", "fr")
    report = translations.import_file(
        store,
        people.committee,
        P,
        "es",
        edited(body, A2=(OP2.replace("apoyar", "apoyar con firmeza"), "translated")),
        name,
    )
    assert [(u.eid, u.outcome) for u in report.units] == [("A2", "updated")]
    assert amendments.get_amendment(store, people.committee, P, "A2").text == OP2.replace(
        "apoyar", "apoyar con firmeza"
    )  # into the source: the amendment's wording there


def test_a_unit_whose_rendering_changed_since_the_export_is_409_naming_it_and_nothing_is_written(store, people, french):
    name, body = export_renderings_xliff(store, people.translator, P, "en")
    renderings.set_rendering(
        store,
        people.committee,
        P,
        "A1",
        "en",
        SetRendering(text=EN_A1 + " Now.", state="rendered", base_revision=revision_id(EN_A1)),
    )
    changed = edited(body, A1=("We call on governments to support local finance firmly.", None), A3=("New.", None))
    before = dump(store)
    with pytest.raises(Conflict) as stale:
        import_renderings_xliff(store, people.translator, P, "en", changed, name)
    assert "A1 (kutahya-amendments.es-en.xlf:" in stale.value.render() and "A3" not in stale.value.render()
    [unit] = stale.value.detail["units"]
    assert unit["unit"] == "A1" and unit["revision"] == revision_id(EN_A1 + " Now.") and unit["diff"]
    assert dump(store) == before
    # A unit given back as it went out is no claim on words that changed since: the rest is imported.
    report = import_renderings_xliff(store, people.translator, P, "en", edited(body, A3=("New.", None)), name)
    assert [(u.eid, u.outcome) for u in report.units] == [("A1", "unchanged"), ("A3", "updated")]
    assert rendering(store, people.committee, "A1", "en") == ("rendered", EN_A1 + " Now.")


def test_only_the_translators_of_the_language_and_the_committee_export_and_import(store, people, french):
    name, body = export_renderings_xliff(store, people.translator, P, "en")
    before = dump(store)
    for who in (french, people.observer, people.member):
        with pytest.raises(Forbidden):
            import_renderings_xliff(store, who, P, "en", edited(body, A3=("New.", None)), name)
        with pytest.raises(Forbidden):
            export_renderings_xliff(store, who, P, "en")
    with pytest.raises(Forbidden):  # the paragraphs' import hands it on, with the same refusal
        translations.import_xliff(store, french, P, "en", edited(body, A3=("New.", None)), name)
    with pytest.raises(ImportFailed) as elsewhere:  # a file into English is no file into French
        import_renderings_xliff(store, french, P, "fr", edited(body, A3=("New.", None)), name)
    assert "not into French" in elsewhere.value.render()
    assert dump(store) == before


def test_a_damaged_file_is_refused_with_its_file_and_line(store, people, french):
    name, body = export_renderings_xliff(store, people.translator, P, "en")
    before = dump(store)
    broken = edited(body, A3=("New.", None)).replace(b"</notes>", b"</note>", 2)
    with pytest.raises(ImportFailed) as damaged:
        import_renderings_xliff(store, people.translator, P, "en", broken, name)
    assert damaged.value.line and damaged.value.render().startswith(f"{name}:{damaged.value.line}: ")
    forged = edited(body, A3=("New.", None)).replace(b"<source", b"<sorce", 1).replace(b"</source>", b"</sorce>", 1)
    with pytest.raises(ImportRefused) as refused:  # a unit without its source, at its line: nothing written
        import_renderings_xliff(store, people.translator, P, "en", forged, name)
    assert refused.value.line == units(body)["A1"].sourceline and "A1" in refused.value.render()
    assert dump(store) == before


def test_a_unit_of_an_amendment_decided_since_the_export_is_refused_by_name(store, people, french):
    name, body = export_renderings_xliff(store, people.translator, P, "en")
    amendments.decide_amendment(store, people.committee, P, "A3", DecideAmendment(decision="rejected", reason="No."))
    before = dump(store)
    with pytest.raises(ImportRefused) as refused:
        import_renderings_xliff(store, people.translator, P, "en", edited(body, A3=("New.", "translated")), name)
    assert "Amendment A3 is “Rejected” since the file was exported" in refused.value.render()
    assert refused.value.line == units(body)["A3"].sourceline
    report = refused.value.report
    assert report["saved"] is False and [(u["eid"], u["outcome"]) for u in report["units"]] == [
        ("A1", "unchanged"),
        ("A3", "refused"),
    ]
    assert dump(store) == before
    # Given back untouched, it brings nothing: the file imports.
    assert import_renderings_xliff(store, people.translator, P, "en", body, name).saved
    assert dump(store) == before
