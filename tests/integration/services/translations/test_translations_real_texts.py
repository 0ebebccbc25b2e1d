"""Real texts through the translation workflow: the SDG indicators before and after the UN's 2020
review, English as the source. Exactly the indicators whose English changed make their Spanish and
French translations outdated, each with its source diff; the rest stay approved; the new ones are missing."""

from __future__ import annotations

import unicodedata

import pytest

from tests.integration.services.declaration.test_declaration_real_texts import SDG, indicators_markdown
from workspace.domain.consultations.consultations import ProcessDraft
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services import processes, translations
from workspace.services.declaration import importing, versions

pytestmark = pytest.mark.corpus(SDG)  # skipped without it; fails under ACCORD_REQUIRE_CORPUS=1
S = "sdg-indicators"


def test_the_2020_review_outdates_exactly_the_changed_indicators(store, people):
    processes.create_process(
        store,
        people.committee,
        ProcessDraft(
            slug=S, titles={"en": "Global indicator framework"}, source_language="en", languages=("en", "es", "fr")
        ),
    )
    importing.import_version(
        store,
        people.committee,
        S,
        ImportVersion(filename="before.en.md", text=indicators_markdown("en", "before"), label="2019"),
    )
    for lang in ("es", "fr"):
        report = translations.import_markdown(
            store,
            people.committee,
            S,
            lang,
            indicators_markdown(lang, "before"),
            f"before.{lang}.md",
            "2019",
            approved=True,
        )
        assert report.imported == 244 and not report.not_in_file
    importing.import_version(
        store,
        people.committee,
        S,
        ImportVersion(filename="after.en.md", text=indicators_markdown("en", "after"), label="2020 review"),
    )
    compared = versions.compare_texts(store, people.committee, S, "2019", "2020 review")
    changed = {c.eid for c in compared.changes if c.change == "modified"}
    added = {c.eid for c in compared.changes if c.change == "added"}
    assert len(added) == 8 and len(changed) > 20
    for lang in ("es", "fr"):
        rows = {r.eid: r for r in translations.list_translations(store, people.committee, S, lang, "2020 review")}
        assert {e for e, r in rows.items() if r.state == "outdated"} == changed
        assert {e for e, r in rows.items() if r.state == "missing"} == added
        assert {e for e, r in rows.items() if r.state == "approved"} == set(rows) - changed - added
        for eid in changed:
            diff = rows[eid].source_diff
            assert diff and any(p.op != 0 for p in diff)
            old = "".join(p.text for p in diff if p.op != 1)
            assert unicodedata.normalize("NFC", old) == unicodedata.normalize(
                "NFC", next(c.old_text for c in compared.changes if c.eid == eid)
            )
        progress = next(p for p in translations.progress(store, people.committee, S) if p.version == "2020 review")
        figures = next(x for x in progress.languages if x.language == lang)
        print(
            f"\n[{lang}] 2020 review: {figures.approved} approved, {figures.outdated} outdated, {figures.missing} "
            f"missing of {figures.total}"
        )
    assert translations.edition(store, people.committee, S, "es", "2019").complete  # the 2019 edition stays exact
