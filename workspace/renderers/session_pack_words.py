"""The words a session pack prints besides the texts, in each of its languages, and how it writes names and times.

Not taken from the interface catalogs on purpose (as publication_words): the pack is a document handed out by the
secretariat, in the terms of the glossary (../shared/GLOSSARY.md), and a pack made again from the same meeting says
the same words after a catalog changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from ..domain.meetings.pack_model import PackModel
from ..i18n import format_date, format_number, format_time, locale_scope

WORDS: dict[str, dict[str, str]] = {
    "es": {
        "pack": "Documentación de la sesión",
        "meeting": "Reunión {n}",
        "plenary": "Sesión plenaria",
        "informal": "Consultas oficiosas",
        "scheduled": "prevista",
        "open": "abierta",
        "suspended": "suspendida",
        "closed": "cerrada",
        "text_read": "Texto examinado: {label}",
        "facilitators": "Facilitación: {names}",
        "as_at": "Situación al {when}",
        "clean": "Texto tal como salió de la sala",
        "tracked": "Texto con control de cambios respecto del texto al abrirse la reunión",
        "tracked_legend": (
            "Cada cambio es una revisión de Word a nombre de la delegación cuyas palabras son; "
            "las traducciones automáticas se indican como tales."
        ),
        "machine_note": "Traducción automática (borrador), no aprobada",
        "machine_author": "traducción automática",
        "secretariat": "Secretaría",
        "status": "Estado de los párrafos",
        "lights": "Luces",
        "white": "blanco (aún no examinado)",
        "green": "verde (sin objeciones)",
        "yellow": "amarillo (se piden cambios)",
        "red": "rojo (no puede aceptarse)",
        "light": "Luz",
        "due_at": "a más tardar el {when}",
        "waiting_on": "pendiente de: {names}",
        "cannot_accept": "no pueden aceptarlo: {names}",
        "note": "Nota: {note}",
        "not_read": "Párrafos no examinados: {n}",
        "greens": "Al cerrarse la reunión, los párrafos en verde quedaron: {level}",
        "agreed": "acordados",
        "agreed_ad_ref": "acordados ad ref.",
        "agreed_informals": "acordados en consultas oficiosas",
        "none": "sin cambio de estado",
        "brackets": "Texto entre corchetes",
        "options": "opciones: {options}",
        "held_by": "mantenido por {who}",
        "no_one": "sin delegación indicada",
        "bracket_open": "abierto",
        "bracket_agreed": "acordado",
        "bracket_dropped": "suprimido",
        "slot": "Texto alternativo {n}, a más tardar el {when}, solicitado a {who}",
        "everyone": "todas las delegaciones",
        "no_answer": "Ningún texto recibido.",
        "positions": "Posiciones expresadas",
        "supports": "apoya",
        "can_live_with": "puede aceptarlo",
        "reservation": "reserva",
        "objects": "se opone",
        "votes": "Votaciones",
        "vote_on": "Objeto",
        "recorded": "Votación registrada",
        "yes": "A favor",
        "no": "En contra",
        "abstain": "Abstención",
        "result": "Resultado",
        "carried": "aprobada",
        "not_carried": "rechazada",
        "vote_open": "abierta",
        "roll_call": "Voto de cada delegación en la votación {n}",
        "read": "Párrafos examinados",
        "floor": "Registro de las intervenciones",
        "number": "Nº",
        "delegation": "Delegación",
        "delegation_code": "Código",
        "intent": "Intención",
        "paragraph": "Párrafo",
        "turn_state": "Estado",
        "asked_at": "Pidió la palabra",
        "started_at": "Inicio",
        "ended_at": "Fin",
        "minutes": "Minutos de intervención",
        "support": "apoyo",
        "object": "objeción",
        "propose": "propuesta",
        "question": "pregunta",
        "reply": "derecho de respuesta",
        "point_of_order": "cuestión de orden",
        "waiting": "en espera",
        "speaking": "hace uso de la palabra",
        "spoke": "intervino",
        "withdrawn": "retirada",
        "removed": "eliminada",
        "affirmative": "sí",
        "negative": "no",
        "page": "Página {page} de {pages}",
        "files": "Archivos",
        "clean_docx": "el texto tal como salió de la sala (Word)",
        "clean_pdf": "el texto tal como salió de la sala (PDF)",
        "tracked_docx": "el texto con control de cambios, atribuidos a las delegaciones (Word)",
        "status_docx": "el estado de los párrafos, las votaciones y el registro de las intervenciones (Word)",
        "floor_csv": "el registro de las intervenciones (CSV, UTF-8)",
        "readme": "esta lista",
    },
    "en": {
        "pack": "Session pack",
        "meeting": "Meeting {n}",
        "plenary": "Plenary",
        "informal": "Informal consultations",
        "scheduled": "scheduled",
        "open": "open",
        "suspended": "suspended",
        "closed": "closed",
        "text_read": "Text read: {label}",
        "facilitators": "Facilitators: {names}",
        "as_at": "As at {when}",
        "clean": "The text as it left the room",
        "tracked": "The text with tracked changes against the text as the meeting opened",
        "tracked_legend": (
            "Each change is a tracked change in Word under the delegation whose words it is; "
            "machine drafts are marked as such."
        ),
        "machine_note": "Machine draft, not approved",
        "machine_author": "machine draft",
        "secretariat": "Secretariat",
        "status": "Status of the paragraphs",
        "lights": "Lights",
        "white": "white (not yet read)",
        "green": "green (no objection)",
        "yellow": "yellow (changes sought)",
        "red": "red (cannot accept)",
        "light": "Light",
        "due_at": "due {when}",
        "waiting_on": "waiting on: {names}",
        "cannot_accept": "cannot accept: {names}",
        "note": "Note: {note}",
        "not_read": "Paragraphs not read: {n}",
        "greens": "On closing the meeting, the paragraphs in green became: {level}",
        "agreed": "agreed",
        "agreed_ad_ref": "agreed ad ref.",
        "agreed_informals": "agreed in informal consultations",
        "none": "no change of status",
        "brackets": "Bracketed text",
        "options": "options: {options}",
        "held_by": "held by {who}",
        "no_one": "no delegation named",
        "bracket_open": "open",
        "bracket_agreed": "agreed",
        "bracket_dropped": "dropped",
        "slot": "Alternative text {n}, due {when}, asked of {who}",
        "everyone": "all delegations",
        "no_answer": "No text received.",
        "positions": "Positions stated",
        "supports": "supports",
        "can_live_with": "can live with it",
        "reservation": "reservation",
        "objects": "objects",
        "votes": "Votes",
        "vote_on": "On",
        "recorded": "Recorded vote",
        "yes": "For",
        "no": "Against",
        "abstain": "Abstaining",
        "result": "Result",
        "carried": "carried",
        "not_carried": "not carried",
        "vote_open": "open",
        "roll_call": "Each delegation’s vote in vote {n}",
        "read": "Paragraphs read",
        "floor": "Record of the floor",
        "number": "No.",
        "delegation": "Delegation",
        "delegation_code": "Code",
        "intent": "Intent",
        "paragraph": "Paragraph",
        "turn_state": "State",
        "asked_at": "Asked for the floor",
        "started_at": "Started",
        "ended_at": "Ended",
        "minutes": "Minutes spoken",
        "support": "support",
        "object": "objection",
        "propose": "proposal",
        "question": "question",
        "reply": "right of reply",
        "point_of_order": "point of order",
        "waiting": "waiting",
        "speaking": "has the floor",
        "spoke": "spoke",
        "withdrawn": "withdrawn",
        "removed": "removed",
        "affirmative": "yes",
        "negative": "no",
        "page": "Page {page} of {pages}",
        "files": "Files",
        "clean_docx": "the text as it left the room (Word)",
        "clean_pdf": "the text as it left the room (PDF)",
        "tracked_docx": "the text with tracked changes, attributed to the delegations (Word)",
        "status_docx": "the status of the paragraphs, the votes and the record of the floor (Word)",
        "floor_csv": "the record of the floor (CSV, UTF-8)",
        "readme": "this list",
    },
    "fr": {
        "pack": "Dossier de séance",
        "meeting": "Réunion {n}",
        "plenary": "Séance plénière",
        "informal": "Consultations officieuses",
        "scheduled": "prévue",
        "open": "ouverte",
        "suspended": "suspendue",
        "closed": "close",
        "text_read": "Texte examiné\u00a0: {label}",
        "facilitators": "Facilitation\u00a0: {names}",
        "as_at": "Situation au {when}",
        "clean": "Le texte tel qu’il est sorti de la salle",
        "tracked": "Le texte avec suivi des modifications par rapport au texte à l’ouverture de la réunion",
        "tracked_legend": (
            "Chaque modification est une révision Word au nom de la délégation dont ce sont les mots\u202f; "
            "les prétraductions automatiques sont signalées comme telles."
        ),
        "machine_note": "Prétraduction automatique, non approuvée",
        "machine_author": "prétraduction automatique",
        "secretariat": "Secrétariat",
        "status": "Statut des paragraphes",
        "lights": "Feux",
        "white": "blanc (pas encore examiné)",
        "green": "vert (pas d’objection)",
        "yellow": "jaune (modifications demandées)",
        "red": "rouge (ne peut être accepté)",
        "light": "Feu",
        "due_at": "au plus tard le {when}",
        "waiting_on": "en attente de\u00a0: {names}",
        "cannot_accept": "ne peuvent l’accepter\u00a0: {names}",
        "note": "Note\u00a0: {note}",
        "not_read": "Paragraphes non examinés\u00a0: {n}",
        "greens": "À la clôture de la réunion, les paragraphes en vert sont devenus\u00a0: {level}",
        "agreed": "convenus",
        "agreed_ad_ref": "convenus ad ref.",
        "agreed_informals": "convenus en consultations officieuses",
        "none": "sans changement de statut",
        "brackets": "Texte entre crochets",
        "options": "options\u00a0: {options}",
        "held_by": "maintenu par {who}",
        "no_one": "aucune délégation indiquée",
        "bracket_open": "ouvert",
        "bracket_agreed": "convenu",
        "bracket_dropped": "supprimé",
        "slot": "Texte de remplacement {n}, au plus tard le {when}, demandé à {who}",
        "everyone": "toutes les délégations",
        "no_answer": "Aucun texte reçu.",
        "positions": "Positions exprimées",
        "supports": "appuie",
        "can_live_with": "peut l’accepter",
        "reservation": "réserve",
        "objects": "s’y oppose",
        "votes": "Votes",
        "vote_on": "Objet",
        "recorded": "Vote enregistré",
        "yes": "Pour",
        "no": "Contre",
        "abstain": "Abstention",
        "result": "Résultat",
        "carried": "adopté",
        "not_carried": "rejeté",
        "vote_open": "ouvert",
        "roll_call": "Vote de chaque délégation au vote {n}",
        "read": "Paragraphes examinés",
        "floor": "Relevé des interventions",
        "number": "No",
        "delegation": "Délégation",
        "delegation_code": "Code",
        "intent": "Objet de la demande",
        "paragraph": "Paragraphe",
        "turn_state": "Statut",
        "asked_at": "Demande de parole",
        "started_at": "Début",
        "ended_at": "Fin",
        "minutes": "Minutes de parole",
        "support": "appui",
        "object": "objection",
        "propose": "proposition",
        "question": "question",
        "reply": "droit de réponse",
        "point_of_order": "motion d’ordre",
        "waiting": "en attente",
        "speaking": "a la parole",
        "spoke": "est intervenue",
        "withdrawn": "retirée",
        "removed": "supprimée",
        "affirmative": "oui",
        "negative": "non",
        "page": "Page {page} sur {pages}",
        "files": "Fichiers",
        "clean_docx": "le texte tel qu’il est sorti de la salle (Word)",
        "clean_pdf": "le texte tel qu’il est sorti de la salle (PDF)",
        "tracked_docx": "le texte avec suivi des modifications, attribuées aux délégations (Word)",
        "status_docx": "le statut des paragraphes, les votes et le relevé des interventions (Word)",
        "floor_csv": "le relevé des interventions (CSV, UTF-8)",
        "readme": "cette liste",
    },
}


def word(language: str, key: str, **params: object) -> str:
    """A word of the pack in `language` (English when the language has no table); an unknown key (a state the pack
    does not know yet) is printed as it is."""
    text = WORDS.get(language, WORDS["en"]).get(key, key)
    return text.format(**params) if params else text


def when(language: str, moment: datetime, timezone: str) -> str:
    """A moment on the room's clock, as `language` writes it: "29 de noviembre de 2026, 15:00"."""
    with locale_scope(language):
        return f"{format_date(moment, timezone)}, {format_time(moment, timezone)}"


def delegation(model: PackModel, code: str) -> str:
    """A delegation as the pack names it: "BRA (Brasil)", or its code alone where the pack has no name for it."""
    name = model.delegations.get(code, "")
    return f"{code} ({name})" if name and name != code else code


def delegations(model: PackModel, codes: Iterable[str]) -> str:
    return ", ".join(delegation(model, code) for code in codes)


def meeting_line(model: PackModel, language: str) -> str:
    """ "Reunión 3 · Sesión plenaria · Lectura del preámbulo · cerrada"."""
    title = model.meeting_title.get(language) or model.meeting_title.get(model.source_language, "")
    parts = (word(language, "meeting", n=model.meeting_number), word(language, model.kind), title)
    return " · ".join(p for p in (*parts, word(language, model.state)) if p)


def process_title(model: PackModel, language: str) -> str:
    return model.process_title.get(language) or model.process_title.get(model.source_language, model.slug)


def front_lines(model: PackModel, language: str) -> list[str]:
    """The lines under a document's title: the meeting, the text read, its facilitators, the time the pack stands at."""
    lines = [meeting_line(model, language)]
    label = model.version_label.get(language) or model.version_label.get(model.source_language, "")
    if label:
        lines.append(word(language, "text_read", label=label))
    if model.facilitators:
        lines.append(word(language, "facilitators", names=", ".join(model.facilitators)))
    lines.append(word(language, "as_at", when=when(language, model.made_at, model.timezone)))
    return lines


def clock(model: PackModel, language: str) -> tuple[str, Callable[[datetime | None], str]]:
    """How the record of the floor writes its times: the day (of the room's clock) when the whole record is on one, and
    each time alone; else no day, and each time with its own. "" for a time that never came."""
    zone = model.timezone
    with locale_scope(language):
        days = {format_date(t.asked_at, zone) for t in model.floor}
    day = days.pop() if len(days) == 1 else ""

    def say(moment: datetime | None) -> str:
        if moment is None:
            return ""
        with locale_scope(language):
            time = format_time(moment, zone)
            return time if day else f"{format_date(moment, zone, 'short')} {time}"

    return day, say


def quoted(language: str, text: str) -> str:
    """A quotation as each language writes it: «…» (with no-break spaces inside in French), “…” in English."""
    if language == "en":
        return f"“{text}”"
    return f"«\u00a0{text}\u00a0»" if language == "fr" else f"«{text}»"


def colon(language: str, text: str) -> str:
    """A label before what it introduces: "Note:", in French "Note\u00a0:"."""
    return f"{text}\u00a0:" if language == "fr" else f"{text}:"


def listed(language: str, items: Iterable[str]) -> str:
    """Items after one another, apart by semicolons (in French with a narrow no-break space before each)."""
    return ("\u202f; " if language == "fr" else "; ").join(items)


def decimal(language: str, value: float) -> str:
    """A number to a tenth as `language` writes it: "1.5", "1,5"."""
    with locale_scope(language):
        return format_number(round(value, 1))
