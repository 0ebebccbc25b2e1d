"""The one place markdown-it-py is configured: user Markdown rendered inert and safe."""

from __future__ import annotations

import re
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


def render_inline(text: str) -> str:
    """HTML for the inline Markdown of one paragraph (emphasis, links, code), without block wrappers."""
    return _parser().renderInline(text or "")


@lru_cache(maxsize=1)
def _structure_parser() -> MarkdownIt:
    from mdit_py_plugins.attrs import attrs_block_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(front_matter_plugin).use(attrs_block_plugin)


_ATTRIBUTES_LINE = re.compile(r"^ {0,3}\{[^{}]*\}[ \t]*$")


def top_level_blocks(text: str) -> list[tuple[str, int, int, str | None]]:
    """(type, first line, end line, id attribute) of each top-level block, list items one by one.

    Types: "front_matter", "heading" (ATX, `#`), "setext_heading" (underlined), "ordered_item",
    "bullet_item", "paragraph", "definitions" (link reference definitions, which markdown-it
    consumes without a token: the lines no token covers), "other".
    Lines are 0-based and end-exclusive, as markdown-it maps them.
    """
    result: list[tuple[str, int, int, str | None]] = []
    covered: set[int] = set()
    depth = 0
    list_kind: list[str] = []
    for token in _structure_parser().parse(text):
        if token.type in ("ordered_list_open", "bullet_list_open"):
            list_kind.append("ordered_item" if token.type.startswith("ordered") else "bullet_item")
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            list_kind.pop()
        if depth == 0 and token.map is not None:
            covered.update(range(token.map[0], token.map[1]))
        if token.nesting == 1 and token.map is not None:
            if depth == 0 and token.type not in ("ordered_list_open", "bullet_list_open"):
                kind = {"heading_open": "heading", "paragraph_open": "paragraph"}.get(token.type, "other")
                if kind == "heading" and token.markup in ("=", "-"):
                    kind = "setext_heading"
                result.append((kind, token.map[0], token.map[1], _id(token)))
            elif depth == 1 and token.type == "list_item_open" and len(list_kind) == 1:
                result.append((list_kind[0], token.map[0], token.map[1], _id(token)))
        elif token.nesting == 0 and token.level == 0 and token.map is not None and depth == 0:
            kind = "front_matter" if token.type == "front_matter" else "other"
            if token.type != "hr":
                result.append((kind, token.map[0], token.map[1], None))
        depth += token.nesting
    result.extend(_definitions(text.split("\n"), covered))
    return sorted(result, key=lambda block: block[1])


def _definitions(lines: list[str], covered: set[int]) -> list[tuple[str, int, int, str | None]]:
    """Runs of lines that no token covers and that are neither blank nor an attributes line
    (`{#op_1}`, consumed by the attrs plugin): link reference definitions."""
    runs: list[tuple[str, int, int, str | None]] = []
    start: int | None = None
    for number, line in enumerate([*lines, ""]):
        loose = number < len(lines) and number not in covered and line.strip() and not _ATTRIBUTES_LINE.match(line)
        if loose and start is None:
            start = number
        elif not loose and start is not None:
            runs.append(("definitions", start, number, None))
            start = None
    return runs


def _id(token) -> str | None:  # type: ignore[no-untyped-def]
    value = token.attrs.get("id") if token.attrs else None
    return str(value) if value else None
