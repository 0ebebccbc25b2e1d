"""The rich editor's Markdown round trip, in Chromium, on the bundle Accord serves (workspace/web/static/editor/).

Every paragraph of Accord's own texts (the demo's versions and amendments, the negotiation drafts and the Word files of
the fixtures, as Accord reads them into paragraphs) and of the shared corpus (the Universal Declaration of Human
Rights and the Agenda 2030's goals, targets and indicators in es, en and fr, imported as Markdown) goes through
`AccordEditor.analyse`: a paragraph the editor calls exact must come back byte for byte when written again, and show
what Accord's reader shows (its HTML from workspace/domain/markdown.py: the same elements, links and words, a
footnote marker `[^1]` shown as a marker); any other opens as Markdown, and is counted and printed. The cases of
editor/test/cases.json (also `npm test` in editor/) are held to their expected outcome.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.server import ROOT, chromium_or_skip
from workspace.domain.declaration.declaration_format import read_declaration
from workspace.domain.declaration.document import split_definitions
from workspace.domain.markdown import render
from workspace.domain.word.word_reading import read_docx

chromium_or_skip()

pytestmark = pytest.mark.e2e
BUNDLE = ROOT / "workspace" / "web" / "static" / "editor" / "editor.js"
CASES = json.loads((ROOT / "editor" / "test" / "cases.json").read_text(encoding="utf-8"))
CORPUS = ROOT.parent / "shared" / "corpus"
UDHR_NS = {"u": "http://www.unhchr.ch/udhr"}

Paragraph = dict[str, Any]  # where, kind, text, html (Accord's reading; None for a heading, shown as written)


def _paragraph(where: str, kind: str, text: str) -> Paragraph:
    main, definitions = split_definitions(text)
    footnotes_only = definitions and all(line.startswith("[^") for line in definitions.split("\n"))
    html = None if kind == "heading" else render(main if footnotes_only else text)
    return {"where": where, "kind": kind, "text": text, "html": html}


def _file(path: Path, text: str) -> list[Paragraph]:
    name = str(path.relative_to(path.parents[2]))
    return [_paragraph(f"{name}:{b.line}", b.kind.value, b.text) for b in read_declaration(text, name).blocks]


def accord_texts() -> list[Paragraph]:
    """The demo's versions and amendments, the negotiation drafts and the Word fixtures, as Accord reads them."""
    found: list[Paragraph] = []
    for path in sorted((ROOT / "drafts").glob("*/declaration/*.md")):
        found += _file(path, path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "drafts").glob("*/amendments/*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        kind = meta.get("paragraph_kind") or {"hdg": "heading", "pre": "preambular"}.get(
            str(meta.get("eid") or "").split("_")[0], "operative"
        )
        for field, text in (("body", body.strip()), ("base", meta.get("base")), ("decided", meta.get("decided_text"))):
            if text:
                found.append(_paragraph(f"{path.relative_to(ROOT)} {field}", kind, text))
    for path in sorted((ROOT / "tests" / "fixtures" / "negotiation").glob("*.md")):
        found += _file(path, path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "tests" / "fixtures" / "word").glob("*.docx")):
        for p in read_docx(path.read_bytes(), path.name).paragraphs:
            kind = "heading" if p.heading else "operative" if p.numbered else "preambular"
            for text in {p.before, p.after} - {""}:
                if kind != "heading" or "\n" not in text:
                    found.append(_paragraph(f"{path.name} paragraph {p.index + 1}", kind, text))
    return found


def _udhr(code: str) -> str:
    root = ET.parse(CORPUS / "udhr" / f"udhr_{code}.xml").getroot()

    def clean(el: ET.Element | None) -> str:
        assert el is not None
        return re.sub(r"\s+", " ", "".join(el.itertext())).strip()

    preamble = root.find("u:preamble", UDHR_NS)
    assert preamble is not None
    lines = [f"# {clean(preamble.find('u:title', UDHR_NS))}", ""]
    lines += [f"{clean(p)}\n" for p in preamble.findall("u:para", UDHR_NS)]
    number = 0
    for article in root.findall("u:article", UDHR_NS):
        lines += [f"# {clean(article.find('u:title', UDHR_NS))}", ""]
        for para in article.iter(f"{{{UDHR_NS['u']}}}para"):
            number += 1
            lines.append(f"{number}. {clean(para)}\n")
    return "\n".join(lines)


def corpus_texts() -> list[Paragraph]:
    """The corpus's declarations and Agenda 2030 texts, imported as Markdown files (each text a numbered paragraph)."""
    found: list[Paragraph] = []
    for code in ("spa", "eng", "fra"):
        found += _file(CORPUS / "udhr" / f"udhr_{code}.xml", _udhr(code))
    for path in sorted((CORPUS / "sdg").rglob("*.yml")):
        texts = [str(value).strip() for value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).values()]
        items = [f"{k}. {text}" for k, text in enumerate((t for t in texts if t), start=1)]
        found += _file(path, f"# {path.stem}\n\n" + "\n\n".join(items) + "\n")
    return found


ROUND_TRIP = """([items, cases]) => {
  const E = window.AccordEditor;
  const canonical = (node) => {
    let out = "";
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) { out += child.data; continue; }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = child.tagName.toLowerCase();
      if (child.classList.contains("fn-ref")) { out += `[^${child.dataset.label}]`; continue; }
      if (child.classList.contains("fn-def")) continue;
      if (tag === "br") { out += "<br>"; continue; }
      if (tag === "span") { out += canonical(child); continue; }  // how the source spelled it (an entity, an escape)
      const href = child.getAttribute("href");
      const url = href === null ? "" : new URL(href, "http://accord.invalid/").href;
      const attrs = href === null ? "" : ` href="${url}" title="${child.title}"`;
      out += `<${tag}${attrs}>${canonical(child)}</${tag}>`;
    }
    return out;
  };
  const tidy = (html) => html.replace(/\\s+/g, " ").replace(/ ?<br> ?/g, "<br>").replace(/<p> /g, "<p>")
    .replace(/ <\\/p>/g, "</p>").replace(/<\\/p> <p>/g, "</p><p>").trim();
  const read = (html) => {
    const box = document.createElement("div");
    box.innerHTML = html;
    return tidy(canonical(box));
  };
  const out = {exact: 0, inexact: [], changed: [], shown: [], cases: []};
  for (const {where, kind, text, html} of items) {
    const found = E.analyse(text, kind);
    if (!found.exact) { out.inexact.push(`${where}: ${JSON.stringify(text.slice(0, 120))}`); continue; }
    out.exact += 1;
    const again = E.serialize(found.doc, kind);
    if (again !== text) out.changed.push({where, text, again});
    if (html !== null) {
      const editor = tidy(canonical(E.render(found.doc)));
      const accord = read(html);
      if (editor !== accord) out.shown.push({where, text, editor, accord});
    }
  }
  if (cases) {
    for (const [kind, text] of cases.exact) if (!E.analyse(text, kind).exact) out.cases.push(`not exact: ${text}`);
    for (const [kind, text] of cases.inexact) if (E.analyse(text, kind).exact) out.cases.push(`exact: ${text}`);
    for (const [typed, expected] of cases.typed) {
      const s = E.schema;
      const written = E.serialize(s.node("doc", null, [s.nodes.paragraph.create(null, s.text(typed))]), "preambular");
      if (written !== expected) out.cases.push(`typed ${typed}: ${written}, expected ${expected}`);
    }
  }
  return out;
}"""


def round_trip(browser: Any, items: list[Paragraph], cases: dict[str, Any] | None = None) -> dict[str, Any]:
    page = browser.new_page()
    page.set_content("<!doctype html><html><head></head><body></body></html>")
    page.add_script_tag(content=BUNDLE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(ROUND_TRIP, [items, cases])
    return result


def report(name: str, items: list[Paragraph], result: dict[str, Any]) -> None:
    print(
        f"\n{name}: {len(items)} paragraphs, {result['exact']} shown and written back exactly, "
        f"{len(result['inexact'])} opened as Markdown (not representable)"
    )
    for line in result["inexact"]:
        print(f"  as Markdown: {line}")
    problems = [f"changed: {c['where']}: {c['text']!r} -> {c['again']!r}" for c in result["changed"]]
    problems += [
        f"shown otherwise: {s['where']}:\n    editor {s['editor']}\n    accord {s['accord']}" for s in result["shown"]
    ]
    problems += [f"case: {c}" for c in result.get("cases", [])]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def test_accord_own_texts_round_trip_exactly_in_the_rich_editor(browser):
    items = accord_texts()
    assert len(items) > 300  # the demo's three processes with texts, the drafts, the Word files
    result = round_trip(browser, items, CASES)
    report("Accord's texts", items, result)
    # Accord's own texts are what the editor is for: every one of them opens in it.
    assert result["exact"] == len(items), result["inexact"]


@pytest.mark.corpus(CORPUS)
def test_the_corpus_round_trips_exactly_in_the_rich_editor(browser):
    items = corpus_texts()
    assert len(items) > 3000
    result = round_trip(browser, items)
    report("The corpus", items, result)
