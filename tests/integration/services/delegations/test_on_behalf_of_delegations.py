"""Amendments, co-sponsorships, threads and Word imports made on behalf of a delegation, on both backends: the
caller's own delegation by default, any for the committee, never another's for a member (403); a code that is not
the process's is refused (422); each is named by its delegation and printed reference in the reader's language,
filtered by delegation, and kept by a process folder; a delegation co-sponsors once, even when two of its delegates
try at once; a Word author is mapped once to a delegation and the mapping serves the next file."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import join
from tests.integration.services.amendments.test_word_import import COMMITTEE, MEMBER, S, demo, who  # noqa: F401 (fixture)
from tests.integration.support import dump
from workspace import i18n
from workspace.domain.amendments.amendment_commands import ImportWord, ProposeAmendment
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.errors import Conflict, Forbidden, InvalidInput
from workspace.renderers.compilation_docx import compilation_docx
from workspace.services import amendments, comments, delegations, processes, transfer
from workspace.services.declaration import draft

P = "kutahya"
ARG = AddDelegation(code="ARG", names={"es": "Argentina", "en": "Argentina", "fr": "Argentine"}, kind="member_state")
EU = AddDelegation(
    code="EU", names={"es": "Unión Europea", "en": "European Union", "fr": "Union européenne"}, kind="group"
)


@pytest.fixture
def room(store, people):
    """A circulated version of two operative paragraphs (each added on top: the first printed OP 2); the member
    speaks for Argentina: the paragraphs' eIds."""
    first = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="Decide actuar.")).eid
    second = draft.add_paragraph(store, people.committee, P, AddParagraph(kind="operative", text="Pide informes.")).eid
    draft.circulate(store, people.committee, P, Circulate(label="Borrador cero"))
    delegations.add_delegation(store, people.committee, P, ARG)
    delegations.add_delegation(store, people.committee, P, EU)
    processes.update_member(store, people.committee, P, people.member.email, MemberChange(delegation="ARG"))
    return first, second


def europe(store, people, email: str = "eu@example.org"):
    delegate = join(store, people.committee, P, email, "member")
    processes.update_member(store, people.committee, P, email, MemberChange(delegation="EU"))
    return delegate


def propose(store, actor, eid: str, delegation: str | None = None):
    return amendments.propose(
        store,
        actor,
        P,
        ProposeAmendment(version="1", eid=eid, kind="modify", text="Decide actuar ya.", delegation=delegation),
    )


def test_an_amendment_is_its_proposer_s_delegation_s_named_and_printed_in_the_reader_s_language(store, people, room):
    first, _ = room
    mine = propose(store, people.member, first)
    assert mine.delegation is not None and (mine.delegation.code, mine.delegation.name) == ("ARG", "Argentina")
    assert mine.ref.replace("\u00a0", " ") == "OP 2"
    for lang, name, ref in (("es", "Argentina", "PD 2"), ("fr", "Argentine", "PD 2")):  # párrafo/paragraphe dispositif
        with i18n.locale_scope(lang):
            seen = amendments.get_amendment(store, people.observer, P, mine.number)
        assert seen.delegation is not None and seen.delegation.name == name and seen.ref.replace("\u00a0", " ") == ref
    filed = propose(store, people.committee, first, delegation="eu")  # the secretariat files what the EU sent
    assert filed.delegation is not None and filed.delegation.code == "EU"
    assert propose(store, people.committee, first).delegation is None  # in the committee member's own name
    assert [a.number for a in amendments.list_amendments(store, people.observer, P, delegation="ARG")] == [mine.number]


def test_a_member_files_only_for_their_own_delegation_and_a_code_must_be_the_process_s(store, people, room):
    first, _ = room
    before = dump(store)
    with pytest.raises(Forbidden, match="do not speak for the delegation “EU”"):
        propose(store, people.member, first, delegation="EU")
    with pytest.raises(InvalidInput, match="“XX” is not a delegation of this process"):
        propose(store, people.member, first, delegation="xx")
    with pytest.raises(InvalidInput, match="is not a delegation code"):
        propose(store, people.member, first, delegation="no way!")
    with pytest.raises(InvalidInput, match="“XX” is not a delegation of this process"):
        amendments.list_amendments(store, people.observer, P, delegation="XX")
    with pytest.raises(Forbidden):
        comments.open_thread(
            store, people.member, P, OpenThread(version="1", eid=first, body="¿Por qué?", delegation="EU")
        )
    assert dump(store) == before


def test_a_delegation_co_sponsors_once_and_not_its_own_amendment(store, people, room):
    first, _ = room
    proposed = propose(store, people.member, first)
    delegate = europe(store, people)
    backed = amendments.cosponsor(store, delegate, P, proposed.number)
    assert [d.code for d in backed.cosponsor_delegations] == ["EU"]
    second = europe(store, people, "eu2@example.org")
    with pytest.raises(Conflict, match="EU already co-sponsors"):
        amendments.cosponsor(store, second, P, proposed.number)
    other = join(store, people.committee, P, "arg2@example.org", "member")
    processes.update_member(store, people.committee, P, "arg2@example.org", MemberChange(delegation="ARG"))
    with pytest.raises(InvalidInput, match="ARG's own"):
        amendments.cosponsor(store, other, P, proposed.number)
    assert [a.number for a in amendments.list_amendments(store, people.member, P, delegation="EU")] == [
        proposed.number
    ]  # filed or co-sponsored on its behalf


def test_two_delegates_of_one_delegation_co_sponsoring_at_once_count_once(store, people, room):
    first, _ = room
    delegates = [europe(store, people, f"eu{k}@example.org") for k in range(2)]
    for trial in range(6):
        proposed = propose(store, people.member, first)
        barrier, outcomes = threading.Barrier(2), []

        def back(delegate, number=proposed.number, barrier=barrier, outcomes=outcomes):
            barrier.wait()
            try:
                amendments.cosponsor(store, delegate, P, number)
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")

        workers = [threading.Thread(target=back, args=(d,)) for d in delegates]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert sorted(outcomes) == ["conflict", "ok"], trial
        assert [
            d.code for d in amendments.get_amendment(store, people.member, P, proposed.number).cosponsor_delegations
        ] == ["EU"]


def test_a_thread_is_opened_on_behalf_of_a_delegation_and_filtered_by_it(store, people, room):
    first, second = room
    mine = comments.open_thread(store, people.member, P, OpenThread(version="1", eid=second, body="¿Qué informes?"))
    assert mine.delegation is not None and mine.delegation.code == "ARG" and mine.ref.replace("\u00a0", " ") == "OP 1"
    theirs = comments.open_thread(
        store, people.committee, P, OpenThread(version="1", eid=first, body="Nota.", delegation="EU")
    )
    assert theirs.delegation is not None and theirs.delegation.code == "EU"
    assert [t.id for t in comments.list_threads(store, people.observer, P, delegation="ARG")] == [mine.id]
    comments.add_comment(store, people.committee, P, mine.id, CommentText(body="Los de la secretaría."))
    told = comments.inbox(store, people.member).items  # the inbox names the paragraph as printed too
    replies = [n for n in told if n.kind == "reply"]  # beside the other news (the version circulated: issue 67)
    assert [(n.eid, n.ref.replace("\u00a0", " ")) for n in replies] == [(second, "OP 1")]


def test_a_folder_keeps_what_was_done_on_behalf_of_delegations(store, people, room, tmp_path):
    first, _ = room
    proposed = propose(store, people.member, first)
    amendments.cosponsor(store, europe(store, people), P, proposed.number)
    comments.open_thread(store, people.member, P, OpenThread(version="1", eid=first, body="¿Por qué?"))
    out = tmp_path / "out"
    transfer.export_folder(store, people.committee, P, out)
    text = (out / "amendments" / f"A{proposed.number}.md").read_text(encoding="utf-8")
    assert 'delegation: "ARG"' in text and 'cosponsor_delegations:\n  "eu@example.org": "EU"' in text
    assert 'delegation: "ARG"' in (out / "threads" / "1.md").read_text(encoding="utf-8")


def test_a_word_author_is_mapped_once_to_a_delegation_and_serves_the_next_file(store, demo):  # noqa: F811
    committee, member = who(store, COMMITTEE), who(store, MEMBER)
    body = compilation_docx(amendments.compilation(store, member, S, "Rev.1"), "Rev.1", i18n.gettext)
    # A compilation Accord wrote is authored by delegations: it comes back under them, CHE's amendments as CHE's.
    preview = amendments.import_word(store, member, S, ImportWord.build("Rev.1", body, "c.docx"))
    assert {a.delegation.code for a in preview.amendments if a.delegation} == {"CHE"}
    with pytest.raises(Forbidden):
        amendments.import_word(store, member, S, ImportWord.build("Rev.1", body, "c.docx", delegation="TUR"))
    filed = amendments.import_word(
        store, committee, S, ImportWord.build("Rev.1", body, "turkiye.docx", preview=False, delegation="tur")
    )
    assert filed.amendments and {a.delegation.code for a in filed.amendments} == {"TUR"}
    authors = {name for a in filed.amendments for name in a.source.authors}
    # The next file of those Word authors is Türkiye's without saying so.
    again = amendments.import_word(store, committee, S, ImportWord.build("Rev.1", body, "again.docx"))
    assert {a.delegation.code for a in again.amendments} == {"TUR"}
    assert authors  # the authors the mapping was kept for
