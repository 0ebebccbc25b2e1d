"""Floods cost the flooder, on both backends: past a rate no live consultation reaches, a person's next
comment, thread or amendment is refused (429 with when to try again, in their language) and writes
nothing; each kind has its own count, each person theirs; the windows slide; what was refused or rolled
back counts nothing; a Word file filed is one action and its preview none. (Parallel requests racing:
tests/web/test_paced_races.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.integration.services.amendments.test_amendments import OP2, zero  # noqa: F401 - a fixture
from tests.integration.services.amendments.test_word_import import MEMBER, S, demo, who  # noqa: F401 - a fixture
from tests.integration.support import dump
from workspace import i18n
from workspace.domain.amendments.amendment_commands import EditAmendment, ImportWord, ProposeAmendment
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.errors import NotFound, TooMany
from workspace.renderers.compilation_docx import compilation_docx
from workspace.services import amendments, comments, pace
from workspace.store.types import utcnow

P = "kutahya"


def opened(store, actor, body: str = "¿Qué niveles?"):
    return comments.open_thread(store, actor, P, OpenThread(version="1", eid="op_1", body=body))


def proposal(store, actor, n: int):
    return amendments.propose(
        store,
        actor,
        P,
        ProposeAmendment(
            version="1", eid="op_2", kind="modify", text=OP2.replace("apoyar", f"apoyar ({n})"), rationale="Porque sí."
        ),
    )


@pytest.fixture
def clock(monkeypatch):
    """The time pace reads, moved by the test: `clock.now += timedelta(...)`."""

    class Clock:
        now = utcnow()

    monkeypatch.setattr(pace, "utcnow", lambda: Clock.now)
    return Clock


@pytest.mark.usefixtures("zero")
def test_a_member_past_the_rate_is_refused_with_when_to_try_again_and_nothing_is_written(store, people):
    [(limit, window), _] = pace.LIMITS[pace.Pace.COMMENT]
    thread = opened(store, people.member)
    for n in range(limit):
        comments.add_comment(store, people.member, P, thread.id, CommentText(body=f"Comentario {n}."))
    before = dump(store)
    with pytest.raises(TooMany) as refused:
        comments.add_comment(store, people.member, P, thread.id, CommentText(body="Uno más."))
    assert dump(store) == before
    assert 1 <= refused.value.retry_after <= window.total_seconds()
    assert refused.value.detail == {
        "retry_after": refused.value.retry_after,
        "kind": "comment",
        "limit": limit,
        "window": int(window.total_seconds()),
    }
    wait = pace.span(refused.value.retry_after)
    for language, words in (
        ("en", "You are commenting faster"),
        ("es", "Está comentando más rápido"),
        ("fr", "Vous commentez plus vite"),
    ):
        with i18n.locale_scope(language):
            said = refused.value.render(i18n.translate)
        assert said.startswith(words) and said.endswith(f"{wait}.")
    # An edit of one's comment counts as a comment; the other kinds and the other people have their own count.
    with pytest.raises(TooMany):
        comments.edit_comment(store, people.member, P, thread.comments[0].id, CommentText(body="Reformulado."))
    opened(store, people.member, "Otro hilo.")
    proposal(store, people.member, 1)
    comments.add_comment(store, people.committee, P, thread.id, CommentText(body="El comité sí puede."))


@pytest.mark.usefixtures("zero")
def test_the_windows_slide_and_the_hour_counts_too(store, people, clock, monkeypatch):
    monkeypatch.setattr(pace, "LIMITS", {**pace.LIMITS, pace.Pace.THREAD: ((3, pace.MINUTE), (5, pace.HOUR))})
    for n in range(3):
        opened(store, people.member, f"Hilo {n}.")
        clock.now += timedelta(seconds=10)
    with pytest.raises(TooMany) as refused:
        opened(store, people.member, "Demasiado pronto.")
    assert refused.value.retry_after == 30  # the first of the three leaves the minute in 30 s
    assert pace.span(30) == "30\u00a0s"
    clock.now += timedelta(seconds=30)
    opened(store, people.member, "Hilo 3.")
    clock.now += timedelta(seconds=60)
    opened(store, people.member, "Hilo 4.")
    with pytest.raises(TooMany) as refused:  # five in the hour
        opened(store, people.member, "Hilo 5.")
    assert refused.value.retry_after == 3600 - 120 and pace.span(3600 - 120) == "58\u00a0min"
    clock.now += timedelta(hours=1)
    opened(store, people.member, "Una hora después.")


@pytest.mark.usefixtures("zero")
def test_what_was_refused_or_rolled_back_counts_nothing(store, people, monkeypatch):
    monkeypatch.setattr(pace, "LIMITS", {**pace.LIMITS, pace.Pace.COMMENT: ((2, pace.MINUTE),)})
    thread = opened(store, people.member)
    for _ in range(5):
        with pytest.raises(NotFound):
            comments.add_comment(store, people.member, P, 999, CommentText(body="A un hilo que no existe."))
    with pytest.raises(TooMany):  # past the limit, a refused comment is still refused
        for n in range(3):
            comments.add_comment(store, people.member, P, thread.id, CommentText(body=f"Comentario {n}."))
    assert len(comments.get_thread(store, people.member, P, thread.id).comments) == 3


def test_a_word_file_filed_is_one_action_and_its_preview_none(store, demo, monkeypatch):  # noqa: F811 - the fixture
    monkeypatch.setattr(pace, "LIMITS", {**pace.LIMITS, pace.Pace.AMENDMENT: ((2, pace.MINUTE),)})
    member = who(store, MEMBER)
    body = compilation_docx(amendments.compilation(store, member, S, "Rev.1"), "Rev.1", i18n.gettext)
    for _ in range(3):
        amendments.import_word(store, member, S, ImportWord.build("Rev.1", body, "c.docx"))
    filed = amendments.import_word(store, member, S, ImportWord.build("Rev.1", body, "c.docx", preview=False))
    assert len(filed.amendments) == 3
    mine = filed.amendments[0]
    amendments.edit(store, member, S, mine.number, EditAmendment(rationale="Mejor explicado."))  # the second action
    with pytest.raises(TooMany):
        amendments.edit(store, member, S, mine.number, EditAmendment(rationale="Otra vez."))
    with pytest.raises(TooMany):  # past the limit, a preview is refused too
        amendments.import_word(store, member, S, ImportWord.build("Rev.1", body, "c.docx"))
