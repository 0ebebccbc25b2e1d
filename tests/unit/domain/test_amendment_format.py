"""Amendment files (amendments/A7.md): canonical rendering, and refusals naming the file and line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workspace.domain.amendments.amendments import AmendmentKind, Status
from workspace.domain.amendments.votes import RoomVote
from workspace.domain.declaration.document import Kind
from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.amendment_format import AmendmentFile, parse_amendment_file, render_amendment_file

BASE = "Nos comprometemos a fortalecer la gobernanza multinivel."
PROPOSED = datetime(2021, 9, 14, 8, 20, tzinfo=UTC)


def sample(**changes) -> AmendmentFile:
    values = {
        "number": 7,
        "kind": AmendmentKind.MODIFY,
        "eid": "op_1",
        "version": 1,
        "paragraph_kind": None,
        "proposer": "miembro@demo.accord",
        "cosponsors": ("comite@demo.accord",),
        "proposed_at": PROPOSED,
        "rationale": "Más claro.",
        "base": BASE,
        "text": BASE.replace("fortalecer", "reforzar"),
        "status": Status.OPEN,
    }
    return AmendmentFile(**{**values, **changes})


# Noncharacters (U+FFFE …, category Cn) are refused by every text field of Accord, on purpose.
words = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)


@given(
    rationale=st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn")), max_size=60),
    added=words,
    reason=words,
    decided=st.booleans(),
)
def test_render_then_parse_gives_the_same_amendment_and_the_same_bytes(rationale, added, reason, decided):
    import unicodedata

    rationale, added, reason = (unicodedata.normalize("NFC", v) for v in (rationale, added, reason))
    item = sample(rationale=rationale, text=f"{BASE} {added}")
    if decided:
        item = sample(
            rationale=rationale,
            text=f"{BASE} {added}",
            status=Status.ACCEPTED_AS_MODIFIED,
            decided_by="comite@demo.accord",
            decided_at=PROPOSED + timedelta(days=3),
            reason=reason,
            decided_text=f"{BASE} ({added})",
        )
    text = render_amendment_file(item)
    parsed = parse_amendment_file(text, "amendments/A7.md", "A7.md")
    assert parsed == item
    assert render_amendment_file(parsed) == text


def test_an_insert_and_a_delete_round_trip():
    insert = sample(
        kind=AmendmentKind.INSERT,
        paragraph_kind=Kind.PREAMBULAR,
        base=None,
        text="Considerando la cultura;",
        version=None,
        status=Status.ACCEPTED,
        decided_by="comite@demo.accord",
        decided_at=PROPOSED + timedelta(days=1),
        reason="Sí.",
        created_eid="pre_4",
        cosponsors=(),
    )
    delete = sample(kind=AmendmentKind.DELETE, text="")
    for item in (insert, delete):
        assert parse_amendment_file(render_amendment_file(item), "A7.md", "A7.md") == item


def test_a_delegation_s_amendment_its_co_sponsors_and_the_room_s_vote_round_trip():
    voted = sample(
        status=Status.ACCEPTED,
        decided_by="comite@demo.accord",
        decided_at=PROPOSED + timedelta(days=1),
        reason="Votada.",
        delegation="ARG",
        cosponsor_delegations=(("comite@demo.accord", "EU"),),
        vote=RoomVote(roll_call={"ARG": "for", "EU": "abstain", "MEX": "against", "G-77": "for"}).counted(),
    )
    text = render_amendment_file(voted)
    assert parse_amendment_file(text, "A7.md", "A7.md") == voted
    assert render_amendment_file(parse_amendment_file(text, "A7.md", "A7.md")) == text
    assert 'vote:\n  for: 2\n  against: 1\n  abstain: 1\n  roll_call:\n    ARG: "for"' in text
    bad = text.replace("  against: 1", "  against: 4")
    found, message = line_of_error(bad)
    assert "1 in the roll call" in message and found == text.split("\n").index("vote:") + 1


def test_times_are_kept_as_instants_whatever_offset_they_were_written_with():
    text = render_amendment_file(sample()).replace("2021-09-14T08:20:00+00:00", "2021-09-14T11:20:00+03:00")
    assert parse_amendment_file(text, "A7.md", "A7.md").proposed_at == PROPOSED.astimezone(timezone(timedelta(hours=3)))


def line_of_error(text: str, name: str = "A7.md") -> tuple[int | None, str]:
    with pytest.raises(ImportFailed) as caught:
        parse_amendment_file(text, f"amendments/{name}", name)
    return caught.value.line, caught.value.render()


def replaced(old: str, new: str) -> str:
    text = render_amendment_file(sample())
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ('proposed_at: "2021-09-14T08:20:00+00:00"', 'proposed_at: "2021-09-14T08:20:00"', 10, "time zone"),
        ('proposed_at: "2021-09-14T08:20:00+00:00"', "proposed_at: 12", 10, "date and time"),
        ('kind: "modify"', 'kind: "rewrite"', 2, "rewrite"),
        ("version: 1", 'version: "Rev.9"', 4, "version number"),
        ("version: 1", "version: 0", 4, "version number"),
        ('cosponsors: ["comite@demo.accord"]', "cosponsors: 3", 8, "list"),
        ("cosponsor_delegations: {}", "cosponsor_delegations: [1]", 9, "delegation codes"),
        (
            "cosponsor_delegations: {}",
            'cosponsor_delegations: {"x@example.org": "EU"}',
            9,
            "not one of the co-sponsors",
        ),
        ("delegation: null", "delegation: 7", 7, "text"),
        ('rationale: "Más claro."', "rationale: 5", 11, "text"),
        ('status: "open"', 'status: "merged"', 19, "merged_into"),
        ('status: "open"', 'status: "rejected"', 15, "decided_at"),
        ('eid: "op_1"', 'eid: "op 1"', 3, ""),
        ("created_eid: null", "created_eid: null\nsecret: 1", 21, "secret"),
        ('rationale: "Más claro."', 'rationale: "Más\\u0000claro."', 11, "U+0000"),
    ],
)
def test_each_refusal_names_the_file_and_the_line(old, new, line, words):
    found, message = line_of_error(replaced(old, new))
    assert found == line, message
    assert message.startswith("amendments/A7.md:") and words in message


def test_a_modify_that_changes_nothing_is_refused_at_its_body():
    text = render_amendment_file(sample()).replace(BASE.replace("fortalecer", "reforzar") + "\n", BASE + "\n")
    line, message = line_of_error(text)
    assert line == text.split("\n").index("---", 1) + 2 and "changes nothing" in message


def test_file_names_and_an_unclosed_front_matter():
    assert line_of_error(render_amendment_file(sample()), "A7.txt")[1].startswith("amendments/A7.txt")
    assert line_of_error(render_amendment_file(sample()), "B7.md")[0] is None
    assert line_of_error('---\nkind: "modify"\n')[0] == 1
