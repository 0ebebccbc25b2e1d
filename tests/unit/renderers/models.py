"""Publication models for the renderer tests and the benchmark: the real Kütahya Rev.1 (Spanish),
with English and French editions made for the test (real translations of a few paragraphs, the
others the Spanish text behind a language marker), and a long synthetic declaration."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from workspace.domain.declaration.declaration_format import parse_declaration
from workspace.domain.declaration.document import Block, Kind
from workspace.domain.publication.publication import PublicationModel, build_edition
from workspace.settings import ROOT

DECLARATION = ROOT / "drafts" / "kutahya-2021" / "declaration" / "02-rev-1.es.md"
DAY = date(2021, 10, 8)
PLACE = "Kütahya"
TITLES = {
    "es": "II Foro Mundial de Ciudades Intermedias de CGLU — Declaración de Kütahya 2021",
    "en": "Second UCLG World Forum of Intermediary Cities — Kütahya Declaration 2021",
    "fr": "IIe Forum mondial des villes intermédiaires de CGLU — Déclaration de Kütahya 2021",
}
TRANSLATED = {
    "en": {
        "hdg_1": "Preamble",
        "hdg_2": "Our commitments",
        "hdg_3": "Our calls",
        "hdg_4": "From Kütahya to the world",
        "op_20": "We express our gratitude to Kütahya and its people for hosting the *Second World Forum "
        "of Intermediary Cities* and for their warm welcome.",
    },
    "fr": {
        "hdg_1": "Préambule",
        "hdg_2": "Nos engagements",
        "hdg_3": "Nos appels",
        "hdg_4": "De Kütahya au monde",
        "op_20": "Nous exprimons notre gratitude à Kütahya et à ses habitantes et habitants pour avoir "
        "accueilli le *IIe Forum mondial des villes intermédiaires* et pour leur accueil chaleureux.",
    },
}


def kutahya_blocks() -> list[Block]:
    _, imported = parse_declaration(DECLARATION.read_text(encoding="utf-8"), DECLARATION.name)
    return [Block(b.eid or "", b.kind, b.text) for b in imported]


def translated(blocks: list[Block], language: str) -> list[Block]:
    known = TRANSLATED.get(language, {})
    return [replace(b, text=known.get(b.eid, f"({language}) {b.text}")) for b in blocks]


def model_of(blocks: list[Block], languages=("es", "en", "fr"), slug="kutahya-2021", **extra) -> PublicationModel:
    editions = tuple(
        build_edition(code, TITLES[code], blocks if code == languages[0] else translated(blocks, code), PLACE, DAY)
        for code in languages
    )
    return PublicationModel(
        slug=slug,
        symbol="UCLG/KUT/2021/DECL",
        version_label="Rev.1",
        published_at=datetime(2021, 10, 8, 14, 30, tzinfo=UTC),
        date=DAY,
        editions=editions,
        **extra,
    )


def kutahya_model(**extra) -> PublicationModel:
    return model_of(kutahya_blocks(), **extra)


def long_blocks(count: int = 300, distinct: bool = False) -> list[Block]:
    """`count` paragraphs like a long declaration's: a heading every 25, 40 preambular, the rest
    operative, each some 60 words with accents, emphasis and now and then a link; `distinct`, each paragraph's
    text its own, as in a real text (else the texts of Kütahya's come round again: what is made once per text,
    a paragraph's parsing or Typst's layout, is made less often)."""
    source = kutahya_blocks()
    texts = [b.text for b in source if b.kind != Kind.HEADING]
    blocks: list[Block] = []
    for i in range(count):
        if i % 25 == 0:
            blocks.append(
                Block(f"hdg_{i // 25 + 1}", Kind.HEADING, f"Sección {i // 25 + 1}: compromisos y llamamientos")
            )
            continue
        base = texts[i % len(texts)]
        text = f"{base} Párrafo {i}, con *énfasis* y [un enlace](https://www.uclg.org/es/{i})." if i % 7 == 0 else base
        if distinct and i % 7:
            text = f"{base} ({i})"
        kind = Kind.PREAMBULAR if i < 40 else Kind.OPERATIVE
        blocks.append(Block(f"{'pre' if kind == Kind.PREAMBULAR else 'op'}_{i + 1}", kind, text))
    return blocks


def long_model(count: int = 300) -> PublicationModel:
    return model_of(long_blocks(count), slug="long-declaration")
