"""The generated demo at scale (`accord demo --scale`), built small here on both backends: what it holds
is what the benchmarks measure, so its proportions and states are checked, and each of its texts is one
the import and the checks accept (a refused translation would make the build fail)."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import PASSWORD
from workspace.domain.errors import Conflict, InvalidInput
from workspace.services import accounts, amendments, comments, processes, translations
from workspace.services.actor import SYSTEM
from workspace.services.declaration import versions
from workspace.services.transfer import scaled_demo
from workspace.services.transfer.scaled_demo import Scale, build_scaled_demo, parse_scale, text_of

SCALE = Scale.sized(60)


def test_the_scales_and_their_proportions():
    assert (parse_scale("large").paragraphs, parse_scale("huge").paragraphs, parse_scale(" 300 ").paragraphs) == (
        3_000,
        30_000,
        300,
    )
    large = parse_scale("large")
    assert (large.versions, large.threads, large.amendments, large.recommendations, large.members) == (
        12,
        3_000,
        800,
        400,
        150,
    )
    for wrong in ("tiny", "5", "1000000", "", "-300"):
        with pytest.raises(InvalidInput, match="large, huge or a number of paragraphs"):
            parse_scale(wrong)


def test_each_version_rewords_one_paragraph_in_twenty_and_keeps_the_others():
    first, last = text_of(SCALE, 1), text_of(Scale.sized(60), 12)
    assert [b.eid for b in first] == [b.eid for b in last] and len(first) == 60
    for version in range(2, 13):
        before, after = text_of(SCALE, version - 1), text_of(SCALE, version)
        changed = sum(1 for a, b in zip(before, after, strict=True) if a.text != b.text)
        assert 1 <= changed <= 60 // 20 + 1, version
    assert Counter(b.kind.value for b in first) == {"heading": 1, "preambular": 9, "operative": 50}


def test_the_built_process_holds_what_its_scale_says(store):
    taken = build_scaled_demo(store, SCALE)
    assert set(taken) == {
        "process, members, sessions, recommendations",
        "12 versions",
        "translations",
        "60 threads, 16 amendments",
        "statistics",
    }
    slug = scaled_demo.slug_of(SCALE)
    committee_email = f"comite.{SCALE.name}@demo.accord"
    accounts.set_password(store, SYSTEM, committee_email, PASSWORD)
    committee = accounts.authenticate(store, committee_email, PASSWORD)
    assert len(processes.list_members(store, committee, slug)) == SCALE.members
    assert [v.label for v in versions.list_versions(store, committee, slug)][:2] == ["Borrador cero", "Rev.1"]
    assert len(versions.list_versions(store, committee, slug)) == 12
    assert len(comments.list_threads(store, committee, slug)) == SCALE.threads
    assert len(amendments.list_amendments(store, committee, slug)) == SCALE.amendments
    # The zero draft translated whole; the latest version 9/10 in English (approved), 2/3 in French; what the
    # versions reworded since the zero draft is outdated in the rest.
    states = {
        lang: Counter(t.state for t in translations.list_translations(store, committee, slug, lang, "12"))
        for lang in ("en", "fr")
    }
    assert states["en"]["approved"] == 54 and states["fr"]["translated"] + states["fr"]["outdated"] == 60
    assert states["fr"]["outdated"] > 0 and states["en"]["missing"] == 0
    zero = Counter(t.state for t in translations.list_translations(store, committee, slug, "fr", "1"))
    assert zero == {"translated": 60}
    with pytest.raises(Conflict):
        build_scaled_demo(store, SCALE)
