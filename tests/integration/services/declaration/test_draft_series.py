"""Numbers that say nothing (issue 30, finding 8): what the committee files on the working draft (amendments,
threads, their comments) is numbered in a draft series of its own (D1, D2 …), so that no gap in anyone
else's numbers tells of it; comments are numbered per process, not by a global id. On both backends."""

from __future__ import annotations

import shutil

import pytest

from tests.integration.services.amendments.test_amendments import OP2, propose, zero  # noqa: F401 (fixture)
from tests.integration.services.transfer.test_transfer import admin_of, files_of
from workspace.domain.amendments.amendment_commands import Compromise, EditAmendment
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.declaration.declaration_commands import EditParagraph
from workspace.domain.errors import ImportFailed, NotFound
from workspace.services import amendments, comments, processes, transfer
from workspace.services.declaration import draft

P = "kutahya"
FIRMLY = OP2.replace("apoyar", "apoyar con firmeza")


def thread(store, who, version: str, body: str, eid: str = "op_1"):
    return comments.open_thread(store, who, P, OpenThread(version=version, eid=eid, body=body))


@pytest.fixture
def interleaved(store, people, zero):  # noqa: F811 - the fixture
    """Member and committee work on version 1, and between each of theirs the committee's on the draft."""
    for n in range(3):
        propose(store, people.member, rationale=f"Del miembro {n}.")
        propose(store, people.committee, version="draft", rationale=f"Del comité, en el borrador {n}.")
        opened = thread(store, people.member, "1", f"Pregunta {n}.")
        comments.add_comment(store, people.committee, P, opened.id, CommentText(body=f"Respuesta {n}."))
        desk = thread(store, people.committee, "draft", f"Nota interna {n}.")
        comments.add_comment(store, people.committee, P, desk.label, CommentText(body=f"Otra nota interna {n}."))
    return people


def test_a_member_sees_amendments_threads_and_comments_numbered_without_a_gap(store, interleaved):
    people = interleaved
    for who in (people.member, people.observer, people.translator):
        listed = amendments.list_amendments(store, who, P)
        assert [(a.number, a.label) for a in listed] == [(1, "A1"), (2, "A2"), (3, "A3")]
        threads = comments.list_threads(store, who, P)
        assert [(t.id, t.label) for t in threads] == [(1, "1"), (2, "2"), (3, "3")]
        assert [c.id for t in threads for c in t.comments] == [1, 2, 3, 4, 5, 6]  # in the order written: no gap
        assert all(c.label == str(c.id) for t in threads for c in t.comments)
        for entry in processes.list_activity(store, who, P):
            kind, _, ref = entry.subject.partition(":")
            assert kind not in ("amendment", "thread") or ref.isdecimal(), entry
        events = comments.events_after(store, who, P, 0).events
        assert [e.data["comment"] for e in events if "comment" in e.data] == [1, 2, 3, 4, 5, 6]
        for ref in ("D1", "d1"):
            with pytest.raises(NotFound):
                amendments.get_amendment(store, who, P, ref)
            with pytest.raises(NotFound):
                comments.get_thread(store, who, P, ref)


def test_the_committee_names_its_draft_work_in_its_own_series(store, interleaved):
    people = interleaved
    listed = amendments.list_amendments(store, people.committee, P)
    assert [a.label for a in listed] == ["A1", "A2", "A3", "D1", "D2", "D3"]  # everyone's, then the draft's
    assert amendments.get_amendment(store, people.committee, P, "d2").rationale == "Del comité, en el borrador 1."
    assert amendments.get_amendment(store, people.committee, P, "A2").rationale == "Del miembro 1."
    assert amendments.get_amendment(store, people.committee, P, 2).rationale == "Del miembro 1."
    threads = comments.list_threads(store, people.committee, P, version="draft")
    assert [t.label for t in threads] == ["1", "2", "3", "D1", "D2", "D3"]
    desk = comments.get_thread(store, people.committee, P, "D2")
    assert [(c.id, c.label, c.body) for c in desk.comments] == [
        (3, "D3", "Nota interna 1."),
        (4, "D4", "Otra nota interna 1."),
    ]
    # PUT|DELETE /comments/{id}: the draft's by their label, everyone's by their number
    assert comments.edit_comment(store, people.committee, P, "D4", CommentText(body="Mejor dicho.")).label == "D4"
    comments.delete_comment(store, people.committee, P, 2)
    assert comments.get_thread(store, people.committee, P, 1).comments[1].deleted
    assert comments.get_thread(store, people.committee, P, "D2").comments[1].body == "Mejor dicho."
    with pytest.raises(NotFound):  # a member's number does not reach the draft's comment of the same number
        comments.edit_comment(store, people.member, P, "D1", CommentText(body="¿Y esto?"))


def test_a_public_amendment_refreshed_by_the_committee_stays_where_members_read_it(store, people, zero):  # noqa: F811
    """Refreshing once moved the committee's amendment of a version onto the draft, out of members' sight."""
    filed = propose(store, people.committee, rationale="Para todos.")
    assert filed.label == "A1"
    current = draft.get_draft_paragraph(store, people.committee, P, "op_2")
    draft.edit_paragraph(
        store, people.committee, P, "op_2", EditParagraph(base_revision=current.revision, text=current.text + " Y más.")
    )
    refreshed = amendments.refresh(store, people.committee, P, 1, EditAmendment(text=FIRMLY + " Y más."))
    assert (refreshed.label, refreshed.version) == ("A1", "Borrador cero")
    assert [a.label for a in amendments.list_amendments(store, people.member, P)] == ["A1"]


def test_the_folder_carries_the_draft_series_and_comes_back_byte_for_byte(store, fresh_store, interleaved, tmp_path):
    transfer.export_folder(store, None, P, tmp_path / "first")
    names = sorted(
        str(p.relative_to(tmp_path / "first"))
        for p in (tmp_path / "first").rglob("*.md")
        if p.parent.name in ("amendments", "threads")
    )
    assert names == [
        *(f"amendments/{x}.md" for x in ("A1", "A2", "A3", "D1", "D2", "D3")),
        *(f"threads/{x}.md" for x in ("1", "2", "3", "D1", "D2", "D3")),
    ]
    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "first")
    transfer.export_folder(other, None, P, tmp_path / "second")
    assert files_of(tmp_path / "first") == files_of(tmp_path / "second")
    numbered = [
        (t.label, [c.label for c in t.comments]) for t in comments.list_threads(store, interleaved.committee, P)
    ]
    assert numbered[0] == ("1", ["1", "2"]) and numbered[3] == ("D1", ["D1", "D2"])
    # the comments take again the numbers they had: in the order they were written
    assert [
        (t.label, [c.label for c in t.comments]) for t in comments.list_threads(other, admin_of(other), P)
    ] == numbered


def test_a_folder_written_before_the_draft_series_is_read_into_it(store, fresh_store, interleaved, tmp_path):
    """An older export named the draft's items in the one series (A4.md, version draft): they take the
    draft series' numbers in their order, and a compromise named by its old number follows."""
    people = interleaved
    compromise = amendments.compromise(
        store,
        people.committee,
        P,
        Compromise(amendments=[1, 2], text=FIRMLY.replace("local", "local y regional"), reason="Ambas."),
    )
    assert compromise.label == "D4"
    transfer.export_folder(store, None, P, tmp_path / "now")
    old = tmp_path / "old"
    shutil.copytree(tmp_path / "now", old)
    for kind, prefix in (("amendments", "A"), ("threads", "")):
        for n in (1, 2, 3, 4):  # D1 → 4, D2 → 6 …: the numbers they had when the series was one
            if (old / kind / f"D{n}.md").exists():
                (old / kind / f"D{n}.md").rename(old / kind / f"{prefix}{2 * n + 2}.md")
    for merged in ("A1.md", "A2.md"):
        path = old / "amendments" / merged
        assert 'merged_into: "D4"\n' in path.read_text(encoding="utf-8")
        path.write_text(
            path.read_text(encoding="utf-8").replace('merged_into: "D4"\n', "merged_into: 10\n"), encoding="utf-8"
        )
    other = fresh_store()
    transfer.import_folder(other, None, old)
    transfer.export_folder(other, None, P, tmp_path / "again")
    assert files_of(tmp_path / "again") == files_of(tmp_path / "now")
    bad = tmp_path / "bad"
    shutil.copytree(tmp_path / "now", bad)
    text = (bad / "threads" / "D1.md").read_text(encoding="utf-8")
    assert 'version: "draft"' in text
    text = text.replace('version: "draft"', "version: 1")
    (bad / "threads" / "D1.md").write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        transfer.import_folder(fresh_store(), None, bad)
    assert caught.value.file.endswith("D1.md") and "working draft" in caught.value.render()
