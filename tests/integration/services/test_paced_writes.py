"""Every write a person repeats has its pace (services/pace.py), on both backends: for each kind of `LIMITS`, its use
cases refuse the action that would go past the person's limit (429 with when to try again) and write nothing, with
the limits of the table itself; a file of proposals counts each proposal it files, a delegation files at most
`MAX_WINDOW_PROPOSALS` in a window, and no compilation makes a text past `MAX_PARAGRAPHS`. (Comments, threads and
amendments: test_pace.py; parallel requests: tests/web/test_paced_races.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from msgspec.structs import replace
from sqlalchemy import func, insert, select, update

from tests.conftest import SESSION, restored
from tests.integration.services.amendments.test_amendments import OP2, zero  # noqa: F401 - a fixture
from tests.integration.services.amendments.test_rendering_exchange import EN_A1, edited, french  # noqa: F401 - a fixture
from tests.integration.services.declaration.test_declaration import ZERO
from tests.integration.support import dump
from workspace.domain.amendments.amendment_commands import EditAmendment, Objection, ProposeAmendment, StartSilence
from workspace.domain.amendments.renderings import SetRendering
from workspace.domain.comments.comment_commands import OpenThread
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.document import revision_id
from workspace.domain.delegations.delegations import AddDelegation
from workspace.domain.delegations.positions import SetPosition
from workspace.domain.errors import InvalidInput, TooMany
from workspace.domain.limits import MAX_PARAGRAPHS
from workspace.domain.submissions.caps import MAX_WINDOW_PROPOSALS
from workspace.domain.submissions.submissions import CompileSubmissions, OpenWindow, Submit
from workspace.domain.translations.terms import ProposeTerm
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import (
    accounts,
    amendments,
    comments,
    consultations,
    delegations,
    pace,
    positions,
    processes,
    submissions,
    translations,
)
from workspace.services.amendments import renderings
from workspace.services.amendments.rendering_exchange import export_renderings_xliff, import_renderings_xliff
from workspace.services.pace import Pace
from workspace.store.models import Delegation, DraftParagraph, PacedAction, Submission, SubmissionWindow
from workspace.store.types import utcnow

P = "kutahya"
EN = "We call on national governments to support local finance."


def _room(store, people) -> dict[str, Any]:
    """Version 1; the member speaks for ARG; a window open on the whole text, a silence procedure running, a session
    to bring recommendations to, the member's thread, op_2 translated into English and the member's amendment A1."""
    delegations.add_delegation(store, people.committee, P, AddDelegation(code="ARG", names={"es": "Argentina"}))
    processes.update_member(store, people.committee, P, people.member.email, MemberChange(delegation="ARG"))
    now = datetime.now(UTC)
    submissions.open_window(
        store,
        people.committee,
        P,
        OpenWindow(opens=(now - timedelta(hours=1)).isoformat(), closes=(now + timedelta(days=2)).isoformat()),
    )
    amendments.start_silence(
        store, people.committee, P, StartSilence(version="1", deadline=(now + timedelta(days=2)).isoformat())
    )
    session = consultations.create_session(store, people.committee, P, replace(SESSION, ref="mesa")).ref
    thread = comments.open_thread(store, people.member, P, OpenThread(version="1", eid="op_1", body="¿Qué niveles?")).id
    rows = translations.list_translations(store, people.committee, P, "en", "1")
    source = {r.eid: r.source_revision for r in rows}
    translations.save_translation(
        store,
        people.committee,
        P,
        "en",
        "op_2",
        SaveTranslation(text=EN, source_revision=source["op_2"], state="translated"),
        "1",
    )
    amendment = amendments.propose(
        store,
        people.member,
        P,
        ProposeAmendment(version="1", eid="op_2", kind="modify", text=OP2.replace("apoyar", "apoyar ya")),
    )
    return {"session": session, "thread": thread, "op_1": source["op_1"], "amendment": amendment.number}


@pytest.fixture
def room(store, people, zero):  # noqa: F811 - the fixture
    return restored(store, "paced writes", lambda s: _room(s, people))


Act = Callable[[Any, Any, dict[str, Any], int], object]

# Each kind the table paces, with who repeats it and one use case of theirs (`n`: the how-manieth, 0 then 1).
KINDS: dict[Pace, tuple[str, Act]] = {
    Pace.PROPOSAL: (
        "member",
        lambda s, who, room, n: submissions.submit(
            s, who, P, Submit(kind="modify", text=f"Nueva redacción {n}.", eid="op_1")
        ),
    ),
    Pace.RECOMMENDATION: (
        "member",
        lambda s, who, room, n: consultations.add_recommendation(
            s, who, P, room["session"], RecommendationFields(text=f"Recomendación {n}.")
        ),
    ),
    Pace.POSITION: (
        "member",
        lambda s, who, room, n: positions.set_position(
            s, who, P, SetPosition(eid="op_1", position="objects", base_revision=n or None)
        ),
    ),
    Pace.OBJECTION: (
        "member",
        lambda s, who, room, n: amendments.object_to_silence(s, who, P, Objection(text=f"Objetamos ({n}).")),
    ),
    Pace.RESOLUTION: (
        "member",
        lambda s, who, room, n: (comments.reopen if n else comments.resolve)(s, who, P, room["thread"]),
    ),
    Pace.TRANSLATION: (
        "translator",
        lambda s, who, room, n: translations.save_translation(
            s,
            who,
            P,
            "en",
            "op_1",
            SaveTranslation(text=f"Take {n}.", source_revision=room["op_1"], state="draft"),
            "1",
        ),
    ),
    Pace.RENDERING: (
        "translator",
        lambda s, who, room, n: renderings.set_rendering(
            s,
            who,
            P,
            room["amendment"],
            "en",
            SetRendering(text=EN.replace("support", f"support ({n})"), state="rendered", base_revision=revision_id(EN)),
        ),
    ),
    Pace.GLOSSARY: (
        "translator",
        lambda s, who, room, n: translations.propose_term(
            s, who, P, ProposeTerm(source=f"Término {n}", translations={"en": f"Term {n}"})
        ),
    ),
    Pace.TOKEN: ("observer", lambda s, who, room, n: accounts.create_token(s, who, f"Programa {n}")),
}


def spend(store, who, kind: Pace, count: int) -> None:
    """`who`'s actions of `kind` in the last minute made `count`, as the pace keeps them. Those already kept are
    moved into the last second too: a fixture's (restored from a snapshot made minutes ago in a slow run) had left
    the minute, and the count came short."""
    with store.writer() as tx:
        mine = (PacedAction.user_id == who.id, PacedAction.kind == kind.value)
        at = utcnow() - timedelta(seconds=1)
        tx.execute(update(PacedAction).where(*mine).values(at=at))
        made = tx.scalar(select(func.count(PacedAction.id)).where(*mine)) or 0
        tx.execute(insert(PacedAction), [{"user_id": who.id, "kind": kind.value, "at": at}] * (count - made))
        tx.commit()


def test_every_kind_of_the_table_is_tried_here_or_in_test_pace():
    assert set(KINDS) | {Pace.COMMENT, Pace.THREAD, Pace.AMENDMENT} == set(Pace)


def test_each_repeated_write_past_its_limit_is_refused_and_writes_nothing(store, people, room):
    for kind, (role, act) in KINDS.items():  # one database: each kind has its own count
        who = getattr(people, role)
        [(limit, window), *_] = pace.LIMITS[kind]
        spend(store, who, kind, limit - 1)
        act(store, who, room, 0)  # the last one the minute takes
        before = dump(store)
        with pytest.raises(TooMany) as refused:
            act(store, who, room, 1)
        assert dump(store) == before, kind
        assert refused.value.detail["kind"] == kind.value and refused.value.detail["limit"] == limit
        assert 1 <= refused.value.retry_after <= window.total_seconds(), kind


def test_a_reworded_amendment_refreshed_counts_as_one(store, people, room):
    [(limit, _), *_] = pace.LIMITS[Pace.AMENDMENT]
    spend(store, people.member, Pace.AMENDMENT, limit - 1)
    amendments.refresh(store, people.member, P, room["amendment"], EditAmendment())
    with pytest.raises(TooMany):
        amendments.refresh(store, people.member, P, room["amendment"], EditAmendment())


def markdown(extra: int) -> bytes:
    """Version 1 as a delegation sends it back, with `extra` new paragraphs at its end: as many proposals."""
    return (ZERO + "".join(f"\nUna propuesta nueva, la {n}.\n" for n in range(extra))).encode("utf-8")


def filed(store) -> int:
    with store() as tx:
        return tx.scalar(select(func.count(Submission.id))) or 0


def test_a_file_counts_each_proposal_and_a_window_takes_so_many_of_a_delegation(store, people, room):
    [(limit, _), *_] = pace.LIMITS[Pace.PROPOSAL]
    # Under the limit, a file is taken whole, and counts what it files: the next proposal waits.
    spend(store, people.member, Pace.PROPOSAL, limit - 3)
    assert len(submissions.submit_file(store, people.member, P, markdown(5), "arg.md", None, None)) == 5
    with pytest.raises(TooMany):
        submissions.submit(store, people.member, P, Submit(kind="delete", eid="op_1"))
    with pytest.raises(TooMany):  # and a file is refused before it is read
        submissions.submit_file(store, people.member, P, b"not even read", "arg.md", None, None)
    # The committee files every delegation's proposals: not paced, but no delegation past its window's cap.
    spend(store, people.committee, Pace.PROPOSAL, limit)
    before = dump(store)
    with pytest.raises(InvalidInput) as too_long:
        submissions.submit_file(store, people.committee, P, markdown(MAX_WINDOW_PROPOSALS + 1), "arg.md", "ARG", None)
    assert too_long.value.detail == {"file": "arg.md", "count": MAX_WINDOW_PROPOSALS + 1, "limit": MAX_WINDOW_PROPOSALS}
    assert dump(store) == before
    with store.writer() as tx:  # ARG's window all but full (one at a time is not what is tried here)
        window, process = tx.execute(select(SubmissionWindow.id, SubmissionWindow.process_id)).one()
        arg = tx.scalar(select(Submission.delegation_id))
        rows = [
            {"process_id": process, "window_id": window, "number": 100 + n, "delegation_id": arg, "kind": "delete"}
            for n in range(MAX_WINDOW_PROPOSALS - 5 - 2)
        ]
        tx.execute(insert(Submission), [{**r, "eid": "op_1", "text": ""} for r in rows])
        tx.commit()
    assert filed(store) == MAX_WINDOW_PROPOSALS - 2
    before = dump(store)
    with pytest.raises(InvalidInput) as full:
        submissions.submit_file(store, people.committee, P, markdown(3), "arg.md", "ARG", None)
    assert full.value.detail["count"] == MAX_WINDOW_PROPOSALS + 1 and "ARG would have" in str(full.value)
    assert dump(store) == before
    assert len(submissions.submit_file(store, people.committee, P, markdown(2), "arg.md", "ARG", None)) == 2


def test_no_compilation_makes_a_text_past_what_a_file_import_keeps(store, people, room):
    with store.writer() as tx:
        window, process = tx.execute(select(SubmissionWindow.id, SubmissionWindow.process_id)).one()
        arg = tx.scalar(select(Delegation.id).where(Delegation.code == "ARG"))
        paragraphs = tx.scalar(select(func.count(DraftParagraph.eid)).where(DraftParagraph.process_id == process))
        over = MAX_PARAGRAPHS - paragraphs + 1  # as delegations that filed their caps each would
        rows = [
            {"process_id": process, "window_id": window, "number": n, "delegation_id": arg, "kind": "delete"}
            for n in range(1, over + 1)
        ]
        tx.execute(insert(Submission), [{**r, "eid": "op_1", "text": ""} for r in rows])
        tx.commit()
    before = dump(store)
    with pytest.raises(InvalidInput) as refused:
        submissions.compile_submissions(store, people.committee, P, CompileSubmissions())
    assert refused.value.detail == {
        "count": MAX_PARAGRAPHS + 1,
        "paragraphs": paragraphs,
        "adding": over,
        "limit": MAX_PARAGRAPHS,
    }
    assert str(refused.value) == (
        f"Compiling {over} proposals would make a text of {MAX_PARAGRAPHS + 1} paragraphs: "
        f"a text holds at most {MAX_PARAGRAPHS}, as a file imported does."
    )
    assert dump(store) == before


def test_a_file_of_renderings_is_one_action_whatever_it_renders(store, people, french):  # noqa: F811 - the fixture
    [(limit, _), *_] = pace.LIMITS[Pace.RENDERING]
    name, body = export_renderings_xliff(store, people.translator, P, "en")
    spend(store, people.translator, Pace.RENDERING, limit - 2)
    changed = edited(
        body, A1=(EN_A1.replace("firmly", "strongly"), None), A3=("We will support intermediary cities.", None)
    )
    assert import_renderings_xliff(store, people.translator, P, "en", changed, name).imported == 2
    again = SetRendering(text=EN_A1, state="rendered", base_revision=revision_id(EN_A1.replace("firmly", "strongly")))
    renderings.set_rendering(store, people.translator, P, "A1", "en", again)  # the last the minute takes
    with pytest.raises(TooMany):
        renderings.set_rendering(store, people.translator, P, "A1", "en", again)
