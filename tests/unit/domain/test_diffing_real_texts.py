"""The compare on a real revision: the UN Statistical Commission's 2020 review of the SDG indicators."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from workspace.domain.diffing import Change, Paragraph, compare, result_of
from workspace.settings import ROOT

REVISION = ROOT.parent / "shared" / "corpus" / "sdg" / "indicator_framework_revision_2020"
pytestmark = pytest.mark.skipif(not REVISION.is_dir(), reason=f"the shared corpus is not at {REVISION}")


def indicators(lang: str, when: str) -> list[Paragraph]:
    name = next(REVISION.glob(f"global_indicators_{lang}_{when}_*.yml"))
    data = yaml.safe_load(name.read_text(encoding="utf-8"))
    return [Paragraph(key, str(text)) for key, text in data.items()]


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_the_2020_review_is_reported_as_modified_and_added_indicators_only(lang):
    before, after = indicators(lang, "before"), indicators(lang, "after")
    old_text = {p.eid: p.text for p in before}
    changes = compare(before, after)
    by_kind: dict[str, set[str]] = {}
    for c in changes:
        by_kind.setdefault(c.change, set()).add(c.eid)

    assert by_kind.get(Change.MODIFIED, set()) == {p.eid for p in after if p.eid in old_text and old_text[p.eid] != p.text}
    assert len(by_kind[Change.MODIFIED]) > 20
    assert by_kind.get(Change.ADDED, set()) == {p.eid for p in after} - set(old_text)
    assert len(by_kind[Change.ADDED]) == 8
    assert not by_kind.get(Change.DELETED) and not by_kind.get(Change.MOVED)
    assert [result_of(c.ops) for c in changes] == [p.text for p in after]
