"""Printed references: "PP 3", "OP 7 bis", "OP 9 [deleted]" in three languages (pure, no database).

Between two renumberings the numbers of the paragraphs in the basis hold still, whatever is inserted, deleted or
moved around them; a renumbering gives clean numbers again and a crosswalk from the old references to the new.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.declaration.document import Block, Kind, numbering
from workspace.domain.declaration.references import (
    Number,
    anchor,
    anchors,
    basis_of,
    clean_basis,
    crosswalk,
    find,
    heading_reference,
    parse,
    printed_numbers,
    reference,
    references,
)

S = "\u00a0"  # the no-break space inside every reference
LANGUAGES = ("en", "es", "fr")
OP, PP, HDG = Kind.OPERATIVE, Kind.PREAMBULAR, Kind.HEADING


def pp(n, text="Recalling …"):
    return Block(f"pre_{n}", PP, text)


def op(n, text="Decides …"):
    return Block(f"op_{n}", OP, text)


def ops(*ns):
    return [op(n) for n in ns]


def printed(blocks, basis, language="en"):
    """eid -> reference of the numbered paragraphs, with ordinary spaces for reading."""
    return {eid: reference(n, language).replace(S, " ") for eid, n in printed_numbers(blocks, basis).items()}


# A small text: headings, preambular paragraphs, operative ones with sub-items, sub-sub-items and a paragraph
# continuing an item.
TEXT = [
    Block("hdg_1", HDG, "Preamble"),
    pp(1),
    pp(2),
    Block("hdg_2", HDG, "II. Commitments"),
    op(1, "We decide to:"),
    Block("op_2", OP, "strengthen;", 1, "-"),
    Block("op_3", OP, "finance, including:", 1, "-"),
    Block("op_4", OP, "concessional finance;", 2, "1."),
    Block("op_5", OP, "debt relief.", 2, "2."),
    Block("op_6", OP, "We will review progress.", 1, ""),
    op(7, "We request a report."),
]


def test_a_clean_text_reads_in_each_language_with_no_break_spaces():
    assert references(TEXT, None, "en") == {
        "hdg_1": f"§{S}1",
        "pre_1": f"PP{S}1",
        "pre_2": f"PP{S}2",
        "hdg_2": f"§{S}II",
        "op_1": f"OP{S}1",
        "op_2": f"OP{S}1{S}(a)",
        "op_3": f"OP{S}1{S}(b)",
        "op_4": f"OP{S}1{S}(b){S}(i)",
        "op_5": f"OP{S}1{S}(b){S}(ii)",
        "op_6": f"OP{S}1,{S}para.{S}2",
        "op_7": f"OP{S}2",
    }
    es = references(TEXT, None, "es")
    assert [es[e] for e in ("pre_1", "op_1", "op_2", "op_5", "op_6", "op_7")] == [
        f"PP{S}1",
        f"PD{S}1",
        f"PD{S}1{S}a)",
        f"PD{S}1{S}b){S}ii)",
        f"PD{S}1,{S}párr.{S}2",
        f"PD{S}2",
    ]
    fr = references(TEXT, None, "fr")
    assert [fr[e] for e in ("pre_1", "op_1", "op_2", "op_5", "op_6", "op_7")] == [
        f"AP{S}1",
        f"PD{S}1",
        f"PD{S}1{S}a)",
        f"PD{S}1{S}b){S}ii)",
        f"PD{S}1,{S}par.{S}2",
        f"PD{S}2",
    ]
    assert " " not in "".join(references(TEXT, None, "fr").values())


def test_the_clean_numbers_count_each_kind_on_its_own_and_agree_with_numbering():
    assert clean_basis(TEXT) == {"pre_1": ("preambular", 1), "pre_2": ("preambular", 2), "op_1": ("operative", 1)} | {
        "op_7": ("operative", 2)
    }
    assert {e: n for e, (_, n) in clean_basis(TEXT).items() if e.startswith("op")} == numbering(TEXT)
    assert printed_numbers(TEXT, None) == printed_numbers(TEXT, clean_basis(TEXT))


def test_an_unknown_language_reads_as_english_and_a_regional_one_as_its_language():
    number = Number(OP, 9, 1, deleted=True)
    assert reference(number, "de") == reference(number, "") == f"OP{S}9{S}bis{S}[deleted]"
    assert reference(number, "es-MX") == f"PD{S}9{S}bis{S}[suprimido]"
    assert reference(number, "fr_CA") == f"PD{S}9{S}bis{S}[supprimé]"


BASIS = clean_basis(ops(*range(1, 11)))  # OP 1 … OP 10


def test_insertions_after_op_7_are_bis_then_ter_and_the_others_hold_still():
    one = printed(ops(1, 2, 3, 4, 5, 6, 7, 11, 8, 9, 10), BASIS)
    assert one["op_11"] == "OP 7 bis"
    assert one["op_8"] == "OP 8"
    assert one["op_10"] == "OP 10"
    # A second one between OP 7 bis and OP 8: the next free suffix of 7.
    two = printed(ops(1, 2, 3, 4, 5, 6, 7, 11, 12, 8, 9, 10), BASIS)
    assert (two["op_11"], two["op_12"], two["op_8"]) == ("OP 7 bis", "OP 7 ter", "OP 8")


def test_an_insertion_before_the_first_paragraph_of_its_kind_is_0_bis():
    blocks = [pp(9), pp(1), pp(2), op(11), op(12), *ops(*range(1, 11))]
    numbers = printed(blocks, BASIS | clean_basis([pp(1), pp(2)]))
    assert (numbers["pre_9"], numbers["pre_1"]) == ("PP 0 bis", "PP 1")
    assert (numbers["op_11"], numbers["op_12"], numbers["op_1"]) == ("OP 0 bis", "OP 0 ter", "OP 1")


def test_past_the_tenth_the_latin_goes_on_to_vicies_then_a_position_and_never_fails():
    inserted = list(range(100, 130))
    numbers = printed_numbers(ops(*range(1, 8), *inserted, 8, 9, 10), BASIS)
    names = [reference(numbers[f"op_{n}"], "en").replace(S, " ") for n in inserted]
    assert names[:10] == [
        f"OP 7 {w}" for w in ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")
    ] + ["OP 7 undecies"]
    assert names[17:21] == ["OP 7 novodecies", "OP 7 vicies", "OP 7.21", "OP 7.22"]
    assert len(set(names)) == len(names)
    for language in LANGUAGES:
        assert all(find(reference(n, language), numbers) == eid for eid, n in numbers.items())


def test_a_deleted_paragraph_stays_listed_in_each_language_and_the_others_keep_their_numbers():
    blocks = ops(1, 2, 3, 4, 5, 6, 7, 8, 10)
    numbers = printed_numbers(blocks, BASIS)
    assert numbers["op_9"] == Number(OP, 9, deleted=True)
    assert numbers["op_10"] == Number(OP, 10)
    assert list(numbers)[-1] == "op_9"  # after the present ones
    assert [references(blocks, BASIS, lang)["op_9"] for lang in LANGUAGES] == [
        f"OP{S}9{S}[deleted]",
        f"PD{S}9{S}[suprimido]",
        f"PD{S}9{S}[supprimé]",
    ]
    assert find("OP 9 [deleted]", numbers) == find("op9", numbers) == "op_9"


def test_a_moved_paragraph_keeps_its_number_and_a_paragraph_inserted_after_it_follows_it():
    numbers = printed(ops(1, 2, 4, 5, 6, 7, 3, 11, 8, 9, 10), BASIS)
    assert numbers["op_3"] == "OP 3"
    assert numbers["op_4"] == "OP 4"
    assert numbers["op_11"] == "OP 3 bis"


def test_a_paragraph_whose_kind_changed_is_numbered_as_new_of_its_new_kind():
    basis = clean_basis([pp(1), pp(2), pp(3), op(1), op(2)])
    changed = Block("pre_3", OP, "Decides …")
    numbers = printed([pp(1), pp(2), changed, op(1), op(2)], basis)
    assert numbers == {"pre_1": "PP 1", "pre_2": "PP 2", "pre_3": "OP 0 bis", "op_1": "OP 1", "op_2": "OP 2"}


def test_a_renumbering_gives_clean_numbers_and_a_crosswalk_from_old_to_new():
    blocks = ops(1, 2, 11, 3, 5, 4, 12)  # op_11 inserted, op_4 moved after op_5, op_12 added at the end, op_6 gone
    basis = clean_basis(ops(1, 2, 3, 4, 5, 6))
    before = printed_numbers(blocks, basis)
    after = printed_numbers(blocks, clean_basis(blocks))
    rows = [
        (eid, old and old.replace(S, " "), new and new.replace(S, " "))
        for eid, old, new in crosswalk(before, after, "en")
    ]
    assert rows == [
        ("op_1", "OP 1", "OP 1"),
        ("op_2", "OP 2", "OP 2"),
        ("op_11", "OP 2 bis", "OP 3"),
        ("op_3", "OP 3", "OP 4"),
        ("op_5", "OP 5", "OP 5"),
        ("op_4", "OP 4", "OP 6"),
        ("op_12", "OP 4 bis", "OP 7"),
        ("op_6", "OP 6 [deleted]", None),
    ]
    # A paragraph new at the renumbering (not in the numbers before) has no old reference.
    assert crosswalk({}, {"op_1": Number(OP, 1)}, "fr") == [("op_1", None, f"PD{S}1")]


def test_find_reads_references_as_people_type_them():
    original = [pp(1), pp(2), pp(3), *ops(*range(1, 15))]
    numbers = printed_numbers([*original[:10], op(99), *original[10:]], clean_basis(original))
    assert find("OP 14", numbers) == find("op14", numbers) == find(f"PD{S}14", numbers) == "op_14"
    assert find("OP 7 bis", numbers) == find("op7BIS", numbers) == find(f"pd 7{S}bis", numbers) == "op_99"
    assert find("pp3", numbers) == find("AP 3", numbers) == find("P P 3", numbers) == "pre_3"
    assert find("OP 7.2", numbers) == "op_99"  # the position form works for every suffix
    for typed in ("OP 15", "OP 7 ter", "PP 0", "OP 14 (a)", "OP", "14", "XY 3", "OP 7 blah", "", "§ 2"):
        assert find(typed, numbers) is None, typed


@settings(max_examples=examples(300))
@given(
    st.sampled_from((PP, OP)),
    st.integers(0, 5000),
    st.integers(0, 60),
    st.booleans(),
    st.sampled_from(LANGUAGES),
)
def test_a_printed_reference_reads_back_as_its_number(kind, base, suffix, deleted, language):
    number = Number(kind, base, suffix, deleted)
    printed = reference(number, language)
    assert parse(printed) == number
    assert parse(printed.replace(S, " ").upper()) == number  # as a spreadsheet or a person writes it


def test_a_reference_is_a_permalink_fragment_and_every_language_s_form_lands():
    assert anchor(f"PD{S}18") == "pd-18" and anchor(f"OP{S}14{S}bis") == "op-14-bis"
    assert anchor(f"OP{S}14{S}(a){S}(ii)") == "op-14-a-ii" and anchor(f"PD{S}14,{S}párr.{S}2") == "pd-14-parr-2"
    assert anchor(f"OP{S}7.21") == "op-7.21" and anchor(f"§{S}2.1") == "sec-2.1" and anchor(f"§{S}3") == "sec-3"
    assert anchors(f"PD{S}18") == ["pd-18", "op-18"] and anchors(f"AP{S}3{S}bis") == ["ap-3-bis", "pp-3-bis"]
    assert anchors(f"OP{S}14{S}(a)") == ["op-14-a"] and anchors("") == []
    assert all("_" not in a for a in anchors(f"OP{S}14"))  # never an eId (op_14): that one is the alias


@settings(max_examples=examples(300))
@given(st.sampled_from((PP, OP)), st.integers(0, 5000), st.integers(0, 60), st.sampled_from(LANGUAGES))
def test_a_permalink_reads_back_as_its_number_in_every_language(kind, base, suffix, language):
    number = Number(kind, base, suffix)
    own, *others = anchors(reference(number, language))
    assert own == anchor(reference(number, language))
    assert all(parse(form) == number for form in (own, *others))
    assert {own, *others} == {anchor(reference(number, lang)) for lang in LANGUAGES}


def test_parse_names_no_number_for_what_is_not_a_reference():
    for typed in ("OP 14 (a)", "OP", "14", "XY 3", "OP 7 blah", "", "§ 2", "[deleted]"):
        assert parse(typed) is None, typed
    assert parse("PD 9 [suprimido]") == Number(OP, 9, deleted=True)


def test_headings_read_their_own_number_or_their_ordinal():
    for text, shown in [
        ("I. Preamble", "I"),
        ("2 Goals", "2"),
        ("2.1 Housing", "2.1"),
        ("2.1. Housing", "2.1"),
        ("A. Finance", "A"),
        ("III Follow-up", "III"),
        ("**IV.** Means of implementation", "IV"),
        ("A call to action", "5"),
        ("2030 Agenda", "5"),
        ("1.5°C pathways", "5"),
        ("Introduction", "5"),
    ]:
        assert heading_reference(text, 5) == f"§{S}{shown}", text


def test_sub_items_count_their_siblings_under_the_same_item_whatever_their_markers():
    blocks = [
        op(1),
        *(Block(f"op_{n}", OP, "x", 1, "-") for n in range(2, 30)),  # (a) … (z), (aa), (bb)
        Block("op_30", OP, "x", 2, "3."),
        Block("op_31", OP, "x", 2, "*"),
        Block("op_32", OP, "x", 2, "*"),
        Block("op_33", OP, "x", 2, "*"),
        Block("op_34", OP, "x", 3, "-"),
        Block("op_35", OP, "x", 2, ""),  # continues (bb)
        Block("op_36", OP, "x", 1, ""),  # continues OP 1
        Block("op_37", OP, "x", 1, ""),
        op(38),
        Block("op_39", OP, "x", 1, "1."),
    ]
    refs = {e: r.replace(S, " ") for e, r in references(blocks, None, "en").items()}
    assert [refs[f"op_{n}"] for n in (2, 3, 27, 28, 29)] == [
        "OP 1 (a)",
        "OP 1 (b)",
        "OP 1 (z)",
        "OP 1 (aa)",
        "OP 1 (bb)",
    ]
    assert [refs[f"op_{n}"] for n in range(30, 35)] == [
        "OP 1 (bb) (i)",
        "OP 1 (bb) (ii)",
        "OP 1 (bb) (iii)",
        "OP 1 (bb) (iv)",
        "OP 1 (bb) (iv) (A)",
    ]
    assert [refs[f"op_{n}"] for n in (35, 36, 37, 39)] == [
        "OP 1 (bb), para. 2",
        "OP 1, para. 2",
        "OP 1, para. 3",
        "OP 2 (a)",
    ]


def test_references_never_fail_on_a_structure_the_file_would_refuse():
    blocks = [Block("op_1", OP, "x", 2, "-"), Block("op_2", OP, "x", 1, ""), Block("hdg_1", HDG, "x", 1, "")]
    assert references(blocks, None, "en") == {"op_1": "(i)", "op_2": f"para.{S}2", "hdg_1": f"§{S}1"}
    assert printed_numbers(ops(1, 2), {"op_1": ("heading", 1), "op_9": ("nonsense", 9)}) == {
        "op_1": Number(OP, 0, 1),
        "op_2": Number(OP, 0, 2),
    }


# Random histories: a text with its basis, then inserts, deletes, moves and kind changes, in any order.
edits = st.lists(
    st.tuples(st.sampled_from(["insert", "delete", "move", "kind"]), st.integers(0, 40), st.integers(0, 40)),
    max_size=25,
)


def apply_edits(blocks, history):
    blocks = list(blocks)
    for fresh, (edit, i, j) in enumerate(history, 100):
        if edit == "insert":
            kind = (PP, OP, HDG)[j % 3]
            blocks.insert(i % (len(blocks) + 1), Block(f"{kind.value}_{fresh}", kind, "x", 0, ""))
        elif blocks and edit == "delete":
            blocks.pop(i % len(blocks))
        elif blocks and edit == "move":
            blocks.insert(j % len(blocks), blocks.pop(i % len(blocks)))
        elif blocks and edit == "kind":
            b = blocks[i % len(blocks)]
            blocks[i % len(blocks)] = Block(b.eid, (PP, OP)[j % 2], b.text, b.depth, b.marker)
    return blocks


@st.composite
def texts(draw):
    """A text of headings, preambular and operative paragraphs, some with sub-items."""
    blocks = [Block("hdg_1", HDG, "I. Preamble")]
    blocks += [pp(n) for n in range(1, draw(st.integers(0, 6)) + 1)]
    for n in range(1, draw(st.integers(0, 9)) + 1):
        blocks.append(op(n))
        blocks += [Block(f"op_{n}_{k}", OP, "x", 1, "-") for k in range(draw(st.integers(0, 2)))]
    return blocks


@settings(max_examples=examples(300), deadline=None)
@given(texts(), edits)
def test_numbers_hold_still_and_every_reference_is_unique_and_found_again(original, history):
    basis = clean_basis(original)
    blocks = apply_edits(original, history)
    numbers = printed_numbers(blocks, basis)
    top = [b for b in blocks if b.depth == 0 and b.kind != HDG]
    # Every numbered paragraph has a number, every gone paragraph of the basis stays listed as deleted.
    present = {b.eid for b in blocks}
    assert set(numbers) == {b.eid for b in top} | (set(basis) - present)
    assert all(numbers[e].deleted == (e not in present) for e in numbers)
    # The numbers are unique, and those of the basis paragraphs still there (of the same kind) did not move.
    assert len({(n.kind, n.base, n.suffix) for n in numbers.values()}) == len(numbers)
    for block in top:
        if basis.get(block.eid, ("", 0))[0] == block.kind.value:
            assert numbers[block.eid] == Number(block.kind, basis[block.eid][1])
    for language in LANGUAGES:
        printed_ = {e: reference(n, language) for e, n in numbers.items()}
        assert len(set(printed_.values())) == len(printed_)
        assert all(find(r, numbers) == e for e, r in printed_.items())
        assert all(find(r.replace(S, " ").lower(), numbers) == e for e, r in printed_.items())
        refs = references(blocks, basis, language)
        assert set(refs) == present | set(numbers)
        assert all(refs[e] == r for e, r in printed_.items())
        assert " " not in "".join(refs.values())


@settings(max_examples=examples(200), deadline=None)
@given(texts(), edits.map(lambda h: [e for e in h if e[0] in ("insert", "delete")]))
def test_without_moves_the_printed_numbers_run_in_the_order_of_the_text(original, history):
    basis = clean_basis(original)
    blocks = apply_edits(original, history)
    numbers = printed_numbers(blocks, basis)
    for kind in (PP, OP):
        order = [(numbers[b.eid].base, numbers[b.eid].suffix) for b in blocks if b.depth == 0 and b.kind == kind]
        assert order == sorted(order)


@settings(max_examples=examples(200), deadline=None)
@given(texts(), edits)
def test_a_renumbering_crosswalk_names_every_paragraph_once_with_its_clean_new_number(original, history):
    basis = clean_basis(original)
    blocks = apply_edits(original, history)
    before, after = printed_numbers(blocks, basis), printed_numbers(blocks, clean_basis(blocks))
    rows = crosswalk(before, after, "en")
    assert [eid for eid, _, _ in rows] == list(after) + [e for e in before if e not in after]
    assert all(old is not None for _, old, _ in rows)  # nothing is new at a renumbering of the same text
    new = [r for _, _, r in rows if r is not None]
    assert new == [reference(n, "en") for n in after.values()]
    assert all(not n.suffix and not n.deleted for n in after.values())


def test_numbers_given_between_renumberings_hold_still_at_the_next_circulation():
    """A version circulated without renumbering passes on its printed numbers, bis and deletions included: what
    is inserted next between OP 7 and OP 7 bis takes a free suffix, and OP 7 bis stays OP 7 bis."""
    first = ops(*range(1, 10))
    second = [*first[:7], op(20), *first[7:8]]  # OP 7 bis inserted, OP 9 deleted
    circulated = printed_numbers(second, clean_basis(first))
    assert reference(circulated["op_20"], "en") == "OP\u00a07\u00a0bis"
    third = [*second[:7], op(21), *second[7:]]  # between OP 7 and OP 7 bis
    held = printed_numbers(third, basis_of(circulated))
    assert reference(held["op_20"], "en") == "OP\u00a07\u00a0bis"
    assert reference(held["op_21"], "en") == "OP\u00a07\u00a0ter"
    assert held["op_9"].deleted and reference(held["op_9"], "fr") == "PD\u00a09\u00a0[supprimé]"
    restored = printed_numbers([*third, op(9)], basis_of(circulated))
    assert not restored["op_9"].deleted and restored["op_9"].base == 9
