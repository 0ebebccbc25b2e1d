"""Session packs' models built by hand: a short reading in three languages (`reading`), and a long one (`long_reading`)
for the benchmark."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from workspace.domain.meetings.pack_model import (
    PackBracket,
    PackEdit,
    PackModel,
    PackParagraph,
    PackPosition,
    PackSlot,
    PackTurn,
    PackVote,
)

OPENED = datetime(2026, 11, 29, 13, 0, tzinfo=UTC)
LANGS = ("es", "en", "fr")

CAME_IN = "Las ciudades intermedias deben promover la vivienda asequible."
BY_BRA = "Las ciudades intermedias [deberán][deberían] promover la vivienda asequible."
BY_DKR = "Las ciudades intermedias [deberán][deberían] promover la vivienda asequible y digna para todas las personas."
EN_CAME_IN = "Intermediary cities must promote affordable housing."
EN_LEFT = "Intermediary cities [shall][should] promote affordable and decent housing for all."
FR_CAME_IN = "Les villes intermédiaires doivent promouvoir le logement abordable."
FR_LEFT = (
    "Les villes intermédiaires [devront][devraient] promouvoir un logement abordable et digne pour toutes et tous."
)

DELEGATIONS = {"BRA": "Brasil", "DKR": "Dakar", "KUT": "Kütahya", "FRA": "Francia"}


def _same(es: str, en: str, fr: str) -> dict[str, str]:
    return {"es": es, "en": en, "fr": fr}


def _ref(n: int, preamble: bool = False) -> dict[str, str]:
    return {
        "es": f"{'PP' if preamble else 'PD'} {n}",
        "en": f"{'PP' if preamble else 'OP'} {n}",
        "fr": f"{'AP' if preamble else 'PD'} {n}",
    }


def paragraphs() -> tuple[PackParagraph, ...]:
    heading = _same("Nuestros compromisos", "Our commitments", "Nos engagements")
    pp1 = _same(
        "Reconociendo el papel de las ciudades intermedias,",
        "Recognizing the role of intermediary cities,",
        "Reconnaissant le rôle des villes intermédiaires,",
    )
    op2 = _same(
        "Fortalecer la cooperación descentralizada.",
        "Strengthen decentralized cooperation.",
        "Renforcer la coopération décentralisée.",
    )
    op3 = _same("Crear un fondo regional.", "Create a regional fund.", "Créer un fonds régional.")
    return (
        PackParagraph("pp_1", _ref(1, True), False, pp1, pp1, dict.fromkeys(LANGS, False), True, "green"),
        PackParagraph(
            "h_1", dict.fromkeys(LANGS, ""), True, heading, heading, dict.fromkeys(LANGS, False), False, "white"
        ),
        PackParagraph(
            "op_1",
            _ref(1),
            False,
            _same(CAME_IN, EN_CAME_IN, FR_CAME_IN),
            _same(BY_DKR, EN_LEFT, FR_LEFT),
            {"es": False, "en": True, "fr": True},
            True,
            "yellow",
            light_due_at=OPENED + timedelta(hours=2),
            light_delegations=("BRA", "DKR"),
            light_note="Se espera un texto de transacción.",
            edits=(
                PackEdit("BRA", CAME_IN, BY_BRA, OPENED + timedelta(minutes=10)),
                PackEdit("DKR", BY_BRA, BY_DKR, OPENED + timedelta(minutes=20)),
            ),
            brackets=(PackBracket("[deberán][deberían]", ("deberán", "deberían"), "BRA", "open"),),
            positions=(
                PackPosition("KUT", "supports", ""),
                PackPosition("FRA", "reservation", "Consultará a su capital."),
            ),
            slots=(
                PackSlot(
                    1,
                    OPENED + timedelta(hours=1),
                    ("FRA", "DKR"),
                    (("FRA", "fr", "Les villes intermédiaires s’engagent à promouvoir un logement digne."),),
                ),
            ),
        ),
        PackParagraph(
            "op_2",
            _ref(2),
            False,
            op2,
            op2,
            dict.fromkeys(LANGS, False),
            True,
            "red",
            light_delegations=("FRA",),
        ),
        PackParagraph("op_3", _ref(3), False, op3, op3, dict.fromkeys(LANGS, False), False, "white"),
    )


def floor() -> tuple[PackTurn, ...]:
    at = OPENED + timedelta(minutes=5)
    return (
        PackTurn(
            1, "BRA", "Brasil", "propose", _ref(1), "spoke", at, at + timedelta(minutes=1), at + timedelta(minutes=4)
        ),
        PackTurn(
            2,
            "FRA",
            "Francia",
            "point_of_order",
            {},
            "spoke",
            at + timedelta(minutes=2),
            at + timedelta(minutes=4),
            at + timedelta(minutes=5, seconds=30),
        ),
        PackTurn(
            3,
            "DKR",
            "Dakar",
            "support",
            _ref(1),
            "spoke",
            at + timedelta(minutes=3),
            at + timedelta(minutes=6),
            at + timedelta(minutes=8),
        ),
        PackTurn(4, "KUT", "Kütahya", "object", _ref(2), "withdrawn", at + timedelta(minutes=9)),
    )


def reading(**changes: object) -> PackModel:
    """A plenary's reading of five paragraphs in three languages: two edits by BRA and DKR on OP 1, a bracket, a yellow
    and a red light, a slot answered in French, a recorded vote, four requests for the floor."""
    fields: dict[str, object] = {
        "slug": "forum-2026",
        "process_title": _same(
            "Declaración de las ciudades intermedias",
            "Declaration of intermediary cities",
            "Déclaration des villes intermédiaires",
        ),
        "meeting_number": 3,
        "meeting_title": _same("Primera lectura", "First reading", "Première lecture"),
        "kind": "plenary",
        "state": "closed",
        "version_label": _same("borrador de trabajo", "working draft", "projet de travail"),
        "source_language": "es",
        "languages": LANGS,
        "starts_at": OPENED,
        "made_at": OPENED + timedelta(hours=3),
        "delegations": DELEGATIONS,
        "facilitators": ("Ana Pérez",),
        "paragraphs": paragraphs(),
        "floor": floor(),
        "votes": (
            PackVote(
                1,
                _ref(2),
                True,
                "closed",
                yes=2,
                no=1,
                abstain=1,
                carried=True,
                roll_call=(("BRA", "yes"), ("DKR", "yes"), ("FRA", "no"), ("KUT", "abstain")),
            ),
        ),
        "greens": "agreed",
        "timezone": "Europe/Madrid",
    }
    fields.update(changes)
    return PackModel(**fields)  # type: ignore[arg-type]


def long_reading(n: int) -> PackModel:
    """A reading of `n` paragraphs in three languages, each edited twice by two delegations, a light on each, a turn of
    the floor on each: the size the issue asks a pack to be made at in under 60 s."""
    made: list[PackParagraph] = []
    turns: list[PackTurn] = []
    for i in range(1, n + 1):
        first = f"{CAME_IN[:-1]} en el ámbito {i}."
        second = f"{BY_BRA[:-1]} en el ámbito {i}."
        third = f"{BY_DKR[:-1]} en el ámbito {i}."
        at = OPENED + timedelta(seconds=30 * i)
        made.append(
            PackParagraph(
                f"op_{i}",
                _ref(i),
                False,
                _same(first, f"{EN_CAME_IN[:-1]} in area {i}.", f"{FR_CAME_IN[:-1]} dans le domaine {i}."),
                _same(third, f"{EN_LEFT[:-1]} in area {i}.", f"{FR_LEFT[:-1]} dans le domaine {i}."),
                {"es": False, "en": True, "fr": True},
                True,
                ("green", "yellow", "red")[i % 3],
                edits=(PackEdit("BRA", first, second, at), PackEdit("DKR", second, third, at + timedelta(seconds=10))),
                brackets=(PackBracket("[deberán][deberían]", ("deberán", "deberían"), "BRA", "open"),),
            )
        )
        turns.append(PackTurn(i, "BRA", "Brasil", "propose", _ref(i), "spoke", at, at, at + timedelta(seconds=20)))
    return reading(paragraphs=tuple(made), floor=tuple(turns), made_at=OPENED + timedelta(hours=5))
