"""One paragraph's action costs the same whatever the size of the declaration: saving, approving and
rejecting a translation, opening a thread and commenting on it, each timed on a 300- and a 3,000-paragraph
version (issue 17's goal: one paragraph's write the same at 300 and 30,000). Run with `make bench`."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import pytest

from tests.bench.test_draft_speed import declaration, loaded, quick  # noqa: F401  (the fixture, autouse)
from workspace.domain.comments.comment_commands import CommentText, OpenThread
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import comments, translations
from workspace.services.declaration import importing

SLUG = "kutahya"
ROUNDS = 15
pytestmark = pytest.mark.usefixtures("unpaced")  # 30 threads by one person within a minute: costs measured, not a flood


def median_ms(action: Callable[[int], object]) -> float:
    times = []
    for n in range(ROUNDS):
        started = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def costs(store, people, label: str) -> dict[str, float]:
    """Each action on paragraphs op_1 … op_15 of version `label`."""
    source = {
        p.eid: p.source_revision for p in translations.list_translations(store, people.committee, SLUG, "en", label)
    }
    opened: list[int] = []

    def save(n: int) -> object:
        eid = f"op_{n + 1}"
        return translations.save_translation(
            store,
            people.translator,
            SLUG,
            "en",
            eid,
            SaveTranslation(text=f"Translation {n}.", source_revision=source[eid], state="translated"),
            label,
        )

    def approve(n: int) -> object:
        return translations.approve(store, people.committee, SLUG, "en", f"op_{n + 1}", label)

    def thread(n: int) -> object:
        made = comments.open_thread(
            store, people.member, SLUG, OpenThread(version=label, eid=f"op_{n + 1}", body=f"Comment {n}.")
        )
        opened.append(made.id)
        return made

    def comment(n: int) -> object:
        return comments.add_comment(store, people.member, SLUG, opened[n], CommentText(body=f"Reply {n}."))

    return {
        name: median_ms(action)
        for name, action in (
            ("save a translation", save),
            ("approve it", approve),
            ("open a thread", thread),
            ("comment", comment),
        )
    }


def test_one_paragraphs_actions_cost_the_same_at_300_and_3000_paragraphs(db_url):
    store, people, _ = loaded(db_url, 300)
    small = costs(store, people, "Rev.1")
    importing.import_version(
        store,
        people.committee,
        SLUG,
        ImportVersion(filename="bigger.md", text=declaration(3000).replace("Rev.1", "Rev.2"), replace_draft=True),
    )
    large = costs(store, people, "Rev.2")
    store.dispose()
    backend = db_url.split(":")[0]
    for name in small:
        print(
            f"\n[{backend}] {name}: 300 paragraphs {small[name]:.1f} ms, 3,000 paragraphs {large[name]:.1f} ms "
            f"(×{large[name] / small[name]:.2f})"
        )
    assert all(large[name] / small[name] < 2 for name in small), (
        "one paragraph's action must not grow with the declaration"
    )
