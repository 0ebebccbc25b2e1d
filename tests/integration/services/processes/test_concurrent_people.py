"""Rules that must hold when people act at the same instant, on both backends."""

from __future__ import annotations

import csv
import io

from tests.conftest import SESSION, join
from tests.integration.services.declaration.test_draft_races import race
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.domain.consultations.consultations import MemberDraft
from workspace.domain.errors import Conflict, Forbidden
from workspace.services import consultations, processes

TRIALS = 20


def test_two_committee_members_demoting_each_other_always_leave_one(store, people, db_url):
    second = join(store, people.committee, "kutahya", "second@example.org", "committee")
    outcomes_seen = []
    for _ in range(TRIALS):
        outcomes = race(
            lambda: processes.set_member(
                store, people.committee, "kutahya", MemberDraft(email="second@example.org", role="member")
            ),
            lambda: processes.set_member(
                store, second, "kutahya", MemberDraft(email="committee@example.org", role="member")
            ),
        )
        committee = [m for m in processes.list_members(store, people.admin, "kutahya") if m.role == "committee"]
        assert len(committee) == 1, committee
        errors = [o.error for o in outcomes if o.error is not None]
        # The loser is refused: either its target is the last committee member (409), or it was itself
        # demoted a moment before and may no longer manage members (403).
        assert len(errors) == 1 and isinstance(errors[0], (Conflict, Forbidden)), errors
        outcomes_seen.append(committee[0].email)
        # Put both back on the committee for the next trial (the admin may).
        for email in ("committee@example.org", "second@example.org"):
            processes.set_member(store, people.admin, "kutahya", MemberDraft(email=email, role="committee"))
    print(
        f"\n[{db_url.split(':')[0]}] demotions at once: {TRIALS} trials, always one committee member left "
        f"({outcomes_seen.count('committee@example.org')} times the first, {outcomes_seen.count('second@example.org')} "
        "the second)"
    )


def test_recommendations_added_at_once_to_one_session_all_get_their_own_ref(store, people):
    session = consultations.create_session(store, people.committee, "kutahya", SESSION)
    for trial in range(5):
        outcomes = race(
            *(
                (
                    lambda i=i, trial=trial: consultations.add_recommendation(
                        store,
                        people.member,
                        "kutahya",
                        session.ref,
                        RecommendationFields(text=f"Propuesta {trial}-{i}"),
                    )
                )
                for i in range(6)
            )
        )
        assert all(o.error is None for o in outcomes), [repr(o.error) for o in outcomes]
    refs = [r.ref for r in consultations.list_recommendations(store, people.member, "kutahya").items]
    assert len(refs) == len(set(refs)) == 30
    assert all(r.rsplit("-r", 1)[1].isdigit() for r in refs)  # count + 1, never a collision suffix


def test_csv_cells_that_would_be_formulas_are_kept_as_text(store, people):
    session = consultations.create_session(store, people.committee, "kutahya", SESSION)
    hostile = ['=HYPERLINK("http://evil.example","clic")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd", "-2+3"]
    for text in hostile:
        consultations.add_recommendation(
            store, people.member, "kutahya", session.ref, RecommendationFields(text=text, author=text)
        )
    rows = list(
        csv.DictReader(io.StringIO(consultations.recommendations_csv(store, people.member, "kutahya").lstrip("\ufeff")))
    )
    assert sorted(r["text"] for r in rows) == sorted("'" + t for t in hostile)
    assert all(r["author"].startswith("'") for r in rows)
