"""First translations and comments that really race, on both backends: threads released together, many trials.

Two people save the first translation of a paragraph's new source text at once: one is kept, the
other gets the 409 that names the text kept and its diff (not a generic conflict). Comments posted at
once, by one person or several, all land: a comment post conflicts with nothing.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.integration.services.declaration.test_draft_races import race
from tests.integration.services.translations.test_translations import edit, row, zero  # noqa: F401 (fixture)
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.errors import Conflict
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import comments, translations
from workspace.store.models import Comment, Follower

P = "kutahya"
TRIALS = 30
pytestmark = pytest.mark.usefixtures(
    "zero", "unpaced"
)  # both tests start from version zero; one person posts 60 comments


def test_two_first_translations_at_once_the_loser_gets_the_text_kept_and_its_diff(store, people):
    tally: Counter[str] = Counter()
    for n in range(TRIALS):
        edit(store, people, "op_1", f"Nos comprometemos a fortalecer la gobernanza multinivel, texto {n}.")
        now = row(store, people.translator, "op_1", version="draft")
        assert now.state in ("missing", "outdated") and now.text_revision == ""  # nothing made from this source yet
        # Every third trial both type the same words: the text's revision is new to both as well.
        texts = [f"Version A {n}.", f"Version B {n}."] if n % 3 else [f"Same words {n}."] * 2
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
                            text=t, source_revision=now.source_revision, state="translated", base_text_revision=""
                        ),
                        "draft",
                    )
                )
                for t, who in zip(texts, (people.translator, people.committee), strict=True)
            )
        )
        won = [o for o in outcomes if o.error is None]
        lost = [o for o in outcomes if o.error is not None]
        assert len(won) == 1 and len(lost) == 1, [o.error for o in outcomes]
        error = lost[0].error
        assert isinstance(error, Conflict), repr(error)
        kept = won[0].value.text  # type: ignore[union-attr]
        assert error.detail is not None and error.detail["text"] == kept, (error.message, error.detail)
        assert error.detail["text_revision"] == won[0].value.text_revision  # type: ignore[union-attr]
        assert "".join(t for op, t in error.detail["diff"] if op >= 0) == kept  # from nothing to the text kept
        assert row(store, people.translator, "op_1", version="draft").text == kept
        tally["409 with the text kept"] += 1
    print(f"\n[{store.engine.dialect.name}] first translation vs first translation, {TRIALS} trials: {dict(tally)}")


def test_comments_posted_at_once_all_land(store, people):
    first = comments.open_thread(store, people.member, P, OpenThread(version="1", eid="op_1", body="¿Qué niveles?"))
    posted = 0
    for n in range(TRIALS):
        thread = comments.open_thread(store, people.member, P, OpenThread(version="1", eid="op_2", body=f"Hilo {n}."))
        who = [people.committee, people.committee, people.translator, people.member]
        outcomes = race(
            *(
                (
                    lambda w=w, i=i, n=n, number=number: comments.add_comment(
                        store, w, P, number, CommentText(body=f"Comentario {n}-{i}.")
                    )
                )
                for i, (w, number) in enumerate(zip(who, (thread.id, thread.id, thread.id, first.id), strict=True))
            )
        )
        assert [o.error for o in outcomes if o.error is not None] == []
        posted += len(outcomes)
    with store() as tx:
        assert tx.scalar(select(func.count()).select_from(Comment)) == posted + TRIALS + 1
        followers = tx.execute(select(Follower.thread_id, Follower.user_id)).all()
        assert len(followers) == len(set(followers))
    print(f"\n[{store.engine.dialect.name}] comments posted 4 at a time, {TRIALS} bursts: {posted} posted, 0 refused")
