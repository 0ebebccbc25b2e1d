"""Threads on bracketed words (issue 67, item 11): threads whose quotes cross a bracket's edge follow their words into
the next version, imported from its file, that took brackets away; words that left make a thread outdated."""

from __future__ import annotations

from workspace.domain.comments.comment_commands import OpenThread, QuoteInput
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services import comments
from workspace.services.declaration import importing as version_import
from workspace.services.declaration import versions

P = "kutahya"

# A negotiated text as delegations file it (the process's source language is Spanish; the words are data).
ZERO = """---
label: "Borrador cero"
---
# Preámbulo {#hdg_1}

Cada Parte consignará, [en un inventario anual] y en un informe, los datos [en un inventario anual]. {#pre_1}

1. Each Party shall report emissions, recorded [in an annual inventory] [consistent with the IPCC guidelines]. {#op_1}
2. **Option 1:** Parties shall report every two years. {#op_2}
3. **Option 2:** Parties shall report [annually][every year]. {#op_3}
"""

# The next version: the brackets around "in an annual inventory" and the first "en un inventario anual" taken away,
# the words kept; "consistent with the IPCC guidelines" dropped; option 2 agreed (its label gone, option 1 gone).
REV1 = """# Preámbulo {#hdg_1}

Cada Parte consignará, en un inventario anual y en un informe, los datos [en un inventario anual]. {#pre_1}

1. Each Party shall report emissions, recorded in an annual inventory. {#op_1}
3. Parties shall report [annually][every year]. {#op_3}
"""


def on(phrase: str, text: str, eid: str, *, last: bool = False) -> OpenThread:
    start = text.rindex(phrase) if last else text.index(phrase)
    return OpenThread(
        version="1", eid=eid, quote=QuoteInput(exact=phrase, start=start, end=start + len(phrase)), body="¿Por qué?"
    )


def test_threads_across_a_bracket_s_edge_follow_their_words_into_the_next_version(store, people):
    version_import.import_version(store, people.committee, P, ImportVersion(filename="zero.md", text=ZERO))
    zero = {p.eid: p.text for p in versions.get_version(store, people.member, P, "1").paragraphs}
    assert zero["op_1"].endswith("recorded [in an annual inventory] [consistent with the IPCC guidelines].")
    threads = [
        on("recorded [in an", zero["op_1"], "op_1"),  # the real draft's: over the bracket's opening edge
        on("[en un inventario anual]", zero["pre_1"], "pre_1"),  # the first of two, its brackets taken away
        on("en un inventario anual", zero["pre_1"], "pre_1", last=True),  # the second, still bracketed
        on("**Option 2:** Parties shall", zero["op_3"], "op_3"),  # over the label of the option agreed
        on("inventory] [consistent with the IPCC", zero["op_1"], "op_1"),  # over words that left
    ]
    for thread in threads:
        assert comments.open_thread(store, people.member, P, thread).anchor.state == "exact"

    version_import.import_version(
        store, people.committee, P, ImportVersion(filename="rev1.md", text=REV1, label="Rev.1")
    )
    rev1 = {p.eid: p.text for p in versions.get_version(store, people.member, P, "Rev.1").paragraphs}
    assert "recorded in an annual inventory." in rev1["op_1"]
    found = {t.id: t.anchor for t in comments.list_threads(store, people.member, P, version="Rev.1")}

    crossing = found[1]
    assert (crossing.state, crossing.text, crossing.score) == ("fuzzy", "recorded in an", 1.0)
    assert (crossing.start, crossing.end) == (rev1["op_1"].index("recorded in an"), rev1["op_1"].index(" annual"))
    first = found[2]  # on its own words, not on the same characters, brackets and all, further on
    assert (first.state, first.text) == ("fuzzy", "en un inventario anual")
    assert first.start == rev1["pre_1"].index("en un inventario anual")
    second = found[3]
    assert (second.state, second.text) == ("exact", "en un inventario anual")
    assert second.start == rev1["pre_1"].rindex("en un inventario anual")
    option = found[4]
    assert (option.state, option.text, option.start) == ("fuzzy", "Parties shall", 0)
    assert found[5].state == "outdated" and found[5].text is None  # "consistent with the IPCC" left

    # Read on the version they were opened on, every thread is where it was.
    assert {t.id: t.anchor.state for t in comments.list_threads(store, people.member, P, version="1")} == dict.fromkeys(
        range(1, 6), "exact"
    )
