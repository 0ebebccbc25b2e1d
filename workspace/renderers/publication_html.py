"""A publication as standalone HTML: one page per language, and the parallel page with one row
per paragraph and a column per language. No script and no external resource: the CSS is in the
page, prints on A4 (page numbers and the symbol in the margins) and reflows on a phone.
The PDF is made from the same pages (see publication_pdf).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..domain.markdown import render, render_inline
from ..domain.publication.publication import PublicationModel, parallel_rows
from .publication_words import WORDS, corrigendum_line, language_name, word

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=20_000)
def _markdown(text: str) -> Markup:
    """A paragraph's HTML, made once for the page of its language and the page side by side."""
    return Markup(render(text))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = _markdown  # safe: raw HTML off, safe links only
    env.filters["inline"] = lambda text: Markup(render_inline(text))
    return env


def _css_string(text: str) -> str:
    """`text` inside a CSS string, also safe inside the page's `<style>` element."""
    return "".join(f"\\{ord(c):x} " if c in '"\\<>&\n' else c for c in text)


def _page_counter(language: str) -> Markup:
    """The `content` of the page-number margin box: "Página " counter(page) " de " counter(pages)."""
    template = WORDS.get(language, WORDS["en"])["page"]
    parts: list[str] = []
    rest = template
    while rest:
        head, brace, tail = rest.partition("{")
        if head:
            parts.append(f'"{_css_string(head)}"')
        if not brace:
            break
        name, _, rest = tail.partition("}")
        parts.append(f"counter({name})")
    return Markup(" ".join(parts))


def _common(model: PublicationModel, language: str, title: str) -> dict[str, object]:
    return {
        "model": model,
        "lang": language,
        "page_title": title,
        "words": WORDS.get(language, WORDS["en"]),
        "symbol_css": Markup(_css_string(model.symbol)),
        "page_css": _page_counter(language),
    }


def edition_html(model: PublicationModel, language: str) -> str:
    """The standalone page of one language edition; each paragraph's `id` is its eId."""
    edition = model.edition(language)
    return (
        _environment()
        .get_template("publication_edition.html.j2")
        .render(
            **_common(model, language, f"{model.symbol} — {edition.title}"),
            edition=edition,
            corrigendum=corrigendum_line(model, edition),
            body_class="edition",
        )
    )


def parallel_html(model: PublicationModel, languages: Sequence[str] | None = None) -> str:
    """The parallel page: a row per paragraph (`id` = eId), the same number in each column."""
    editions = [model.edition(code) for code in (languages or model.languages)]
    first = editions[0]
    return (
        _environment()
        .get_template("publication_parallel.html.j2")
        .render(
            **_common(model, first.language, f"{model.symbol} — {word(first.language, 'parallel')}"),
            editions=editions,
            rows=parallel_rows(editions),
            names=[language_name(e.language) for e in editions],
            corrigendum=corrigendum_line(model, first),
            body_class="parallel",
        )
    )
