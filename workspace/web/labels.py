"""How the closed sets of the domain read on a page, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping

from ..domain.labels import (
    ACTIVITY_VERBS,
    AGREEMENT_LEVELS,
    AMENDMENT_KINDS,
    AMENDMENT_STATUSES,
    ANCHOR_STATES,
    APPROACHES,
    BALLOTS,
    BLOCKER_KINDS,
    BRACKET_STATES,
    DECISIONS,
    DELEGATION_KINDS,
    FIELD_LABELS,
    NEGOTIATION_STATUSES,
    PARAGRAPH_KINDS,
    PHASES,
    PROPOSAL_KINDS,
    REBASE_STATES,
    RENDERING_STATES,
    ROLES,
    SILENCE_STATES,
    STANCES,
    STATUSES,
    THREAD_STATUSES,
    TRANSLATION_STATES,
    UNKNOWN_CHANGE,
)
from ..i18n import gettext

# With the tables the pages and templates read from here.
__all__ = [
    "AGREEMENT_LEVELS",
    "AMENDMENT_STATUSES",
    "APPROACHES",
    "BRACKET_STATES",
    "DECISIONS",
    "DELEGATION_KINDS",
    "FILTERS",
    "NEGOTIATION_STATUSES",
    "PHASES",
    "PROPOSAL_KINDS",
    "RENDERING_STATES",
    "ROLES",
    "STANCES",
    "STATUSES",
    "field_label",
    "label",
]


def field_label(name: str) -> str:
    return gettext(FIELD_LABELS[name]) if name in FIELD_LABELS else name


def label(table: Mapping[str, str], value: str | None) -> str:
    return gettext(table[value]) if value is not None and value in table else (value or "")


FILTERS = {
    "role_label": lambda v: label(ROLES, v),
    "phase_label": lambda v: label(PHASES, v),
    "status_label": lambda v: label(STATUSES, v),
    "kind_label": lambda v: label(PARAGRAPH_KINDS, v),
    "amendment_kind_label": lambda v: label(AMENDMENT_KINDS, v),
    "amendment_status_label": lambda v: label(AMENDMENT_STATUSES, v),
    "rebase_label": lambda v: label(REBASE_STATES, v),
    "negotiation_label": lambda v: label(NEGOTIATION_STATUSES, v),
    "silence_label": lambda v: label(SILENCE_STATES, v),
    "anchor_label": lambda v: label(ANCHOR_STATES, v),
    "thread_status_label": lambda v: label(THREAD_STATUSES, v),
    "translation_state_label": lambda v: label(TRANSLATION_STATES, v),
    "blocker_kind_label": lambda v: label(BLOCKER_KINDS, v),
    "agreement_label": lambda v: label(AGREEMENT_LEVELS, v),
    "stance_label": lambda v: label(STANCES, v),
    "delegation_kind_label": lambda v: label(DELEGATION_KINDS, v),
    "ballot_label": lambda v: label(BALLOTS, v),
    # A Python table, not a `set` in _ui.html: that one was translated at every page that imports the macros.
    "activity_label": lambda v: gettext(ACTIVITY_VERBS.get(v, UNKNOWN_CHANGE)),
}
