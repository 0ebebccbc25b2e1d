"""The quality checks beside a translation (pure, no database)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.translations.translation_checks import (
    Finding,
    Glossary,
    GlossaryTerm,
    Severity,
    check_glossary,
    check_translation,
)
from workspace.domain.words import words

NNBSP, NBSP = "\u202f", "\u00a0"
CITIES = GlossaryTerm(
    "Ciudades Intermedias",
    {"en": "Intermediary Cities", "fr": "Villes intermédiaires"},
    {"en": ("Intermediate Cities", "secondary cities"), "fr": ("villes moyennes",)},
)


def checks(findings: list[Finding]) -> list[str]:
    return [f.check for f in findings]


def of(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


# Numbers and dates


@pytest.mark.parametrize(
    ("source", "target", "target_lang"),
    [
        ("1.234 ciudades", "1,234 cities", "en"),
        ("1.234 ciudades", f"1{NNBSP}234 villes", "fr"),
        ("1.234 ciudades", "1 234 villes", "fr"),
        ("1.234 ciudades", f"1{NBSP}234 villes", "fr"),
        ("en 2030", "by 2030", "en"),
        ("3,5 millones", "3.5 million", "en"),
        ("3,5 millones", "3,5 millions", "fr"),
        ("el 45 % de", "45% of", "en"),
        ("el 45 % de", f"45{NNBSP}% des", "fr"),
        ("1.234.567,25 euros", "1,234,567.25 euros", "en"),
        ("el 8 de octubre de 2021", "on 8 October 2021", "en"),
        ("el 8 de octubre de 2021", "on October 8, 2021", "en"),
        ("el 8 de octubre de 2021", "le 8 octobre 2021", "fr"),
        ("el 8 de octubre de 2021", "on 2021-10-08", "en"),
        ("el 08/10/2021", "le 8 octobre 2021", "fr"),
        ("en mayo de 2020", "in May 2020", "en"),
    ],
)
def test_numbers_and_dates_compare_by_value(source: str, target: str, target_lang: str) -> None:
    assert of(check_translation(source, target, "es", target_lang), "numbers") == []


@pytest.mark.parametrize(
    ("source", "target", "target_lang", "missing"),
    [
        ("en 2030", "by 2031", "en", "2030"),
        ("1.234 ciudades", "1.234 cities", "en", "1.234"),  # in English that is one point two three four
        ("3,5 millones", "35 million", "en", "3,5"),
        ("el 45 % de", "54% of", "en", "45 %"),
        ("17 objetivos y 169 metas", "17 goals and 196 targets", "en", "169"),
    ],
)
def test_a_number_missing_is_an_error_naming_it(source: str, target: str, target_lang: str, missing: str) -> None:
    found = of(check_translation(source, target, "es", target_lang), "numbers")
    assert found == [
        Finding(
            "numbers",
            Severity.ERROR,
            "The number {number} of the source is not in the translation.",
            {"number": missing},
        )
    ]


def test_a_date_missing_is_an_error_naming_it() -> None:
    found = of(check_translation("el 8 de octubre de 2021", "on 8 November 2021", "es", "en"), "numbers")
    assert [(f.message, f.params) for f in found] == [
        ("The date {date} of the source is not in the translation.", {"date": "8 de octubre de 2021"})
    ]


def test_english_may_the_verb_is_no_month() -> None:
    assert of(check_translation("Cities may act.", "Las ciudades pueden actuar.", "en", "es"), "numbers") == []


def test_link_addresses_are_not_compared() -> None:
    source = "Ver el [informe](https://uclg.org/es/2021/informe)."
    target = "See the [report](https://uclg.org/en/report)."
    assert of(check_translation(source, target, "es", "en"), "numbers") == []


@settings(max_examples=examples(150), deadline=None)
@given(
    st.integers(0, 10**9), st.integers(0, 99), st.sampled_from(["es", "en", "fr"]), st.sampled_from(["es", "en", "fr"])
)
def test_any_number_formatted_by_babel_in_each_language_matches(whole: int, cents: int, a: str, b: str) -> None:
    from babel.numbers import format_decimal

    value = f"{whole}.{cents:02d}"
    source, target = (
        f"Hay {format_decimal(value, locale=a)} casos.",
        f"There are {format_decimal(value, locale=b)} cases.",
    )
    assert of(check_translation(source, target, a, b), "numbers") == []


# Markdown structure


def test_markdown_structure_counts_each_element() -> None:
    source = "Las [ciudades](https://a.org) *intermedias* y **locales** usan `código`:\n\n- uno\n- dos"
    same = "The [cities](https://a.org) *intermediary* and **local** use `code`:\n\n- one\n- two"
    assert of(check_translation(source, same, "es", "en"), "markdown") == []
    lost = "The cities *intermediary* and local use code:\n\n- one two"
    found = of(check_translation(source, lost, "es", "en"), "markdown")
    assert [
        (
            f.message.removeprefix("The source and the translation do not have the same number of ").split(" (")[0],
            f.params,
        )
        for f in found
    ] == [
        ("links", {"source": "1", "target": "0"}),
        ("passages in bold", {"source": "1", "target": "0"}),
        ("pieces of code", {"source": "1", "target": "0"}),
        ("list items", {"source": "2", "target": "1"}),
    ]
    assert {f.severity for f in found} == {Severity.ERROR}


def test_markdown_characters_in_plain_text_are_not_structure() -> None:
    assert of(check_translation("a < b & c", "a < b & c y d", "es", "en"), "markdown") == []


# Identical, spaces, empty


def test_identical_is_a_warning_but_not_for_a_number_or_code() -> None:
    assert of(check_translation("Ciudades", "Ciudades", "es", "en"), "identical")[0].severity == Severity.WARNING
    assert of(check_translation("2030", "2030", "es", "en"), "identical") == []


def test_spaces() -> None:
    found = of(check_translation("Las ciudades.", " The  cities. ", "es", "en"), "spaces")
    assert [f.message for f in found] == [
        "The translation has a double space: “{context}”.",
        "The translation starts with a space.",
        "The translation ends with a space.",
    ]
    assert found[0].params == {"context": "The  cities."}
    assert all(f.severity == Severity.WARNING for f in found)


def test_spaces_the_source_has_too_and_markdown_line_breaks_are_fine() -> None:
    assert of(check_translation("Las  ciudades", "The  cities", "es", "en"), "spaces") == []
    assert of(check_translation("Uno\ndos", "One  \ntwo", "es", "en"), "spaces") == []


@pytest.mark.parametrize("target", ["", "   ", "\n"])
def test_an_empty_target_is_one_error(target: str) -> None:
    assert check_translation("Ciudades intermedias en 2030.", target, "es", "en") == [
        Finding("empty", Severity.ERROR, "The translation is empty.", {})
    ]


# French typography


def test_french_typography_wants_a_no_break_space_before_high_marks_and_inside_guillemets() -> None:
    good = f"Objectif{NNBSP}: agir{NNBSP}; pourquoi{NNBSP}? «{NNBSP}Villes{NBSP}» maintenant{NNBSP}!"
    assert of(check_translation("x", good, "es", "fr"), "french_typography") == []
    bad = "Objectif : agir; pourquoi ? «Villes » maintenant !"
    found = of(check_translation("x", bad, "es", "fr"), "french_typography")
    assert [f.params["mark"] for f in found] == [":", ";", "?", "!", "«", "»"]
    assert all(f.severity == Severity.WARNING for f in found)
    assert found[0].message == "French typography: put a narrow no-break space before “{mark}” in “{context}”."


def test_french_typography_leaves_times_links_code_and_other_languages_alone() -> None:
    target = f"À 10:30, voir [ceci](https://uclg.org/a?b=c) et `x: y`{NNBSP}!?"
    assert of(check_translation("x", target, "es", "fr"), "french_typography") == []
    assert of(check_translation("x", "Goal: act!", "es", "en"), "french_typography") == []


# Glossary


def test_glossary_requires_the_term_translation_where_the_source_uses_the_term() -> None:
    source = "Foro Mundial de **Ciudades intermedias**."
    assert of(check_translation(source, "World Forum of Intermediary Cities.", "es", "en", [CITIES]), "glossary") == []
    found = of(check_translation(source, "World Forum of Middle Cities.", "es", "en", [CITIES]), "glossary")
    assert [(f.severity, f.params) for f in found] == [
        (Severity.ERROR, {"term": "Ciudades Intermedias", "translation": "Intermediary Cities"})
    ]
    assert of(check_translation("Foro Mundial.", "World Forum.", "es", "en", [CITIES]), "glossary") == []


def test_glossary_matches_whole_words_case_insensitively_with_accents() -> None:
    nfd = unicodedata.normalize("NFD", "Villes intermédiaires")
    assert of(check_translation("Ciudades Intermedias", f"Les {nfd.upper()}.", "es", "fr", [CITIES]), "glossary") == []
    assert of(check_translation("Ciudades Intermedias", "Les villes intermediaires.", "es", "fr", [CITIES]), "glossary")
    assert of(check_translation("Subciudades intermedias", "x", "es", "fr", [CITIES]), "glossary") == []


def test_glossary_forbidden_terms() -> None:
    found = of(
        check_translation(
            "Ciudades Intermedias", "Intermediary Cities, not intermediate cities.", "es", "en", [CITIES]
        ),
        "glossary_forbidden",
    )
    assert [(f.severity, f.params["forbidden"]) for f in found] == [(Severity.ERROR, "Intermediate Cities")]
    assert found[0].message == "The glossary forbids “{forbidden}”: use “{translation}”."


def _scanned(source: str, target: str, lang: str, terms: list[GlossaryTerm]) -> list[Finding]:
    """The glossary check as written before its index: each term looked for in each text, in order."""

    def contains(text: str, phrase: str) -> bool:
        have, wanted = words(text), words(phrase)
        return bool(wanted) and any(have[i : i + len(wanted)] == wanted for i in range(len(have) - len(wanted) + 1))

    found = []
    for t in terms:
        required = t.translations.get(lang)
        if required and contains(source, t.source) and not contains(target, required):
            found.append(("glossary", t.source, required))
        for forbidden in dict.fromkeys(t.forbidden.get(lang, ())):
            if contains(target, forbidden):
                found.append(("glossary_forbidden", t.source, forbidden))
    return found


_VOCABULARY = ["ciudad", "Ciudades", "intermedias", "villes", "Cities", "de", "la", "Foro", "mundial", "é", "e\u0301"]
_PHRASE = st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=3).map(" ".join)


@settings(max_examples=examples(60), deadline=None)
@given(
    sources=st.lists(_PHRASE, min_size=1, max_size=12, unique_by=lambda s: s.lower()),
    required=st.lists(_PHRASE, min_size=12, max_size=12),
    forbidden=st.lists(st.lists(_PHRASE, max_size=2), min_size=12, max_size=12),
    source=st.lists(st.sampled_from(_VOCABULARY), max_size=30).map(" ".join),
    target=st.lists(st.sampled_from(_VOCABULARY), max_size=30).map(" ".join),
)
def test_the_glossary_index_finds_what_a_scan_of_every_term_finds(sources, required, forbidden, source, target) -> None:
    terms = [
        GlossaryTerm(s, {"en": required[n]} if n % 3 else {}, {"en": tuple(forbidden[n])})
        for n, s in enumerate(sources)
    ]
    found = check_glossary(source, target, "en", Glossary(terms))
    assert [
        (f.check, f.params["term"], f.params.get("forbidden", f.params.get("translation"))) for f in found
    ] == _scanned(source, target, "en", terms)
    assert check_glossary(source, target, "en", terms) == found  # a plain list is indexed on the way


def test_a_good_translation_has_no_findings() -> None:
    source = "El **Foro Mundial de Ciudades Intermedias** se celebró el 8 de octubre de 2021 con 1.234 participantes."
    target = (
        f"Le **Forum mondial des villes intermédiaires** s’est tenu le 8 octobre 2021 avec "
        f"1{NNBSP}234 participants{NNBSP}!"
    )
    assert check_translation(source, target, "es", "fr", [CITIES]) == []


def test_glossaries_with_the_same_terms_are_equal_and_any_change_tells_them_apart() -> None:
    same = GlossaryTerm(CITIES.source, dict(CITIES.translations), dict(CITIES.forbidden))
    assert Glossary([CITIES]) == Glossary([same]) and hash(Glossary([CITIES])) == hash(Glossary([same]))
    changed = GlossaryTerm(CITIES.source, {**CITIES.translations, "fr": "Villes moyennes"}, dict(CITIES.forbidden))
    assert Glossary([CITIES]) != Glossary([changed]) != Glossary([])
