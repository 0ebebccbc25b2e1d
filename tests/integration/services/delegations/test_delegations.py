"""Delegations on both backends: kept by the committee, named in each language, linked to members; refused with the
reasons the interface gives (422 for a code that is not the process's, 403 for acting for another, 409 for deleting
one with a record); renamed and merged without losing what they did."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import join
from tests.demo_data import KUTAHYA
from tests.integration.services.transfer.test_transfer import admin_of
from tests.integration.support import dump
from workspace import i18n
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.domain.delegations.delegations import AddDelegation, ChangeDelegation, MergeDelegation
from workspace.domain.delegations.positions import SetPosition
from workspace.domain.errors import Conflict, Forbidden, ImportFailed, InvalidInput, NotFound
from workspace.services import delegations, positions, processes, transfer
from workspace.services.declaration import draft

P = "kutahya"
ARGENTINA = AddDelegation(
    code="arg", names={"es": "Argentina", "en": "Argentina", "fr": "Argentine"}, kind="member_state"
)


def circulated(store, people) -> str:
    """A version with one operative paragraph: its eId."""
    eid = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="Decide actuar.")).eid
    draft.circulate(store, people.committee, P, Circulate(label="Borrador cero"))
    return eid


def test_the_committee_keeps_delegations_named_in_each_language(store, people):
    made = delegations.add_delegation(store, people.committee, P, ARGENTINA)
    assert (made.code, made.kind, made.members) == ("ARG", "member_state", 0)
    delegations.add_delegation(
        store, people.committee, P, AddDelegation(code="G-77", names={"es": "Grupo de los 77"}, kind="group")
    )
    for lang, names in (("fr", ["Argentine", "Grupo de los 77"]), ("en", ["Argentina", "Grupo de los 77"])):
        with i18n.locale_scope(lang):  # a name missing in a language reads in the source language's
            assert [d.name for d in delegations.list_delegations(store, people.observer, P)] == names
    assert delegations.get_delegation(store, people.member, P, "g-77").code == "G-77"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "A", "names": {"es": "A"}}, "is not a delegation code"),
        ({"code": "ARG!", "names": {"es": "A"}}, "is not a delegation code"),
        ({"code": "ARG", "names": {"en": "Argentina"}}, "source language"),
        ({"code": "ARG", "names": {"es": "Argentina", "de": "Argentinien"}}, "not a language of this process"),
        ({"code": "ARG", "names": {"es": "Argentina"}, "kind": "empire"}, "Unknown kind"),
    ],
)
def test_a_delegation_that_cannot_be_is_refused_with_its_reason_and_nothing_is_written(store, people, fields, message):
    before = dump(store)
    with pytest.raises(InvalidInput, match=message):  # a code refused as the command is made, the rest by the process
        delegations.add_delegation(store, people.committee, P, AddDelegation(**fields))
    assert dump(store) == before


def test_only_the_committee_keeps_delegations_and_outsiders_learn_nothing(store, people):
    with pytest.raises(Forbidden):
        delegations.add_delegation(store, people.member, P, ARGENTINA)
    with pytest.raises(NotFound):
        delegations.list_delegations(store, people.outsider, P)
    delegations.add_delegation(store, people.committee, P, ARGENTINA)
    with pytest.raises(Conflict):
        delegations.add_delegation(store, people.committee, P, ARGENTINA)


def test_a_member_speaks_for_one_delegation_and_acts_only_for_it(store, people):
    eid = circulated(store, people)
    delegations.add_delegation(store, people.committee, P, ARGENTINA)
    delegations.add_delegation(
        store, people.committee, P, AddDelegation(code="EU", names={"es": "Unión Europea"}, kind="group")
    )
    with pytest.raises(InvalidInput, match="“ZZZ” is not a delegation of this process"):
        processes.update_member(store, people.committee, P, people.member.email, MemberChange(delegation="ZZZ"))
    view = processes.update_member(store, people.committee, P, people.member.email, MemberChange(delegation="arg"))
    assert view.delegation is not None and view.delegation.code == "ARG"
    assert {m.email: m.delegation for m in processes.list_members(store, people.committee, P)}[
        people.member.email
    ].code == "ARG"
    with pytest.raises(Forbidden, match="do not speak for the delegation “EU”"):
        positions.set_position(store, people.member, P, SetPosition(delegation="EU", eid=eid, position="supports"))
    with pytest.raises(InvalidInput, match="“XX” is not a delegation of this process"):
        positions.set_position(store, people.member, P, SetPosition(delegation="XX", eid=eid, position="supports"))
    own = positions.set_position(store, people.member, P, SetPosition(eid=eid, position="supports"))
    assert own.delegation.code == "ARG"  # the member's own by default
    for_eu = positions.set_position(
        store, people.committee, P, SetPosition(delegation="EU", eid=eid, position="objects")
    )
    assert for_eu.delegation.code == "EU"  # the committee acts on behalf of any delegation
    processes.update_member(store, people.committee, P, people.member.email, MemberChange(delegation=None))
    with pytest.raises(Forbidden, match="speak for no delegation"):
        positions.set_position(store, people.member, P, SetPosition(eid=eid, position="objects"))


def test_a_delegation_with_a_record_is_kept_and_renamed_or_merged_instead(store, people):
    eid = circulated(store, people)
    delegations.add_delegation(store, people.committee, P, ARGENTINA)
    delegations.add_delegation(store, people.committee, P, AddDelegation(code="ARGE", names={"es": "Argentina bis"}))
    processes.update_member(store, people.committee, P, people.member.email, MemberChange(delegation="ARG"))
    positions.set_position(store, people.member, P, SetPosition(eid=eid, position="reservation", note="Ad ref."))
    before = dump(store)
    with pytest.raises(Conflict, match="merge it into another delegation") as caught:
        delegations.delete_delegation(store, people.committee, P, "ARG")
    assert caught.value.detail == {"kept": ["positions"]} and dump(store) == before
    renamed = delegations.update_delegation(store, people.committee, P, "ARG", ChangeDelegation(code="RA"))
    assert (renamed.code, renamed.names["fr"], renamed.members) == ("RA", "Argentine", 1)
    held = positions.list_positions(store, people.committee, P, eid=eid)
    assert [(p.delegation.code, p.position, p.note) for p in held] == [("RA", "reservation", "Ad ref.")]
    merged = delegations.merge_delegation(store, people.committee, P, "RA", MergeDelegation(into="arge"))
    assert (merged.code, merged.members) == ("ARGE", 1)
    assert [p.delegation.code for p in positions.list_positions(store, people.committee, P, eid=eid)] == ["ARGE"]
    with pytest.raises(NotFound):
        delegations.get_delegation(store, people.committee, P, "RA")
    spare = delegations.add_delegation(store, people.committee, P, AddDelegation(code="SPARE", names={"es": "Libre"}))
    join(store, people.committee, P, "nuevo@example.org", "member")
    processes.update_member(store, people.committee, P, "nuevo@example.org", MemberChange(delegation=spare.code))
    delegations.delete_delegation(store, people.committee, P, "SPARE")  # nothing on record: it goes
    assert {m.email: m.delegation for m in processes.list_members(store, people.committee, P)}[
        "nuevo@example.org"
    ] is None


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('code = "KUT"', 'code = "K"', 10, "is not a delegation code"),
        ('code = "KUT"', 'code = "CHE"', 10, "is listed twice"),
        (
            'members = []\n\n[[delegations]]\ncode = "TUR"',
            'members = ["miembro@demo.accord"]\n\n[[delegations]]\ncode = "TUR"',
            13,
            "speaks for two",
        ),
        ('delegation = "TUR"', 'delegation = "ARG"', 55, "is not a delegation of this process"),
        ('position = "objects"', 'position = "maybe"', 57, "Unknown position"),
        ('paragraph = "op_3"\nposition = "objects"', 'paragraph = "op_99"\nposition = "objects"', 54, "No paragraph"),
        ("at = 2021-10-05T09:34:00.000000Z", "at = 2021-10-05T09:34:00", 61, "with its offset"),
    ],
)
def test_a_delegations_file_that_cannot_be_is_refused_with_its_line_and_nothing_is_written(
    store, tmp_path, old, new, line, message
):
    folder = tmp_path / "kutahya-2021"
    shutil.copytree(KUTAHYA, folder)
    path = folder / "delegations.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = dump(store)
    with pytest.raises(ImportFailed, match=message) as caught:
        transfer.import_folder(store, None, folder)
    assert (caught.value.file, caught.value.line) == (str(path), line)
    assert dump(store) == before


def test_the_demo_s_delegations_and_positions_are_imported(store):
    transfer.import_folder(store, None, KUTAHYA)
    admin = admin_of(store)
    assert [d.code for d in delegations.list_delegations(store, admin, "kutahya-2021")] == ["CHE", "KUT", "TUR", "UCLG"]
    held = {(p.delegation.code, p.eid): p.position for p in positions.list_positions(store, admin, "kutahya-2021")}
    assert held[("TUR", "op_3")] == "objects" and len(held) == 5
    view = positions.consensus(store, admin, "kutahya-2021", "Rev.1")
    assert [d.code for d in view.objecting] == ["TUR"]
