"""What a read Word file asks of a version (pure): tracked changes and a clean rewrite become the same
amendments; comments become threads on the commented words; what matches nothing is named."""

from __future__ import annotations

from workspace.domain.amendments.amendments import AmendmentKind
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.word.word_amendments import proposals
from workspace.domain.word.word_reading import Moved, Revision, WordComment, WordDocument, WordParagraph

VERSION = [
    Block("hdg_1", Kind.HEADING, "Commitments"),
    Block("op_1", Kind.OPERATIVE, "We commit to strengthen our own-source revenues."),
    Block("op_2", Kind.OPERATIVE, "We call on national governments to guarantee predictable transfers."),
    Block("op_3", Kind.OPERATIVE, "We urge development banks to lend directly to subnational governments."),
    Block("op_4", Kind.OPERATIVE, "We request the organizers to report at the next Forum."),
]
ANA = Revision("ins", "Ana (Ecuador)", "2025-05-02T10:00:00Z")
LEO = Revision("del", "Léo (France)", "2025-05-03T09:30:00Z")


def para(index: int, before: str, after: str | None = None, *revisions: Revision, **more) -> WordParagraph:
    return WordParagraph(index, before, before if after is None else after, revisions=tuple(revisions), **more)


def test_tracked_changes_become_modify_insert_delete_and_a_move_is_a_delete_and_an_insert():
    document = WordDocument(
        (
            para(0, "Commitments", bookmarks=("hdg_1",)),
            para(1, VERSION[1].text, "We commit to strengthen and diversify our own-source revenues.", ANA),
            para(2, "", "We commit to publish our budgets.", ANA, inserted=True, numbered=True),
            para(3, VERSION[2].text, "", LEO, deleted=True),
            para(
                4, VERSION[3].text, "", Revision("moveFrom", "Ana (Ecuador)", None), moved=Moved.FROM, move_name="move1"
            ),
            para(5, VERSION[4].text),
            para(6, "", VERSION[3].text, Revision("moveTo", "Ana (Ecuador)", None), moved=Moved.TO, move_name="move1"),
        ),
        (),
        (),
    )
    found = proposals(document, VERSION)
    assert [(a.key, a.kind, a.eid, a.text) for a in found.amendments] == [
        ("p1", AmendmentKind.MODIFY, "op_1", "We commit to strengthen and diversify our own-source revenues."),
        ("p2", AmendmentKind.INSERT, "op_1", "We commit to publish our budgets."),
        ("p3", AmendmentKind.DELETE, "op_2", ""),
        ("p4", AmendmentKind.DELETE, "op_3", ""),
        ("p6", AmendmentKind.INSERT, "op_4", VERSION[3].text),
    ]
    assert found.amendments[0].authors == ("Ana (Ecuador)",) and found.amendments[0].dates == ("2025-05-02T10:00:00Z",)
    assert found.amendments[1].paragraph_kind == Kind.OPERATIVE
    assert found.amendments[3].note and found.amendments[4].note_params == {"name": "move1"}
    assert [a.placement.how for a in found.amendments if a.placement] == ["identical", "identical", "identical"]


def test_a_clean_rewrite_gives_the_same_amendments_as_its_tracked_changes():
    rewrite = WordDocument(
        (
            para(0, "Commitments"),
            para(1, "We commit to strengthen and diversify our own-source revenues."),
            para(2, "We commit to publish our budgets."),
            para(3, VERSION[3].text),
            para(4, VERSION[4].text),
        ),
        (),
        (),
    )
    found = proposals(rewrite, VERSION)
    assert sorted((a.kind, a.eid, a.text) for a in found.amendments) == sorted(
        [
            (AmendmentKind.MODIFY, "op_1", "We commit to strengthen and diversify our own-source revenues."),
            (AmendmentKind.INSERT, "op_1", "We commit to publish our budgets."),
            (AmendmentKind.DELETE, "op_2", ""),
        ]
    )


def test_a_change_in_a_similar_paragraph_is_applied_to_the_versions_text_or_named_when_it_cannot_be():
    older = "We commit to strengthen our own-source revenues in full, as the Forum asked."  # not the version's text
    document = WordDocument(
        (
            para(0, older, older.replace("strengthen", "broaden"), ANA),
            para(1, "A paragraph no version ever had, changed here.", "A paragraph no version ever had, changed.", ANA),
        ),
        (),
        (),
    )
    found = proposals(document, VERSION)
    assert [(a.kind, a.eid, a.text) for a in found.amendments] == [
        (AmendmentKind.MODIFY, "op_1", "We commit to broaden our own-source revenues."),
    ]
    assert found.amendments[0].placement.how == "similar" and 0.5 <= found.amendments[0].placement.score < 1
    assert [u.where for u in found.unplaced] == ["paragraph 2"]


def test_comments_become_threads_on_the_commented_words_with_their_replies():
    text = VERSION[2].text
    start = text.index("predictable")
    # The whole version, commented, with no tracked change: a clean rewrite that changes nothing but adds an annex.
    document = WordDocument(
        (
            *(para(k, b.text, bookmarks=(b.eid,)) for k, b in enumerate(VERSION[:2])),
            para(2, text, bookmarks=("op_2",)),
            para(3, "Annex: not in the version."),
            *(para(4 + k, b.text) for k, b in enumerate(VERSION[3:])),
        ),
        (
            WordComment(
                "1", "Ana (Ecuador)", "2025-05-02T10:00:00Z", "Say *multi-year*.", 2, start, start + len("predictable")
            ),
            WordComment("2", "Léo (France)", "2025-05-03T10:00:00Z", "Agreed.", 2, None, None, parent="1"),
            WordComment("3", "Léo (France)", "2025-05-03T11:00:00Z", "And this?", 3, 0, 5),
        ),
        (),
    )
    found = proposals(document, VERSION)
    [thread] = found.threads
    assert (thread.key, thread.eid, thread.quote.exact, thread.quote.start, thread.author) == (
        "c1",
        "op_2",
        "predictable",
        start,
        "Ana (Ecuador)",
    )
    assert [(r.author, r.body) for r in thread.replies] == [("Léo (France)", "Agreed.")]
    assert [u.where for u in found.unplaced] == ["comment 3"]  # on the annex, which no version has
    assert [(a.kind, a.eid, a.text) for a in found.amendments] == [
        (AmendmentKind.INSERT, "op_2", "Annex: not in the version.")
    ]


def test_an_insert_before_the_first_paragraph_is_named_not_filed():
    document = WordDocument((para(0, "", "A new title.", ANA, inserted=True), para(1, "Commitments")), (), ())
    found = proposals(document, VERSION)
    assert not found.amendments and [u.where for u in found.unplaced] == ["paragraph 1"]
