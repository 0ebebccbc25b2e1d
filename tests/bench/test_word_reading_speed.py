"""Reading a delegation's Word file: a version as Accord publishes it in Word (a long declaration,
with its eId bookmarks, numbers, emphasis and links), edited with changes tracked and commented.

Run with `make bench`. For 300 and 3,000 paragraphs, a third of the paragraphs get a word replaced
with tracking (a deletion and an insertion, by two authors in turn: 2,000 changes at 3,000) and
another third a margin comment on their last words (1,000 at 3,000). Prints the file's size, the
time to read it (the best of three) and the peak of Python objects (tracemalloc: lxml's trees are
not counted); asserts that 3,000 paragraphs read in under 2 s and how the time grows (ten times the
paragraphs, far less than a hundred times the time).
"""

from __future__ import annotations

import io
import time
import tracemalloc

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tests.unit.renderers.models import long_model
from workspace.domain.word.word_reading import read_docx
from workspace.renderers.publication_docx import edition_docx

SIZES = [300, 3_000]
AUTHORS = [("Ana Pérez", "2024-05-01T10:00:00Z"), ("John Smith", "2024-05-02T11:30:00Z")]


def _text_run(text: str, deleted: bool = False):  # type: ignore[no-untyped-def]
    run = OxmlElement("w:r")
    node = OxmlElement("w:delText" if deleted else "w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    return run


def _tracked(kind: str, text: str, number: int):  # type: ignore[no-untyped-def]
    author, date = AUTHORS[number % 2]
    change = OxmlElement(f"w:{kind}")
    change.set(qn("w:id"), str(number))
    change.set(qn("w:author"), author)
    change.set(qn("w:date"), date)
    change.append(_text_run(text, deleted=kind == "del"))
    return change


def edited_version(paragraphs: int) -> tuple[bytes, int, int]:
    """The version's Word file with changes tracked and comments; how many of each."""
    document = Document(io.BytesIO(edition_docx(long_model(paragraphs), "es")))
    changes = comments = 0
    bookmarked = [p for p in document.paragraphs if p._p.find(qn("w:bookmarkStart")) is not None]
    for k, paragraph in enumerate(bookmarked):
        runs = [r for r in paragraph.runs if r.text.strip()]
        if not runs:
            continue
        last = runs[-1]
        if k % 3 == 0:
            head, _, word = last.text.rstrip().rpartition(" ")
            last.text = head + " "
            at = last._r
            for kind, text in (("del", word), ("ins", "renovado" if word != "renovado" else "nuevo")):
                at.addnext(_tracked(kind, text, changes + 100))
                at = at.getnext()
                changes += 1
        elif k % 3 == 1:
            author, _ = AUTHORS[comments % 2]
            document.add_comment(last, text=f"¿Por qué este texto? ({comments})", author=author, initials=author[:1])
            comments += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), changes, comments


def test_reading_a_tracked_and_commented_version_grows_linearly():
    figures = {}
    for n in SIZES:
        data, changes, comments = edited_version(n)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            read = read_docx(data, "edited.docx")
            timings.append(time.perf_counter() - started)
        tracemalloc.start()  # apart: tracing slows the reading several times over
        read_docx(data, "edited.docx")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        tracked = sum(1 for p in read.paragraphs if p.changed)
        assert tracked == (changes + 1) // 2 and len(read.comments) == comments
        assert sum(len(p.revisions) for p in read.paragraphs) == changes
        figures[n] = best = min(timings)
        print(
            f"\n{len(read.paragraphs)} paragraphs ({len(data) // 1024} KB), {changes} tracked changes, {comments} "
            f"comments: read in {best:.2f} s (peak of Python objects {peak / 2**20:.0f} MB; lxml's trees are not "
            "counted)"
        )
    small, large = figures[SIZES[0]], figures[SIZES[-1]]
    print(f"×{SIZES[-1] // SIZES[0]} paragraphs: ×{large / small:.1f} the time")
    assert large < 2.0 and large / small < 30
