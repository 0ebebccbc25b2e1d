"""Amendments in every language at a plenary's size (issue 34's goals): with 3,000 paragraphs in three languages and
800 open amendments, a page of the translator's queue under 100 ms and a rendering saved under 15 ms; and at 300
paragraphs and 80 amendments, to see the cost grow. Run with `make bench`."""

from __future__ import annotations

import statistics
import time

from sqlalchemy import insert, select

from tests.bench.test_draft_speed import loaded, quick  # noqa: F401  (the fixture, autouse)
from workspace.domain.amendments.renderings import SetRendering
from workspace.domain.declaration.document import revision_id
from workspace.services.amendments import renderings
from workspace.services.declaration.paragraphs import store_revisions, version_blocks
from workspace.store.models import Amendment, Process, Translation, User, Version

SLUG = "kutahya"


def negotiated(url: str, paragraphs: int, amendments: int):
    """A version of `paragraphs` translated into English and French, and `amendments` open amendments on it, one in
    four proposed in French (written straight to the store: filing them is not what is measured)."""
    store, people, _ = loaded(url, paragraphs)
    with store.writer() as tx:
        process = tx.scalar(select(Process).where(Process.slug == SLUG))
        version = tx.scalar(select(Version).where(Version.process_id == process.id))
        member = tx.scalar(select(User.id).where(User.email == people.member.email))
        rows = [(b.eid, b.text) for b in version_blocks(tx, version)]
        translated = {lang: {eid: f"[{lang}] {text}" for eid, text in rows} for lang in ("en", "fr")}
        store_revisions(tx, [t for texts in translated.values() for t in texts.values()])
        tx.execute(
            insert(Translation),
            [
                {
                    "process_id": process.id,
                    "eid": eid,
                    "language": lang,
                    "source_sha": revision_id(text),
                    "text_sha": revision_id(translated[lang][eid]),
                    "state": "approved",
                }
                for lang in ("en", "fr")
                for eid, text in rows
            ],
        )
        amended = {eid: text.replace("gobiernos", "gobiernos nacionales", 1) for eid, text in rows[:amendments]}
        store_revisions(tx, list(amended.values()))
        tx.execute(
            insert(Amendment),
            [
                {
                    "process_id": process.id,
                    "number": n,
                    "kind": "modify",
                    "eid": eid,
                    "version_id": version.id,
                    "base_sha": revision_id(text),
                    "text_sha": revision_id(amended[eid]),
                    "proposer_id": member,
                    "status": "open",
                }
                for n, (eid, text) in enumerate(rows[:amendments], start=1)
            ],
        )
        tx.commit()
    return store, people


def median_ms(work, rounds: int = 15) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measured(store, people, amendments: int) -> tuple[float, float, float, float]:
    """A page of the queue (the first, the last), its length, and a rendering saved: median milliseconds."""
    translator = people.translator
    queue = median_ms(lambda: renderings.rendering_queue(store, translator, SLUG, "en", 50, 0))
    last = median_ms(lambda: renderings.rendering_queue(store, translator, SLUG, "en", 50, amendments - 50))
    counted = median_ms(lambda: renderings.queue_length(store, translator, SLUG, "en"))
    items = renderings.rendering_queue(store, translator, SLUG, "en", amendments, 0)
    assert len(items) == amendments and all(i.base and i.base.startswith("[en]") for i in items)
    saves = []
    for item in items[:20]:
        started = time.perf_counter()
        renderings.set_rendering(
            store,
            translator,
            SLUG,
            item.label,
            "en",
            SetRendering(
                text=item.text.replace("[en]", "[en, amended]"), state="rendered", base_revision=item.revision
            ),
        )
        saves.append(time.perf_counter() - started)
    return queue, last, counted, statistics.median(saves) * 1000


def test_the_translators_queue_and_a_rendering_at_3000_paragraphs_and_800_amendments(db_url, fresh_store):
    figures = {}
    for paragraphs, amendments, url in ((300, 80, db_url), (3000, 800, None)):
        store, people = negotiated(
            url or str(fresh_store().engine.url.render_as_string(hide_password=False)), paragraphs, amendments
        )
        figures[(paragraphs, amendments)] = measured(store, people, amendments)
        store.dispose()
    backend = db_url.split(":")[0]
    for (paragraphs, amendments), (queue, last, counted, save) in figures.items():
        print(
            f"\nrenderings ({backend}), {paragraphs:,} paragraphs × 3 languages, {amendments:,} amendments: "
            f"a page of 50 of the queue {queue:.1f} ms (the last page {last:.1f}), its length {counted:.1f} ms; "
            f"a rendering saved {save:.1f} ms (goals 100 and 15)"
        )
    assert figures[(3000, 800)][0] < 100 and figures[(3000, 800)][3] < 15
