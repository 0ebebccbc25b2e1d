"""How the closed sets of the domain read on a page, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from ..domain import labels as tables
from ..domain.errors import N_
from ..domain.labels import C_, FIELD_LABELS
from ..i18n import gettext, language_names


def field_label(name: str) -> str:
    return gettext(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def label(table: Mapping[str, str], value: str | None) -> str:
    return gettext(table[value]) if value is not None and value in table else (value or "")


GLOBALS: dict[str, Mapping[str, str]] = {
    "ROLES": tables.ROLES,
    "PHASES": tables.PHASES,
    "STATUSES": tables.STATUSES,
    "DECISIONS": tables.DECISIONS,
    "AMENDMENT_STATUSES": tables.AMENDMENT_STATUSES,
    "NEGOTIATION_STATUSES": tables.NEGOTIATION_STATUSES,
    "BRACKET_STATES": tables.BRACKET_STATES,
    "PROPOSAL_KINDS": tables.PROPOSAL_KINDS,
    "APPROACHES": tables.APPROACHES,
    "RENDERING_STATES": tables.RENDERING_STATES,
    "DELEGATION_KINDS": tables.DELEGATION_KINDS,
    "STANCES": tables.STANCES,
    "AGREEMENT_LEVELS": tables.AGREEMENT_LEVELS,
}
"""The tables the templates read by their names (the choices of a select, each value's words)."""

_LABELLED: dict[str, Mapping[str, str]] = {
    "role_label": tables.ROLES,
    "phase_label": tables.PHASES,
    "status_label": tables.STATUSES,
    "kind_label": tables.PARAGRAPH_KINDS,
    "amendment_kind_label": tables.AMENDMENT_KINDS,
    "amendment_status_label": tables.AMENDMENT_STATUSES,
    "rebase_label": tables.REBASE_STATES,
    "negotiation_label": tables.NEGOTIATION_STATUSES,
    "silence_label": tables.SILENCE_STATES,
    "anchor_label": tables.ANCHOR_STATES,
    "thread_status_label": tables.THREAD_STATUSES,
    "translation_state_label": tables.TRANSLATION_STATES,
    "blocker_kind_label": tables.BLOCKER_KINDS,
    "agreement_label": tables.AGREEMENT_LEVELS,
    "stance_label": tables.STANCES,
    "delegation_kind_label": tables.DELEGATION_KINDS,
    "ballot_label": tables.BALLOTS,
}
FILE_KINDS: dict[str, str] = {
    "pdf": C_("file", "PDF"),
    "docx": C_("file", "Word"),
    "html": C_("file", "Web page (HTML)"),
    "md": C_("file", "Markdown"),
    "xml": C_("file", "Akoma Ntoso (XML)"),
    "json": C_("file", "JSON data"),
    "crosswalk.csv": C_("file", "Crosswalk of the paragraph numbers (CSV)"),
}
"""The kinds of a publication's files (renderers/publication_files.FORMATS, by extension), as a list names them."""


def file_label(name: str) -> str:
    """A publication's file by its kind and languages, "PDF (français)", "Word (español, inglés y francés)", rather
    than by its name (`kutahya-2021.fr.pdf`: the slug, the languages' codes, the extension; a slug has no dot). A
    name read otherwise stays as it is."""
    _slug, _, rest = name.partition(".")
    codes, _, extension = rest.partition(".")
    kind = FILE_KINDS.get(extension)
    if kind is None or not codes:
        return name
    return gettext(N_("%(kind)s (%(languages)s)"), kind=gettext(kind), languages=language_names(codes.split("-")))


FILTERS: dict[str, Callable[[Any], str]] = {
    **{name: partial(label, table) for name, table in _LABELLED.items()},
    "file_label": file_label,
    # A Python table, not a `set` in _ui.html: that one was translated at every page that imports the macros.
    "activity_label": lambda v: gettext(tables.ACTIVITY_VERBS.get(v, tables.UNKNOWN_CHANGE)),
}
"""Each value's words in the page's language: `{{ member.role | role_label }}`."""
