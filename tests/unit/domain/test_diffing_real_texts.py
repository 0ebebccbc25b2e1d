"""The compare on real revisions: golden files of real paragraphs, and the UN Statistical Commission's
2020 review of the SDG indicators.

Each file in `golden/` holds a real paragraph before and after a revision, and the diff a reader
should see, in git's word-diff style ([-deleted-]{+inserted+}). After a deliberate change to the
diff, regenerate the expected diffs with `ACCORD_REGENERATE_GOLDEN=1 pytest tests/unit/domain`,
then read every changed file (`git diff tests/unit/domain/golden`) before committing it.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import yaml

from workspace.domain.declaration.compare_render import text_inline
from workspace.domain.diffing import Change, Paragraph, compare, result_of, source_of
from workspace.settings import ROOT

REVISION = ROOT.parent / "shared" / "corpus" / "sdg" / "indicator_framework_revision_2020"
GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("ACCORD_REGENERATE_GOLDEN") == "1"


@dataclass(frozen=True)
class Golden:
    source: str  # where the texts come from
    old: str
    new: str
    diff: str

    @classmethod
    def read(cls, path: Path) -> Golden:
        head, rest = path.read_bytes().decode("utf-8").split("\n--- old\n", 1)
        old, rest = rest.split("\n--- new\n", 1)
        new, diff = rest.split("\n--- diff\n", 1)
        return cls(head.removeprefix("# "), old, new, diff.removesuffix("\n"))

    def write(self, path: Path) -> None:
        text = f"# {self.source}\n--- old\n{self.old}\n--- new\n{self.new}\n--- diff\n{self.diff}\n"
        path.write_bytes(text.encode("utf-8"))


def shown(old: str, new: str) -> str:
    """What the compare page shows of a paragraph revised from `old` to `new`."""
    [change] = compare([Paragraph("p", old)], [Paragraph("p", new)])
    return text_inline(change.ops)


GOLDEN_FILES = sorted(GOLDEN.glob("*.txt"))


def test_the_golden_files_are_there():
    assert len([p for p in GOLDEN_FILES if p.name.startswith("kutahya")]) == 11
    assert len([p for p in GOLDEN_FILES if p.name.startswith("sdg")]) >= 10


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_a_real_revision_reads_as_its_golden_file_says(path):
    golden = Golden.read(path)
    if REGENERATE:
        replace(golden, diff=shown(golden.old, golden.new)).write(path)
    assert shown(golden.old, golden.new) == Golden.read(path).diff


def indicators(lang: str, when: str) -> list[Paragraph]:
    name = next(REVISION.glob(f"global_indicators_{lang}_{when}_*.yml"))
    data = yaml.safe_load(name.read_text(encoding="utf-8"))
    return [Paragraph(key, str(text)) for key, text in data.items()]


@pytest.mark.corpus(REVISION)  # skipped without it; fails under ACCORD_REQUIRE_CORPUS=1
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_2020_review_is_reported_as_modified_and_added_indicators_only(lang):
    before, after = indicators(lang, "before"), indicators(lang, "after")
    old_text = {p.eid: p.text for p in before}
    changes = compare(before, after)
    by_kind: dict[str, set[str]] = {}
    for c in changes:
        by_kind.setdefault(c.change, set()).add(c.eid)

    assert by_kind.get(Change.MODIFIED, set()) == {
        p.eid for p in after if p.eid in old_text and old_text[p.eid] != p.text
    }
    assert len(by_kind[Change.MODIFIED]) > 20
    assert by_kind.get(Change.ADDED, set()) == {p.eid for p in after} - set(old_text)
    assert len(by_kind[Change.ADDED]) == 8
    assert not by_kind.get(Change.DELETED) and not by_kind.get(Change.MOVED)
    assert [result_of(c.ops) for c in changes] == [p.text for p in after]


def wrapped(paragraphs: list[Paragraph], width: int) -> list[Paragraph]:
    """The paragraphs as an editor wraps a Markdown file, at `width` columns."""
    return [
        Paragraph(p.eid, textwrap.fill(p.text, width, break_long_words=False, break_on_hyphens=False))
        for p in paragraphs
    ]


@pytest.mark.corpus(REVISION)
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_ops_of_the_2020_review_wrapped_two_ways_rebuild_both_texts_and_show_no_rewrap(lang):
    before, after = wrapped(indicators(lang, "before"), 60), wrapped(indicators(lang, "after"), 72)
    changes = compare(before, after)
    assert sum("\n" in (c.old_text or "") for c in changes) > 100
    for c in changes:
        assert source_of(c.ops) == (c.old_text or "") and result_of(c.ops) == (c.new_text or ""), c.eid
        shown = text_inline(c.ops)
        if c.change == Change.UNCHANGED:
            assert "[-" not in shown and "{+" not in shown, c.eid
    unwrapped = {c.eid: c.change for c in compare(indicators(lang, "before"), indicators(lang, "after"))}
    assert {c.eid: c.change for c in changes} == unwrapped  # the same changes, wrapped or not
