"""How a meeting's closed sets read in the room (the glossary's words: lights, the floor's intents, states), and a
paragraph's text with its brackets marked by the delegation that introduced each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from ...domain.brackets.brackets import read_brackets
from ...domain.errors import N_
from ...domain.labels import C_
from ...i18n import gettext

KINDS = {"plenary": C_("meeting", "Plenary"), "informal": C_("meeting", "Informal consultations")}
STATES = {
    "scheduled": C_("meeting", "Scheduled"),
    "open": C_("meeting", "Open"),
    "suspended": C_("meeting", "Suspended"),
    "closed": C_("meeting", "Closed"),
}
LIGHTS = {
    "white": C_("light", "White"),
    "green": C_("light", "Green"),
    "yellow": C_("light", "Yellow"),
    "red": C_("light", "Red"),
}
LIGHT_MEANINGS = {
    "white": N_("not yet read"),
    "green": N_("no objection"),
    "yellow": N_("changes sought"),
    "red": N_("cannot accept"),
}
LIGHT_KEYS = {"white": "w", "green": "g", "yellow": "y", "red": "r"}
INTENTS = {
    "support": N_("Support"),
    "object": N_("Object"),
    "propose": N_("Propose words"),
    "question": N_("Question"),
    "reply": N_("Right of reply"),
    "point_of_order": N_("Point of order"),
}
GREENS = {
    "agreed": N_("Agreed (plenary)"),
    "agreed_ad_ref": N_("Agreed ad ref."),
    "agreed_informals": N_("Agreed in informals"),
    "none": N_("Nothing recorded"),
}
VOTE_STATES = {"open": N_("Voting is open"), "closed": N_("Voting is closed")}
BALLOTS = {"yes": C_("ballot", "Yes"), "no": C_("ballot", "No"), "abstain": C_("ballot", "Abstain")}


def said(table: Mapping[str, str], value: str | None) -> str:
    """`value`'s words in the page's language (the value itself when the table lacks it)."""
    return gettext(table[value]) if value is not None and value in table else str(value or "")


def marked(text: str, holders: Sequence[str | None]) -> Markup:
    """`text` with each top-level bracket marked, and named by the delegation that introduced it (`holders`, in the
    order the source text's brackets come: a machine draft keeps the order of its brackets)."""
    found = [b for b in read_brackets(text).brackets if b.parent is None]
    out, at = [], 0
    for k, bracket in enumerate(found):
        out.append(escape(text[at : bracket.start]))
        who = holders[k] if k < len(holders) else None
        by = Markup('<span class="by">{}</span>').format(who) if who else Markup("")
        out.append(Markup('<mark class="bracket">{}{}</mark>').format(bracket.span(text), by))
        at = bracket.end
    out.append(escape(text[at:]))
    return Markup("").join(out)


WORDS = {
    "kinds": KINDS,
    "states": STATES,
    "lights": LIGHTS,
    "light_meanings": LIGHT_MEANINGS,
    "light_keys": LIGHT_KEYS,
    "intents": INTENTS,
    "greens": GREENS,
    "ballots": BALLOTS,
    "vote_states": VOTE_STATES,
}
"""What the meeting's templates read by name (`words.lights`), with `said` and `marked`."""
