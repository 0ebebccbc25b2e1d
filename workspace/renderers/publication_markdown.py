"""A language edition as Markdown in our declaration file format (`# ` headings, plain preambular
paragraphs, `1.` operative items, each ending with `{#eid}`), the symbol and the date line in its
front matter: a file that `accord import` reads back as the same paragraphs (raw HTML in a text
escaped, so that no reader's renderer runs it)."""

from __future__ import annotations

import yaml

from ..domain.declaration.declaration_format import render_declaration
from ..domain.declaration.document import Block, Kind
from ..domain.markdown import inert_html
from ..domain.publication.publication import PublicationModel


def edition_markdown(model: PublicationModel, language: str) -> str:
    """The Markdown file of one language edition."""
    edition = model.edition(language)
    meta: dict[str, object] = {
        "title": edition.title,
        "symbol": model.symbol,
        "language": edition.language,
        "label": model.version_label,
        "date": model.date.isoformat(),
        "place": edition.place,
        "date_line": edition.date_line,
        "published_at": model.published_at.isoformat(),
        "checksum": f"sha256:{edition.checksum}",
    }
    if model.corrigendum_of is not None:
        meta["corrigendum_of"] = model.corrigendum_of
        meta["corrects"] = model.corrects
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    # Raw HTML in a text is shown as text in Accord; escaped, it stays text wherever the file is read.
    blocks = [Block(p.eid, Kind(p.kind), inert_html(p.text), p.depth, p.marker) for p in edition.paragraphs]
    return f"---\n{front}---\n{render_declaration(blocks)}"
