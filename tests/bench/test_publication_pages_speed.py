"""The published declaration at scale: 300 paragraphs in three languages published, then the
public parallel page and a language page (server time), and publishing itself. Run with `make bench`."""

from __future__ import annotations

import time

from litestar.testing import TestClient

from tests.bench.test_draft_speed import loaded, quick  # noqa: F401  (the fixture, autouse)
from tests.bench.test_translation_speed import translate_all
from workspace.domain.amendments.amendment_commands import SetParagraphStatus
from workspace.renderers import publication_files as files
from workspace.services import amendments, publication
from workspace.web.app import create_app

SLUG = "kutahya"


def test_the_public_pages_of_a_300_paragraph_declaration(db_url, settings_for):
    store, people, _ = loaded(db_url, 300)
    translate_all(store, people, 300)
    for i in range(1, 301):
        amendments.set_paragraph_status(store, people.committee, SLUG, f"op_{i}", SetParagraphStatus(status="agreed"))
    started = time.perf_counter()
    publication.publish(
        store, people.committee, SLUG, publication.Publish(version="Rev.1", symbol="UCLG/BENCH/1", date="2021-10-08")
    )
    published = time.perf_counter() - started
    _summary, model = publication.publication_model(store, SLUG)
    timings = {}
    for name, key in files.names(model):
        began = time.perf_counter()
        files.render(model, name)
        timings[key] = timings.get(key, 0.0) + time.perf_counter() - began
    app = create_app(settings_for(db_url))
    figures = {}
    with TestClient(app) as client:
        for path in ("/parallel", "/fr"):
            client.get(f"/p/{SLUG}{path}")
            best = min(_timed(client, f"/p/{SLUG}{path}") for _ in range(5))
            figures[path] = best
    store.dispose()
    backend = db_url.split(":")[0]
    print(
        f"\n[{backend}] publishing 300 paragraphs × 3 languages: {published * 1000:.0f} ms; files: "
        + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in timings.items())
        + f" ({sum(timings.values()):.2f} s in all, "
        f"{sum(v for k, v in timings.items() if k != 'pdf'):.2f} s without the PDFs); "
        + f"public parallel page {figures['/parallel'] * 1000:.0f} ms, French page {figures['/fr'] * 1000:.0f} ms"
    )
    assert sum(timings.values()) < 10 and sum(v for k, v in timings.items() if k != "pdf") < 1
    assert figures["/parallel"] < 0.05, "the public parallel page under 50 ms"


def _timed(client, path: str) -> float:
    started = time.perf_counter()
    assert client.get(path).status_code == 200
    return time.perf_counter() - started
