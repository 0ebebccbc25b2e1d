"""A publication's files, each rendered from the one render model: per language and trilingual.

Every function here is pure and deterministic: the same model gives the same bytes, whoever
renders it and whenever (the dates in the files are the publication's own), so that the sha256
published with a file can be checked by anyone who renders it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from ..domain.errors import Conflict
from ..domain.publication.publication import PublicationModel, file_name
from ..domain.publication.publication_gate import check_files_can_carry
from . import publication_pdf


def _made_by(module: str, function: str) -> Callable[..., bytes | str]:
    """A renderer's function, its module imported at the first call: a renderer's process for a PDF loads no
    Word or HTML library (a tenth of a second at each start)."""

    def call(*args: Any) -> bytes | str:
        made: bytes | str = getattr(import_module(f"{__package__}.{module}"), function)(*args)
        return made

    return call


@dataclass(frozen=True)
class Format:
    extension: str
    media_type: str
    one: Callable[[PublicationModel, str], bytes | str] | None  # one language
    all: Callable[[PublicationModel], bytes | str] | None  # every language at once


FORMATS = {
    "pdf": Format("pdf", "application/pdf", publication_pdf.edition_pdf, publication_pdf.parallel_pdf),
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _made_by("publication_docx", "edition_docx"),
        _made_by("publication_docx", "parallel_docx"),
    ),
    "html": Format(
        "html",
        "text/html; charset=utf-8",
        _made_by("publication_html", "edition_html"),
        _made_by("publication_html", "parallel_html"),
    ),
    "md": Format("md", "text/markdown; charset=utf-8", _made_by("publication_markdown", "edition_markdown"), None),
    "xml": Format("xml", "application/akn+xml", _made_by("akoma_ntoso", "edition_akn"), None),  # a doc per language
    "json": Format("json", "application/json", None, _made_by("publication_json", "publication_json")),
    # The references as circulated → as published, a file per language (only when the version's were kept).
    "crosswalk": Format(
        "crosswalk.csv", "text/csv; charset=utf-8", _made_by("publication_crosswalk", "crosswalk_csv"), None
    ),
}


def names(model: PublicationModel) -> list[tuple[str, str]]:
    """Every file of a publication: (file name, format), each language then all of them."""
    found = []
    for key, fmt in FORMATS.items():
        if key == "crosswalk" and not model.circulated:
            continue
        if fmt.one is not None:
            found += [(file_name(model.slug, [code], fmt.extension), key) for code in model.languages]
        if fmt.all is not None:
            found.append((file_name(model.slug, list(model.languages), fmt.extension), key))
    return found


# Word, XML and PDF/A (every character shown in an embedded font) cannot hold some characters (U+FFFE,
# lone surrogates …) that texts saved before they were refused may hold: such a file is not made (the
# gate now keeps them from being published).
_STRICT = ("docx", "xml", "pdf")


def _languages(model: PublicationModel, name: str) -> list[str]:
    return name.removeprefix(model.slug + ".").split(".", 1)[0].split("-")  # a slug has no dot


def unmakeable(model: PublicationModel, name: str, key: str) -> Conflict | None:
    """Why the file `name` cannot be made of `model` (a text no Word or XML file can carry), or None."""
    if key not in _STRICT:
        return None
    try:
        check_files_can_carry(model, _languages(model, name))
    except Conflict as exc:
        return exc
    return None


def makeable(model: PublicationModel) -> list[tuple[str, str]]:
    """`names`, but for the files that a text of the publication keeps from being made (each set of languages
    checked once: a text's every character, 0.04 s a language at 4,000 paragraphs)."""
    carried: dict[tuple[str, ...], bool] = {}
    found = []
    for name, key in names(model):
        if key in _STRICT:
            languages = tuple(_languages(model, name))
            if languages not in carried:
                carried[languages] = unmakeable(model, name, key) is None
            if not carried[languages]:
                continue
        found.append((name, key))
    return found


def pdf_parts(model: PublicationModel, name: str) -> list[range]:
    """The rows of each part the file `name` is typeset in (one part but for a long text's PDF: publication_pdf)."""
    if not name.endswith(".pdf"):
        return [range(0)]
    return publication_pdf.source(model, _languages(model, name)).parts()


def render_part(model: PublicationModel, name: str, rows: range) -> tuple[bytes, int]:
    """The part of `rows` of the PDF `name`, and its page count."""
    from .pdf_join import page_count

    body = publication_pdf.part_pdf(model, _languages(model, name), rows)
    return body, page_count(body)


def render_joined(model: PublicationModel, name: str, parts: list[bytes], pages: int) -> tuple[bytes, str]:
    """The PDF `name` of its typeset `parts` (`pages` in all), and its media type."""
    made = publication_pdf.source(model, _languages(model, name))
    return publication_pdf.joined(parts, made, pages), FORMATS["pdf"].media_type


def render(model: PublicationModel, name: str) -> tuple[bytes, str]:
    """The file called `name` (as `names` gives it), and its media type; KeyError for another name."""
    for candidate, key in names(model):
        if candidate == name:
            fmt = FORMATS[key]
            languages = _languages(model, name)
            body = fmt.one(model, languages[0]) if len(languages) == 1 and fmt.one else fmt.all(model)  # type: ignore[misc]
            return (body.encode("utf-8") if isinstance(body, str) else body), fmt.media_type
    raise KeyError(name)
