"""Translation memory and glossary checks at 10,000 and 100,000 memory entries and 2,000 glossary terms,
through the services on both backends. Run with `make bench`.

The memory is generated (the import benchmark's Spanish-like writer: a few words everywhere, most words
rare), stored as approved English translations of a process's paragraphs, and indexed by the same
`remember` every way in uses. Each asked text is an edit of an entry. Printed: the median and worst
time of a suggestion (the service, its queries included), how many asked texts found their entry; the
glossary checks of one paragraph against 2,000 terms.
paragraphs with them. Issue 17's goal: under 50 ms per paragraph at 100,000 entries and 2,000 terms.
Asserted: only the growth within this run (ten times the entries far under ten times the time).
"""

from __future__ import annotations

import random
import statistics
import time

from sqlalchemy import insert

from tests.bench.test_import_matching_speed import Writer
from tests.conftest import make_people
from workspace.domain.declaration.document import revision_id
from workspace.domain.translations.translation_checks import Glossary, GlossaryTerm, check_translation
from workspace.services import translations
from workspace.services.translations.views import GlossaryEntry
from workspace.store.db import make_store, transaction
from workspace.store.memory_index import remember
from workspace.store.models import Paragraph, ParagraphRevision, Process, Translation

SIZES = (10_000, 100_000)
ASKED = 9
TERMS = 2_000
BATCH = 5_000


def add_entries(store, process_id: int, start: int, count: int, writer: Writer) -> list[str]:
    """`count` approved translations of new paragraphs, indexed; their source texts."""
    sources = []
    for first in range(start, start + count, BATCH):
        n = min(BATCH, start + count - first)
        texts = [writer.paragraph() for _ in range(n)]
        targets = [f"Translation {first + i}: {t[:60]}" for i, t in enumerate(texts)]
        with transaction(store) as tx:
            tx.execute(
                insert(ParagraphRevision), [{"sha": revision_id(t), "text": t} for t in dict.fromkeys(texts + targets)]
            )
            tx.execute(
                insert(Paragraph),
                [{"process_id": process_id, "eid": f"op_{first + i + 1}", "kind": "operative"} for i in range(n)],
            )
            rows = [
                Translation(
                    process_id=process_id,
                    eid=f"op_{first + i + 1}",
                    language="en",
                    source_sha=revision_id(t),
                    text_sha=revision_id(targets[i]),
                    state="approved",
                )
                for i, t in enumerate(texts)
            ]
            tx.add_all(rows)
            tx.flush()
            remember(tx, rows)
        sources += texts
    return sources


def glossary_terms(writer: Writer) -> list[GlossaryEntry]:
    terms: dict[str, GlossaryEntry] = {}
    while len(terms) < TERMS:
        phrase = " ".join(writer.rng.sample(writer.words[60:3000], writer.rng.randint(1, 3)))
        terms.setdefault(
            phrase.lower(),
            GlossaryEntry(
                source=phrase, translations={"en": f"term {len(terms)}"}, forbidden={"en": [f"wrong {len(terms)}"]}
            ),
        )
    return list(terms.values())


def test_memory_and_glossary_checks_at_100000_entries_and_2000_terms(db_url):
    backend = db_url.split(":")[0].split("+")[0]
    store = make_store(db_url)
    people = make_people(store)
    rng = random.Random(17)
    writer = Writer(rng)
    with transaction(store) as tx:
        process_id = tx.query(Process.id).filter(Process.slug == "kutahya").scalar()
    sources: list[str] = []
    medians = {}
    for size in SIZES:
        began = time.perf_counter()
        sources += add_entries(store, process_id, len(sources), size - len(sources), writer)
        built = time.perf_counter() - began
        if (
            backend == "postgresql"
        ):  # as autovacuum leaves a table after a bulk load: its visibility map set, its statistics made
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        seconds, found = [], 0
        for k in [rng.randrange(size) for _ in range(ASKED)]:
            asked = writer.edit(sources[k])
            started = time.perf_counter()
            suggestions = translations.memory(store, people.translator, "kutahya", asked, "en")
            seconds.append(time.perf_counter() - started)
            found += any(s.source == sources[k] for s in suggestions)
        medians[size] = statistics.median(seconds)
        print(
            f"\n[{backend}] memory of {size:>7,} entries (added in {built:.0f} s): a suggestion in median "
            f"{medians[size] * 1000:.1f} ms, worst {max(seconds) * 1000:.1f} ms ({found}/{ASKED} found their entry)"
        )

    terms = glossary_terms(writer)
    glossary = Glossary(
        [GlossaryTerm(t.source, t.translations, {k: tuple(v) for k, v in t.forbidden.items()}) for t in terms]
    )
    paragraphs = [(s, f"Translation of {s[:200]} term 3, wrong 5.") for s in sources[:200]]
    started = time.perf_counter()
    for source, target in paragraphs:
        check_translation(source, target, "es", "en", glossary)
    per_paragraph = (time.perf_counter() - started) / len(paragraphs)
    started = time.perf_counter()
    Glossary(glossary.terms)
    made = time.perf_counter() - started
    print(
        f"[{backend}] glossary of {TERMS:,} terms: every check of one paragraph {per_paragraph * 1000:.2f} ms "
        f"(the glossary made ready once per page: {made * 1000:.0f} ms)"
    )

    store.dispose()
    assert medians[SIZES[1]] < 10 * medians[SIZES[0]]
