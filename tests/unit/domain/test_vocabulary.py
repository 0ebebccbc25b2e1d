"""The closed sets of the domain: languages, slugs, time zones."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.errors import InvalidInput
from workspace.domain.vocabulary import (
    LANGUAGES,
    Phase,
    RecommendationStatus,
    Role,
    parse_enum,
    parse_language,
    parse_languages,
    parse_slug,
    parse_timezone,
    slugify,
)


@pytest.mark.parametrize(
    ("given_code", "expected"), [("es", "es"), ("en", "en"), ("fr", "fr"), ("EN ", "en"), (" Fr", "fr")]
)
def test_parse_language_accepts_the_three_languages_in_any_case_and_spacing(given_code, expected):
    assert parse_language(given_code) == expected


@pytest.mark.parametrize("code", ["de", "", "   ", "e", "eng", "es-ES", "en_GB", "tr", None])
def test_parse_language_refuses_anything_else_and_names_the_code(code):
    with pytest.raises(InvalidInput) as caught:
        parse_language(code)
    assert caught.value.params == {"code": code, "allowed": ("es", "en", "fr")}
    assert caught.value.detail == {"code": code}
    assert f"“{code}”" in caught.value.render()
    assert "“es”, “en”, “fr”" in caught.value.render()  # values as typed, quoted: never words of the sentence


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["fr", "es", "fr", "EN", "es"], ["fr", "es", "en"]),
        ("en, es ,en,,fr", ["en", "es", "fr"]),
        (("es",), ["es"]),
        (["es", " ", ""], ["es"]),
    ],
)
def test_parse_languages_drops_duplicates_and_blanks_and_keeps_the_order(codes, expected):
    assert parse_languages(codes) == expected


@pytest.mark.parametrize("codes", [[], "", " , ,", ()])
def test_parse_languages_needs_at_least_one(codes):
    with pytest.raises(InvalidInput, match="At least one language"):
        parse_languages(codes)


def test_parse_languages_refuses_the_first_unknown_code():
    with pytest.raises(InvalidInput) as caught:
        parse_languages(["es", "de", "xx"])
    assert caught.value.params["code"] == "de"


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.sampled_from([*LANGUAGES, "ES", " en", "Fr "]), min_size=1))
def test_parse_languages_result_is_unique_known_and_in_first_seen_order(codes):
    result = parse_languages(codes)
    normalised = [c.strip().lower() for c in codes]
    assert len(set(result)) == len(result)
    assert set(result) == set(normalised)
    assert result == sorted(result, key=normalised.index)


@pytest.mark.parametrize("slug", ["kutahya-2021", "a", "1-1-1-alianzas", "x" * 64, "a-b"])
def test_parse_slug_accepts_lowercase_letters_digits_and_inner_hyphens(slug):
    assert parse_slug(f" {slug} ") == slug


@pytest.mark.parametrize("slug", ["", "Kutahya", "kütahya", "-a", "a-", "a b", "a_b", "a/b", "x" * 65, "a.b"])
def test_parse_slug_refuses_the_rest_naming_what_and_value(slug):
    with pytest.raises(InvalidInput) as caught:
        parse_slug(slug, "reference")
    assert caught.value.params == {"what": "reference", "value": slug.strip()}
    assert caught.value.render().startswith("Invalid reference “")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Alianzas y partenariados entre actores", "alianzas-y-partenariados-entre-actores"),
        ("Declaración de Kütahya: año 2021", "declaracion-de-kutahya-ano-2021"),
        ("¿Cómo garantizar la participación?", "como-garantizar-la-participacion"),
        ("Économie du soin — cœur des villes intermédiaires", "economie-du-soin-coeur-des-villes-intermediaires"),
        ("Forum mondial : l'été à Tanger", "forum-mondial-l-ete-a-tanger"),
        ("Kütahya Şehir Güçlü Aydın", "kutahya-sehir-guclu-aydin"),
        ("İstanbul Işık Ağ", "istanbul-isik-ag"),
        ("  ---  ", "item"),
        ("", "item"),
        ("中文", "item"),
    ],
)
def test_slugify_turns_spanish_french_and_turkish_titles_into_readable_ascii(title, expected):
    assert slugify(title) == expected


def test_slugify_cuts_at_the_limit_without_a_trailing_hyphen():
    slug = slugify("Ciudades intermedias " * 10, limit=25)
    assert len(slug) <= 25
    assert not slug.endswith("-")
    assert slug.startswith("ciudades-intermedias")


@settings(max_examples=examples(100), deadline=None)
@given(st.text(), st.integers(min_value=1, max_value=64))
def test_slugify_always_gives_a_valid_slug(text, limit):
    slug = slugify(text, limit)
    assert parse_slug(slug) == slug
    assert len(slug) <= max(limit, len("item"))
    assert re.fullmatch(r"[a-z0-9-]+", slug)


@pytest.mark.parametrize("name", ["Europe/Istanbul", "America/Argentina/Buenos_Aires", "UTC", " Africa/Casablanca "])
def test_parse_timezone_accepts_iana_names(name):
    assert parse_timezone(name) == name.strip()


@pytest.mark.parametrize("name", ["", "Mars/Olympus_Mons", "Europe/Nowhere", "../../etc/passwd", "+02:00"])
def test_parse_timezone_refuses_unknown_names(name):
    with pytest.raises(InvalidInput) as caught:
        parse_timezone(name)
    assert caught.value.params == {"name": name}


@pytest.mark.parametrize(
    ("enum", "value", "expected"),
    [
        (Role, "Committee", Role.COMMITTEE),
        (Phase, " drafting ", Phase.DRAFTING),
        (RecommendationStatus, "NOT_RETAINED", RecommendationStatus.NOT_RETAINED),
    ],
)
def test_parse_enum_is_forgiving_about_case_and_spaces(enum, value, expected):
    assert parse_enum(enum, value, "x") is expected


def test_parse_enum_lists_the_allowed_values():
    with pytest.raises(InvalidInput) as caught:
        parse_enum(Role, "chair", "role")
    assert caught.value.render() == "Unknown role “chair”: use one of “committee”, “member”, “translator”, “observer”."
