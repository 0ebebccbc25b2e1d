"""The one place markdown-it-py is configured: user Markdown rendered inert and safe."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def _safe_link(url: str) -> bool:
    """Only web and mail links; relative links and anchors are fine, `javascript:` and `data:` are not."""
    value = url.strip().lower()
    if ":" not in value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True
    return value.startswith(SAFE_SCHEMES)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


def render(text: str) -> str:
    """HTML for user Markdown: raw HTML shown as text, unsafe links left as plain text."""
    return _parser().render(text or "")
