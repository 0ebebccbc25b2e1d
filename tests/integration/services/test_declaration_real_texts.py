"""Real declarations through the import: the Universal Declaration of Human Rights (es, en, fr)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from workspace.services import version_import, versions
from workspace.settings import ROOT

UDHR = ROOT.parent / "shared" / "corpus" / "udhr"
NS = {"u": "http://www.unhchr.ch/udhr"}
pytestmark = pytest.mark.skipif(not UDHR.is_dir(), reason=f"the shared corpus is not at {UDHR}")


def udhr_markdown(code: str) -> tuple[str, int, int]:
    """The declaration as our Markdown: preamble paragraphs, then a heading and operative items per article."""
    root = ET.parse(UDHR / f"udhr_{code}.xml").getroot()
    clean = lambda el: re.sub(r"\s+", " ", "".join(el.itertext())).strip()  # noqa: E731
    preamble = root.find("u:preamble", NS)
    lines = [f"# {clean(preamble.find('u:title', NS))}", ""]
    pre = [clean(p) for p in preamble.findall("u:para", NS)]
    lines += [f"{p}\n" for p in pre]
    operative = 0
    for article in root.findall("u:article", NS):
        lines += [f"# {clean(article.find('u:title', NS))}", ""]
        for para in article.iter(f"{{{NS['u']}}}para"):
            operative += 1
            lines.append(f"{operative}. {clean(para)}\n")
    return "\n".join(lines), len(pre), operative


@pytest.mark.parametrize("code", ["spa", "eng", "fra"])
def test_the_udhr_imports_as_preamble_and_thirty_articles(store, people, code):
    text, preamble, operative = udhr_markdown(code)
    result = version_import.import_version(store, people.committee, "kutahya", f"udhr_{code}.md", text, label="1948")
    kinds = [m.kind for m in result.matches]
    assert kinds.count("heading") == 31 and kinds.count("preambular") == preamble and kinds.count("operative") == operative
    assert preamble in (9, 10) and operative >= 30
    version = versions.get_version(store, people.observer, "kutahya", "1948")
    assert [p.number for p in version.paragraphs if p.kind == "operative"] == list(range(1, operative + 1))


def test_a_revised_udhr_without_eids_keeps_every_paragraph_and_reports_only_the_edits(store, people):
    text, _, _ = udhr_markdown("spa")
    version_import.import_version(store, people.committee, "kutahya", "udhr.md", text, label="1948")
    revised = (text.replace("Todos los seres humanos nacen libres", "Todas las personas nacen libres")
                   .replace("Nadie estará sometido a esclavitud ni a servidumbre", "Nadie estará sometido a esclavitud, servidumbre ni trata"))
    result = version_import.import_version(store, people.committee, "kutahya", "udhr-rev.md", revised, label="Rev.1")
    assert {m.how for m in result.matches} == {"identical", "similar"}
    assert sum(m.how == "similar" for m in result.matches) == 2
    compared = versions.compare_texts(store, people.member, "kutahya", "1948", "Rev.1")
    assert compared.counts["modified"] == 2 and compared.counts["added"] == compared.counts["deleted"] == 0
