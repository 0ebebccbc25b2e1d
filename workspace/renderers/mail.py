"""A mail's two bodies, plain text and HTML, from what it says (already in the reader's language)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Line:
    """One piece of news: a sentence, the link to act on it, and a quote (a comment's words)."""

    text: str
    link: str | None = None
    quote: str = ""


@dataclass(frozen=True)
class Letter:
    subject: str
    greeting: str
    intro: str
    lines: tuple[Line, ...]
    footer: str  # why the person gets this mail, and where to change it
    settings_url: str | None = None
    settings_label: str = ""
    unsubscribe_url: str | None = None
    unsubscribe_label: str = ""
    lang: str = "en"


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def plain(letter: Letter) -> str:
    parts = [letter.greeting, "", letter.intro, ""]
    for line in letter.lines:
        parts.append("- " + textwrap.fill(line.text, 76, subsequent_indent="  "))
        if line.quote:
            parts.extend("  > " + row for row in textwrap.wrap(line.quote, 72))
        if line.link:
            parts.append("  " + line.link)
        parts.append("")
    parts += ["-- ", letter.footer]
    if letter.settings_url:
        parts.append(f"{letter.settings_label}: {letter.settings_url}")
    if letter.unsubscribe_url:
        parts.append(f"{letter.unsubscribe_label}: {letter.unsubscribe_url}")
    return "\n".join(parts) + "\n"


def html(letter: Letter) -> str:
    return _environment().get_template("mail.html.j2").render(letter=letter)
