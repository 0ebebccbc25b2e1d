"""Migration 0021 on a database with work in it: the committee's items on the working draft, numbered in the one
series before it (after everyone's, as its downgrade leaves them), are renumbered D1, D2 … with what names them
(the draft's history, activity subjects and the comments its entries name, a compromise's list); everyone's keep
their numbers; and down then up again gives back every number and reference. On both backends."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.conftest import make_people
from tests.integration.services.declaration.test_declaration import ZERO
from workspace.domain.amendments.amendment_commands import Compromise, DecideAmendment, ProposeAmendment
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services import amendments, comments
from workspace.services.declaration import importing as version_import
from workspace.store import migrate
from workspace.store.db import make_engine, make_store
from workspace.store.models import Activity, Amendment, Comment, ParagraphEdit, Thread

P = "kutahya"
OP2 = "Pedimos a los gobiernos nacionales apoyar la financiación local."


def work(url: str) -> None:
    """Member and committee items on version 1, the committee's on the draft between them, one accepted (the
    draft's history names it) and a compromise of two of them."""
    store = make_store(url)
    people = make_people(store)
    version_import.import_version(store, people.committee, P, ImportVersion(filename="zero.md", text=ZERO))
    for n in range(3):
        amendments.propose(
            store,
            people.member,
            P,
            ProposeAmendment(
                version="1", eid="op_2", kind="modify", text=OP2.replace("apoyar", f"apoyar {n}"), rationale="M."
            ),
        )
        amendments.propose(
            store,
            people.committee,
            P,
            ProposeAmendment(version="draft", eid="op_1", kind="delete", text="", rationale=f"C{n}."),
        )
        opened = comments.open_thread(
            store, people.member, P, OpenThread(version="1", eid="op_1", body=f"Pregunta {n}.")
        )
        comments.add_comment(store, people.committee, P, opened.id, CommentText(body=f"Respuesta {n}."))
        desk = comments.open_thread(
            store, people.committee, P, OpenThread(version="draft", eid="op_1", body=f"Nota {n}.")
        )
        comments.add_comment(store, people.committee, P, desk.label, CommentText(body=f"Otra nota {n}."))
    amendments.decide_amendment(store, people.committee, P, "D2", DecideAmendment(decision="accepted", reason="Sí."))
    amendments.compromise(
        store,
        people.committee,
        P,
        Compromise(amendments=["A1", "A2"], text=OP2.replace("apoyar", "apoyar 9"), reason="Ambas."),
    )
    store.dispose()


def state(url: str) -> dict[str, object]:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = {
            "amendments": conn.execute(
                select(Amendment.id, Amendment.on_draft, Amendment.number).order_by(Amendment.id)
            ).all(),
            "threads": conn.execute(select(Thread.id, Thread.on_draft, Thread.number).order_by(Thread.id)).all(),
            "comments": conn.execute(select(Comment.id, Comment.on_draft, Comment.number).order_by(Comment.id)).all(),
            "causes": conn.execute(select(ParagraphEdit.id, ParagraphEdit.cause_ref).order_by(ParagraphEdit.id)).all(),
            "activity": conn.execute(
                select(Activity.id, Activity.subject, Activity.data)
                .where(Activity.process_id.is_not(None))
                .order_by(Activity.id)
            ).all(),
        }
    engine.dispose()
    return found


def test_the_drafts_items_are_renumbered_apart_and_back(empty_url):
    migrate.upgrade(empty_url)
    work(empty_url)
    now = state(empty_url)
    assert [(d, n) for _, d, n in now["amendments"]] == [
        (False, 1),
        (True, 1),
        (False, 2),
        (True, 2),
        (False, 3),
        (True, 3),
        (True, 4),
    ]
    assert [(d, n) for _, d, n in now["comments"]] == [
        (False, 1),
        (False, 2),
        (True, 1),
        (True, 2),
        (False, 3),
        (False, 4),
        (True, 3),
        (True, 4),
        (False, 5),
        (False, 6),
        (True, 5),
        (True, 6),
    ]
    assert {ref for _, ref in now["causes"]} >= {"D2", "D4"}
    assert [s for _, s, _ in now["activity"] if s.startswith("amendment:")][:2] == ["amendment:1", "amendment:D1"]

    migrate.downgrade(empty_url, "0020")  # one series again: the draft's after everyone's
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        numbers = conn.exec_driver_sql("select id, number from amendments order by id").all()
        assert [n for _, n in numbers] == [1, 4, 2, 5, 3, 6, 7]
        causes = {ref for (ref,) in conn.exec_driver_sql("select cause_ref from paragraph_edits")}
        assert {"A5", "A7"} <= causes and not {c for c in causes if c.startswith("D")}
        subjects = [s for (s,) in conn.exec_driver_sql("select subject from activity order by id")]
        assert "amendment:D1" not in subjects and "amendment:4" in subjects and "thread:4" in subjects
        ids = {i for (i,) in conn.exec_driver_sql("select id from comments")}
        named = list(conn.exec_driver_sql("select data from activity order by id"))
    engine.dispose()
    comments_named = [(json.loads(d) if isinstance(d, str) else d).get("comment") for (d,) in named]
    assert {c for c in comments_named if c is not None} <= ids  # the ids again, as the code at 0020 reads them
    merged = [(json.loads(d) if isinstance(d, str) else d).get("merged") for (d,) in named]
    assert "A1, A2" in merged

    migrate.upgrade(empty_url)
    migrate.check(empty_url)
    assert state(empty_url) == now
