"""The catalog check fails on each kind of mistake (planted here, one by one), passes on the catalogs as
they are, and reads every avoided wording of GLOSSARY.md."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Message

from tools import catalog_check as check
from workspace.settings import ROOT

NBSP, NNBSP = "\u00a0", "\u202f"
GLOSSARY = ROOT.parent / "shared" / "GLOSSARY.md"


@pytest.fixture(scope="module")
def rules() -> check.Rules:
    return check.load_glossary()


def kinds(found: list[check.Finding]) -> list[str]:
    return [f.kind for f in found]


def one(language: str, msgid: str, text: str, rules: check.Rules) -> list[str]:
    return kinds(check.check_catalog(language, [Message(msgid, text)], rules.avoided))


def test_a_straight_apostrophe_in_french_is_found(rules):
    assert one("fr", "It is done.", "C’est fait.", rules) == []
    assert one("fr", "It is done.", "C'est fait.", rules) == ["french"]


def test_french_no_break_spaces_of_the_wrong_kind_or_missing_are_found(rules):
    assert one("fr", "Why? Here: «this».", f"Pourquoi{NNBSP}? Ici{NBSP}: «{NNBSP}ceci{NNBSP}».", rules) == []
    assert one("fr", "Why?", "Pourquoi ?", rules) == ["french"]
    assert one("fr", "Why?", f"Pourquoi{NBSP}?", rules) == ["french"]  # U+202F before ?
    assert one("fr", "Here: this.", f"Ici{NNBSP}: ceci.", rules) == ["french"]  # U+00A0 before :


def test_a_respaced_header_a_lost_code_span_and_a_lost_placeholder_are_found(rules):
    msgid = "Send the header `Authorization: Bearer …` to {url}."
    assert one("fr", msgid, "Envoyez l’en-tête `Authorization: Bearer …` à {url}.", rules) == []
    assert one("fr", msgid, f"Envoyez l’en-tête `Authorization{NBSP}: Bearer …` à {{url}}.", rules) == ["kept", "kept"]
    assert one("es", "Shown to {name}.", "Se muestra a {nombre}.", rules) == ["kept"]
    assert (
        one("es", "Retry after the `Retry-After` seconds.", "Reintente tras los segundos de `Retry-After`.", rules)
        == []
    )


def test_a_header_or_a_syntax_written_without_code_marks_is_copied_as_written_not_respaced(rules):
    msgid = "Send the header “Authorization: Bearer …”; each line reads “en: term; !en: term”, a move w:id {id}."
    right = (
        f"Envoyez l’en-tête «{NBSP}Authorization: Bearer …{NBSP}»{NNBSP}; "
        f"chaque ligne s’écrit «{NBSP}en: terme; !en: terme{NBSP}», un déplacement w:id {{id}}."
    )
    assert one("fr", msgid, right, rules) == []
    assert one("fr", msgid, right.replace("Authorization: ", f"Authorization{NBSP}: "), rules) == ["kept"]
    # respaced, the syntax is lost, and its “!” reads as an exclamation mark
    assert one("fr", msgid, right.replace("; !en: ", f"{NNBSP}; !en{NBSP}: "), rules) == ["kept", "french"]


def test_an_avoided_wording_is_found_in_its_language_and_sense_only(rules):
    assert one("es", "Silence procedure", "Procedimiento de silencio", rules) == ["avoided"]
    assert one("es", "Silence procedure", "Procedimiento de acuerdo tácito", rules) == []
    assert one("fr", "Co-sponsor", "Coparrainer", rules) == ["avoided"]
    assert one("es", "Co-sponsor", "Coparrainer", rules) == []  # a French word, avoided in French
    # *autor* is avoided for who proposed an amendment, not for who wrote a comment
    assert one("es", "The proposer", "El autor", rules) == ["avoided"]
    assert one("es", "The author of the comment", "El autor del comentario", rules) == []
    # an email is “email” in English, «courriel» in French, «correo» in Spanish; a placeholder named email is no word
    assert one("en", "No mail yet.", "No mail yet.", rules) == ["avoided"]
    assert one("en", "Sent by e-mail", "Sent by e-mail", rules) == ["avoided"]
    assert one("en", "No email yet.", "No email yet.", rules) == []
    assert one("fr", "No email yet.", "Aucun e-mail pour l’instant.", rules) == ["avoided"]
    assert one("fr", "A list of email addresses.", "Une liste d’adresses email.", rules) == ["avoided"]
    assert one("fr", "For %(email)s.", "Pour %(email)s.", rules) == []
    assert one("es", "No email yet.", "Todavía no hay emails.", rules) == ["avoided"]
    # an API token is «token de acceso», «jeton d’accès»: not named after the API
    assert one("es", "Personal API tokens", "Tokens de API personales", rules) == ["avoided"]
    assert one("es", "This API token is not valid.", "Este token de acceso no es válido.", rules) == []
    assert one("fr", "Personal API tokens", "Jetons d’API personnels", rules) == ["avoided"]
    assert one("fr", "Personal API tokens", "Jetons d’accès personnels", rules) == []


def test_spanish_quotation_marks_other_than_angle_ones_are_found(rules):
    assert one("es", "The “draft”.", "El «borrador».", rules) == []
    assert one("es", "The “draft”.", "El “borrador”.", rules) == ["spanish_quotes"]
    assert one("es", "He said “the “draft””.", "Dijo «el “borrador”».", rules) == []


def test_a_count_through_gettext_and_a_short_msgid_of_two_meanings_are_found():
    uses = [
        check.Use("{count} files are ready.", "a.py", False, None),
        check.Use("{count} file is ready.", "a.py", True, None),
        check.Use("Paragraph {n} holds a mark.", "a.py", False, None),
        check.Use("Delete", "workspace/domain/labels.py", False, None),
        check.Use("Delete", "workspace/web/templates/x.html", False, None),
        check.Use("Subject", "workspace/web/templates/a.html", False, "mail"),
        check.Use("Subject", "workspace/web/templates/b.html", False, "activity"),
    ]
    assert [f.msgid for f in check.check_counts(uses, set())] == ["{count} files are ready."]
    assert check.check_counts(uses, {"{count} files are ready."}) == []
    assert [f.msgid for f in check.check_meanings(uses, set())] == ["Delete"]
    assert check.check_meanings(uses, {"Delete"}) == []


@pytest.mark.corpus(str(GLOSSARY.parent))
def test_every_wording_glossary_md_avoids_has_its_pattern(rules):
    """GLOSSARY.md's "avoid" column, its italic words with their language, each found by a pattern here
    (a contextual one, "for signing in", is named in a comment of glossary.toml instead)."""
    contextual = {
        "sesión",
        "session",
        "adoptar",
        "decidir",
        "décider",
        "edición",
        "état",
        "autor",
        "falta",
        "langue source",
    }
    table = [line for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith("|")][2:]
    missing = []
    for row in table:
        avoid = row.strip("|").split("|")[-1]
        language = None
        for piece in re.split(r"(\b(?:es|en|fr)\b|\*[^*]+\*)", avoid):
            if piece in ("es", "en", "fr"):
                language = piece
            elif piece.startswith("*") and language:
                for word in piece.strip("*").split("/"):
                    if word in contextual:
                        continue
                    if not any(a.language == language and a.pattern.search(word) for a in rules.avoided):
                        missing.append((language, word))
    assert missing == []


def test_make_lint_runs_the_check():
    lint = re.search(r"^lint:.*?(?=^\S)", (ROOT / "Makefile").read_text(), re.S | re.M)
    assert lint and "-m tools.catalog_check" in lint.group(0)
