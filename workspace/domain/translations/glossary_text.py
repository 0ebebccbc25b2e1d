"""The glossary as a committee types it, one term per line:
`Ciudades Intermedias = en: Intermediary Cities; fr: Villes intermédiaires; !en: Middle Cities`
(`!en:` a term not to use). Read and written back the same way."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import N_, InvalidInput
from .translation_checks import GlossaryTerm


def parse_terms(text: str) -> list[GlossaryTerm]:
    terms = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        source, sep, rest = line.partition("=")
        if not sep or not source.strip():
            raise InvalidInput(
                N_("Line {line}: write the term, “=”, then its translations."), line=n, detail={"field": "terms"}
            )
        required: dict[str, str] = {}
        forbidden: dict[str, tuple[str, ...]] = {}
        for part in rest.split(";"):
            if not part.strip():
                continue
            code, colon, term = part.partition(":")
            code = code.strip().lower()
            if not colon or not term.strip() or len(code.lstrip("!")) != 2:
                raise InvalidInput(
                    N_("Line {line}: each translation is written “en: term” (or “!en: term” for a term not to use)."),
                    line=n,
                    detail={"field": "terms"},
                )
            if code.startswith("!"):
                forbidden[code[1:]] = (*forbidden.get(code[1:], ()), term.strip())
            else:
                required[code] = term.strip()
        terms.append(GlossaryTerm(source.strip(), required, forbidden))
    return terms


def terms_text(terms: Sequence[GlossaryTerm]) -> str:
    return "\n".join(
        f"{t.source} = "
        + "; ".join(
            [f"{k}: {v}" for k, v in t.translations.items()]
            + [f"!{k}: {w}" for k, words in t.forbidden.items() for w in words]
        )
        for t in terms
    )
