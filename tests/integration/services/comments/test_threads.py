"""Comment threads on both backends: open on a phrase, reply, resolve, follow, inbox; anchors that
follow the text across versions; own comments only; events in order, as each reader may see them."""

from __future__ import annotations

import pytest

from tests.backends import BACKENDS_DIFFER
from tests.conftest import restored
from tests.integration.services.declaration.test_declaration import ZERO
from tests.integration.support import dump
from workspace.domain.comments.comment_commands import MAX_COMMENT, CommentText, OpenThread, QuoteInput
from workspace.domain.declaration.declaration_commands import Circulate, DeleteParagraph, EditParagraph, ImportVersion
from workspace.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from workspace.services import comments
from workspace.services.declaration import draft
from workspace.services.declaration import importing as version_import

pytestmark = BACKENDS_DIFFER  # the thread search: lower() folds only ASCII on SQLite

P = "kutahya"
OP1 = "Nos comprometemos a fortalecer la gobernanza multinivel."


@pytest.fixture
def zero(store, people):
    return restored(
        store,
        "zero",
        lambda s: version_import.import_version(s, people.committee, P, ImportVersion(filename="zero.md", text=ZERO)),
    )


def on_phrase(
    phrase: str, text: str = OP1, version: str = "1", eid: str = "op_1", body: str = "¿Qué niveles?"
) -> OpenThread:
    start = text.index(phrase)
    return OpenThread(
        version=version, eid=eid, quote=QuoteInput(exact=phrase, start=start, end=start + len(phrase)), body=body
    )


def edit(store, people, eid: str, text: str) -> None:
    current = draft.get_draft_paragraph(store, people.committee, P, eid)
    draft.edit_paragraph(store, people.committee, P, eid, EditParagraph(base_revision=current.revision, text=text))


def test_a_thread_is_discussed_resolved_and_followed_through_the_inbox(store, people, zero):
    opened = comments.open_thread(store, people.member, P, on_phrase("gobernanza multinivel"))
    assert (opened.id, opened.eid, opened.version, opened.status) == (1, "op_1", "Borrador cero", "open")
    assert opened.quote.prefix.endswith("fortalecer la ") and opened.quote.suffix == "."
    assert opened.anchor.state == "exact" and opened.anchor.text == "gobernanza multinivel"
    assert opened.following
    assert [i.kind for i in comments.inbox(store, people.member).items] == ["version"]  # the zero draft, circulated
    comments.mark_read(store, people.member)

    comments.add_comment(store, people.committee, P, 1, CommentText(body="Los tres: local, regional y nacional."))
    box = comments.inbox(store, people.member)
    assert box.unread == 1 and box.items[0].kind == "reply" and box.items[0].thread == 1
    assert comments.inbox(store, people.committee).unread == 0  # one's own reply is not news

    resolved = comments.resolve(store, people.committee, P, 1)
    assert resolved.status == "resolved" and resolved.resolved_by == people.committee.name
    with pytest.raises(Conflict):
        comments.resolve(store, people.committee, P, 1)
    assert [i.kind for i in comments.inbox(store, people.member).items] == ["resolved", "reply", "version"]
    assert comments.mark_read(store, people.member).unread == 0
    assert comments.reopen(store, people.member, P, 1).status == "open"  # who opened it may reopen it
    assert comments.inbox(store, people.committee).items[0].kind == "reopened"  # the committee follows by replying

    with pytest.raises(Forbidden):
        comments.open_thread(store, people.observer, P, on_phrase("gobernanza"))
    with pytest.raises(Forbidden):
        comments.resolve(store, people.translator, P, 1)  # neither the committee nor who opened it
    with pytest.raises(NotFound):
        comments.get_thread(store, people.outsider, P, 1)


def test_anchors_follow_the_text_into_the_next_versions(store, people, zero):
    comments.open_thread(store, people.member, P, on_phrase("gobernanza multinivel"))
    comments.open_thread(store, people.member, P, on_phrase("fortalecer"))
    op2 = "Pedimos a los gobiernos nacionales apoyar la financiación local."
    comments.open_thread(store, people.member, P, on_phrase("apoyar la financiación", op2, eid="op_2"))
    comments.open_thread(store, people.member, P, OpenThread(version="1", eid="op_3", body="Bien."))
    edit(store, people, "op_1", "Nosotros nos comprometemos a reforzar la gobernanza multinivel.")
    draft.delete_paragraph(
        store,
        people.committee,
        P,
        "op_3",
        DeleteParagraph(base_revision=draft.get_draft_paragraph(store, people.committee, P, "op_3").revision),
    )
    edit(store, people, "op_2", "Pedimos a los gobiernos nacionales apoyar decididamente la financiación local.")
    draft.circulate(store, people.committee, P, Circulate(label="Rev.1", note=""))

    on_rev1 = {t.id: t.anchor for t in comments.list_threads(store, people.member, P, version="Rev.1")}
    assert on_rev1[1].state == "exact" and on_rev1[1].text == "gobernanza multinivel"
    assert on_rev1[1].start == "Nosotros nos comprometemos a reforzar la gobernanza multinivel.".index("gobernanza")
    assert (
        on_rev1[2].state == "outdated" and on_rev1[2].text is None
    )  # "fortalecer" became "reforzar": never other words
    assert any(p.op == -1 and "fortalecer" in p.text for p in on_rev1[2].diff)
    assert on_rev1[3].state in ("fuzzy", "outdated") and (on_rev1[3].state == "outdated" or on_rev1[3].score < 1)
    assert on_rev1[4].state == "outdated"  # its paragraph is gone: shown, never dropped
    on_zero = {t.id: t.anchor.state for t in comments.list_threads(store, people.member, P, version="1")}
    assert on_zero == {1: "exact", 2: "exact", 3: "exact", 4: "exact"}


def test_own_comments_are_edited_with_their_earlier_wording_and_deleted_as_tombstones(store, people, zero):
    comments.open_thread(store, people.member, P, on_phrase("gobernanza"))
    reply = comments.add_comment(store, people.committee, P, 1, CommentText(body="Primera idea."))
    comments.edit_comment(store, people.committee, P, reply.id, CommentText(body="Idea corregida."))
    seen = comments.get_thread(store, people.member, P, 1)
    assert seen.comments[1].body == "Idea corregida." and [e.body for e in seen.comments[1].earlier] == [
        "Primera idea."
    ]
    with pytest.raises(Forbidden):
        comments.edit_comment(store, people.member, P, reply.id, CommentText(body="¡No es mío!"))
    with pytest.raises(Forbidden):
        comments.delete_comment(store, people.member, P, reply.id)
    comments.delete_comment(store, people.committee, P, reply.id)
    gone = comments.get_thread(store, people.member, P, 1).comments[1]
    assert gone.deleted and gone.body == "" and gone.earlier == []
    with pytest.raises(Conflict):
        comments.edit_comment(store, people.committee, P, reply.id, CommentText(body="Otra vez."))


@pytest.mark.parametrize(
    ("command", "field"),
    [
        (
            lambda: OpenThread(
                version="1", eid="op_1", quote=QuoteInput(exact="gobernanza", start=0, end=10), body="Mal sitio."
            ),
            None,
        ),
        (lambda: OpenThread(version="1", eid="op_1", body="   "), "body"),
        (lambda: OpenThread(version="1", eid="op_1", body="x" * (MAX_COMMENT + 1)), "body"),
        (
            lambda: OpenThread(version="1", eid="op_1", quote=QuoteInput(exact="", start=0, end=0), body="Vacía."),
            "quote",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(store, people, zero, command, field):
    before = dump(store)
    with pytest.raises(InvalidInput) as caught:
        comments.open_thread(store, people.member, P, command())
    assert field is None or caught.value.detail["field"] == field
    assert dump(store) == before


def test_unknown_paragraphs_versions_threads_and_comments_are_404(store, people, zero):
    with pytest.raises(NotFound):
        comments.open_thread(store, people.member, P, OpenThread(version="1", eid="op_9", body="¿Dónde?"))
    with pytest.raises(NotFound):
        comments.open_thread(store, people.member, P, OpenThread(version="Rev.9", eid="op_1", body="¿Cuál?"))
    with pytest.raises(NotFound):
        comments.open_thread(store, people.member, P, OpenThread(version="draft", eid="op_1", body="Es del comité."))
    with pytest.raises(NotFound):
        comments.add_comment(store, people.member, P, 7, CommentText(body="¿Qué hilo?"))


def test_events_come_in_order_and_the_drafts_stay_with_the_committee(store, people, zero):
    _, start = comments.stream_of(store, people.member, P)
    comments.open_thread(store, people.member, P, on_phrase("gobernanza"))
    comments.open_thread(store, people.committee, P, OpenThread(version="draft", eid="op_2", body="Nota interna."))
    comments.add_comment(store, people.committee, P, 1, CommentText(body="Respuesta."))
    comments.resolve(store, people.committee, P, 1)
    seen = comments.events_after(store, people.member, P, start)
    assert [e.type for e in seen.events] == ["thread", "comment", "resolved"]
    assert [e.id for e in seen.events] == sorted(e.id for e in seen.events)
    committee = comments.events_after(store, people.committee, P, start)
    assert [e.type for e in committee.events] == ["thread", "thread", "comment", "resolved"]
    # Each numbering has no gap: the member's skips the committee's draft thread without a trace.
    assert [e.id for e in seen.events] == [start + 1, start + 2, start + 3]
    assert [e.id for e in committee.events] == list(range(committee.events[0].id, committee.last + 1))
    assert seen.last == start + 3
    with pytest.raises(NotFound):
        comments.events_after(store, people.outsider, P, 0)
