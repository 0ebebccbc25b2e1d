"""The compilation of proposals and the provenance table (pure): each proposal in full as submitted after its
paragraph and the sub-items under it, in the text's order then by delegation; what each paragraph of a streamlined
text came from."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.submissions.submissions import Proposal, compiled, compiled_order, provenance

OP, PP, HDG = Kind.OPERATIVE, Kind.PREAMBULAR, Kind.HEADING
TEXT = [
    Block("hdg_1", HDG, "Compromisos", 0, "#"),
    Block("op_1", OP, "Nos comprometemos."),
    Block("op_2", OP, "Actuaremos:", 0),
    Block("op_3", OP, "en lo local;", 1, "-"),
    Block("op_4", OP, "en lo global.", 1, "-"),
    Block("op_5", OP, "Pedimos apoyo."),
]


def test_each_proposal_follows_its_paragraph_and_its_sub_items_by_delegation_code():
    proposals = [
        Proposal(1, "modify", "op_2", None, "Actuaremos juntos:", "EU"),
        Proposal(2, "delete", "op_3", None, "", "ARG"),
        Proposal(3, "insert", None, "op_2", "Nuevo párrafo.", "ARG"),
        Proposal(4, "modify", "hdg_1", None, "Nuestros compromisos", "CHE"),
    ]
    added = compiled(TEXT, proposals, "es")
    assert [(c.after, c.text, c.number) for c in added] == [
        ("hdg_1", "Nuestros compromisos (CHE)", 4),
        ("op_2", "Nuevo párrafo. (ARG)", 3),
        ("op_2", "Actuaremos juntos: (EU)", 1),
        ("op_3", "Suprimir (ARG)", 2),
    ]
    assert added[0].kind == PP and added[0].marker == ""  # on a heading: a paragraph under it
    assert added[3].depth == 1 and added[3].marker == "-"  # on a sub-item: a sub-item beside it
    order = compiled_order(TEXT, added, ["n1", "n2", "n3", "n4"])
    assert order == ["hdg_1", "n1", "op_1", "op_2", "op_3", "n4", "op_4", "n2", "n3", "op_5"]


@settings(max_examples=examples(200))
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5), st.sampled_from(("modify", "insert", "delete")), st.sampled_from(("ARG", "EU", "CHE"))
        ),
        max_size=12,
    )
)
def test_the_compiled_order_keeps_the_text_s_order_and_puts_each_proposal_after_its_paragraph(wanted):
    proposals = [
        Proposal(
            n, kind, None if kind == "insert" else TEXT[at].eid, TEXT[at].eid if kind == "insert" else None, "x", code
        )
        for n, (at, kind, code) in enumerate(wanted, 1)
    ]
    added = compiled(TEXT, proposals, "en")
    eids = [f"new_{k}" for k in range(len(added))]
    order = compiled_order(TEXT, added, eids)
    assert sorted(order) == sorted([b.eid for b in TEXT] + eids)
    assert [e for e in order if not e.startswith("new_")] == [b.eid for b in TEXT]
    for c, eid in zip(added, eids, strict=True):
        assert order.index(eid) > order.index(c.after)


def test_provenance_says_kept_amended_merged_new_and_dropped_with_whose_proposals():
    before = [
        Block("op_1", OP, "Nos comprometemos a fortalecer la gobernanza."),
        Block("op_9", OP, "Nos comprometemos a fortalecer la gobernanza local. (ARG)"),
        Block("op_2", OP, "Pedimos apoyo a los gobiernos."),
        Block("op_8", OP, "Suprimir (EU)"),
    ]
    after = [
        Block("op_1", OP, "Nos comprometemos a fortalecer la gobernanza local."),
        Block("op_2", OP, "Pedimos apoyo a los gobiernos."),
        Block("op_10", OP, "Un párrafo del facilitador."),
    ]
    rows = provenance(before, after, {"op_9": ["ARG"], "op_8": ["EU"]})
    found = {r.eid: (r.approach, [s.eid for s in r.sources]) for r in rows}
    assert found["op_1"] == ("merged", ["op_1", "op_9"])
    assert found["op_2"] == ("kept", ["op_2"]) and found["op_10"] == ("new", [])
    dropped = [r for r in rows if r.approach == "dropped"]
    assert [(r.sources[0].eid, r.sources[0].delegations) for r in dropped] == [("op_8", ("EU",))]


def test_a_proposal_none_of_whose_words_are_kept_is_dropped_and_one_kept_word_for_word_is_kept():
    """BRA asked to add words to OP 2 and the facilitator kept OP 2 as it was: OP 2 is kept, BRA's proposal dropped
    (it is alike, but OP 2 holds none of its own words). ARG's new paragraph kept as proposed, its tag taken off:
    kept, not amended."""
    before = [
        Block("op_2", OP, "Pedimos apoyo a los gobiernos."),
        Block("op_9", OP, "Pedimos apoyo a los gobiernos, incluida la discapacidad. (BRA)"),
        Block("op_10", OP, "Promoveremos la cooperación descentralizada. (ARG)"),
    ]
    after = [
        Block("op_2", OP, "Pedimos apoyo a los gobiernos."),
        Block("op_10", OP, "Promoveremos la cooperación descentralizada."),
    ]
    rows = provenance(before, after, {"op_9": ["BRA"], "op_10": ["ARG"]})
    found = {r.eid: (r.approach, [s.eid for s in r.sources]) for r in rows}
    assert found["op_2"] == ("kept", ["op_2"])
    assert found["op_10"] == ("kept", ["op_10"])
    assert [(r.sources[0].eid, r.sources[0].delegations) for r in rows if r.approach == "dropped"] == [
        ("op_9", ("BRA",))
    ]


def test_a_paragraph_out_of_the_order_the_others_keep_is_moved_reworded_or_not():
    before = [Block(f"op_{n}", OP, f"Párrafo número {n} con sus propias palabras.") for n in range(1, 6)]
    after = [before[0], before[2], before[3], before[1], Block("op_5", OP, "Otro texto del todo.")]
    found = {r.eid: r.approach for r in provenance(before, after, {})}
    assert found == {"op_1": "kept", "op_3": "kept", "op_4": "kept", "op_2": "moved", "op_5": "amended"}


def test_a_window_names_at_most_as_many_paragraphs_as_a_file_holds():
    import pytest

    from workspace.domain.errors import InvalidInput
    from workspace.domain.submissions.submissions import MAX_OPENED, OpenWindow

    with pytest.raises(InvalidInput, match="at most"):
        OpenWindow(opens="2026-01-01T09:00", closes="2026-01-02T09:00", eids=[f"op_{n}" for n in range(MAX_OPENED + 1)])
    assert OpenWindow(opens="2026-01-01T09:00", closes="2026-01-02T09:00", eids=["op_1", " op_1"]).eids == ["op_1"]


def test_a_paragraph_is_followed_over_versions_to_where_its_words_are_now():
    from workspace.domain.submissions.submissions import successors, where_it_went

    v1 = [
        Block("op_1", OP, "Nos comprometemos a fortalecer la gobernanza."),
        Block("op_2", OP, "Nos comprometemos a fortalecer la gobernanza local (CHE)."),
        Block("op_3", OP, "Pedimos apoyo a los gobiernos."),
    ]
    v2 = [v1[0], Block("op_2", OP, "Nos comprometemos a fortalecer la gobernanza local y regional."), v1[2]]
    v3 = [Block("op_1", OP, "Nos comprometemos a fortalecer la gobernanza local y regional."), v1[2]]
    steps = [successors(provenance(v1, v2, {})), successors(provenance(v2, v3, {}))]
    texts = {b.eid: b.text for b in v3}
    assert where_it_went("op_3", v1[2].text, steps, texts).approach == "kept"
    merged = where_it_went("op_2", v1[1].text, steps, texts)
    assert (merged.places, merged.approach) == (("op_1",), "merged")
    assert where_it_went("op_2", v1[1].text, steps[:1], {b.eid: b.text for b in v2}).approach == "amended"
    v4 = [v1[2]]
    gone = where_it_went("op_1", v1[0].text, [*steps, successors(provenance(v3, v4, {}))], {b.eid: b.text for b in v4})
    assert (gone.places, gone.approach) == ((), "dropped")
    assert where_it_went("op_1", v1[0].text, [], {b.eid: b.text for b in v1}).approach == "kept"
