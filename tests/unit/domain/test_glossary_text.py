"""The glossary as typed on its page: read line by line, refusals naming the line, written back the same."""

from __future__ import annotations

import pytest

from workspace.domain.errors import InvalidInput
from workspace.domain.translations.glossary_text import parse_terms, terms_text

TYPED = (
    "Ciudades Intermedias = en: Intermediary Cities; fr: Villes intermédiaires; !en: Middle Cities; !en: Mid Cities\n\n"
    "CGLU = en: UCLG"
)


def test_lines_become_terms_and_come_back_as_typed():
    terms = parse_terms(TYPED)
    assert [t.source for t in terms] == ["Ciudades Intermedias", "CGLU"]
    assert terms[0].translations == {"en": "Intermediary Cities", "fr": "Villes intermédiaires"}
    assert terms[0].forbidden == {"en": ("Middle Cities", "Mid Cities")}
    assert parse_terms(terms_text(terms)) == terms


@pytest.mark.parametrize(
    ("text", "line"), [("Sin signo igual", 1), ("A = en: B\n= en: C", 2), ("A = english: B", 1), ("A = en B", 1)]
)
def test_a_bad_line_is_refused_with_its_number(text, line):
    with pytest.raises(InvalidInput) as caught:
        parse_terms(text)
    assert caught.value.params["line"] == line and caught.value.detail == {"field": "terms"}
