"""How the closed sets of the domain read on a page, in the reader's language."""

from __future__ import annotations

from ..domain.errors import N_
from ..i18n import gettext

ROLES = {
    "committee": N_("Drafting committee"),
    "member": N_("Member"),
    "translator": N_("Translator"),
    "observer": N_("Observer"),
}
PHASES = {
    "consultation": N_("Consultation"),
    "drafting": N_("Drafting"),
    "negotiation": N_("Negotiation"),
    "translation": N_("Translation"),
    "published": N_("Published"),
}
STATUSES = {
    "open": N_("Open"),
    "incorporated": N_("Incorporated"),
    "partly_incorporated": N_("Partly incorporated"),
    "not_retained": N_("Not retained"),
}


def label(table: dict[str, str], value: str | None) -> str:
    return gettext(table[value]) if value in table else (value or "")


FILTERS = {
    "role_label": lambda v: label(ROLES, v),
    "phase_label": lambda v: label(PHASES, v),
    "status_label": lambda v: label(STATUSES, v),
}
