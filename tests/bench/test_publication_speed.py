"""Publishing a 300-paragraph declaration in three languages: every format, every language and
the trilingual editions. Run with `make bench`; prints the time per format. Every format under
10 s in all, and all but the PDFs under 1 s."""

from __future__ import annotations

import time

from tests.unit.renderers.models import long_model
from workspace.renderers.akoma_ntoso import edition_akn
from workspace.renderers.publication_docx import edition_docx, parallel_docx
from workspace.renderers.publication_html import edition_html, parallel_html
from workspace.renderers.publication_json import publication_json
from workspace.renderers.publication_markdown import edition_markdown
from workspace.renderers.publication_pdf import edition_pdf, parallel_pdf


def test_every_format_of_a_300_paragraph_trilingual_declaration():
    model = long_model(300)
    languages = model.languages
    formats = {
        "html": lambda: [edition_html(model, code) for code in languages] + [parallel_html(model)],
        "docx": lambda: [edition_docx(model, code) for code in languages] + [parallel_docx(model)],
        "markdown": lambda: [edition_markdown(model, code) for code in languages],
        "akoma ntoso": lambda: [edition_akn(model, code) for code in languages],
        "json": lambda: [publication_json(model)],
        "pdf": lambda: [edition_pdf(model, code) for code in languages] + [parallel_pdf(model)],
    }
    times: dict[str, float] = {}
    sizes: dict[str, int] = {}
    for name, make in formats.items():
        start = time.perf_counter()
        files = make()
        times[name] = time.perf_counter() - start
        sizes[name] = sum(len(f) for f in files)
    print(
        f"\npublication of {sum(len(e.paragraphs) for e in model.editions) // len(languages)} paragraphs "
        f"in {', '.join(languages)} (each language + trilingual where the format has one):"
    )
    for name in formats:
        print(f"  {name:<12} {times[name] * 1000:8.0f} ms  {sizes[name] / 1024:8.0f} KiB")
    print(f"  {'all':<12} {sum(times.values()) * 1000:8.0f} ms")
    assert sum(times.values()) < 10
    assert sum(t for name, t in times.items() if name != "pdf") < 1
