"""Every user-facing string exists in es, en and fr: complete, not fuzzy, up to date, placeholders kept."""

from __future__ import annotations

import re
from functools import cache

import pytest
from babel.messages.pofile import read_po

from tools import catalog_check as check
from tools.catalog_check import HEADER, SYNTAX
from workspace.domain.vocabulary import LANGUAGES
from workspace.i18n import LOCALES_DIR

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sd]")


@cache  # read once per test process: the tests only read it
def catalog(lang: str):
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def messages(lang: str):
    return [m for m in catalog(lang) if m.id]


def source_messages() -> frozenset[str]:
    """What `make i18n` would extract: the same mapping file and keywords (extracted once per test process)."""
    return frozenset(use.msgid for use in check.uses())


def test_the_catalogs_and_the_sources_pass_the_check():
    """Every string of the three catalogs and every use in the sources, as they are: 0 findings (tools/catalog_check.py,
    which `make lint` runs too; its rules are tested in test_catalog_check.py)."""
    found = check.check_all()
    assert not found, "\n".join(str(f) for f in found[:20])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_entry_is_untranslated_or_fuzzy(lang):
    untranslated = [m.id for m in messages(lang) if not (m.string if isinstance(m.string, str) else all(m.string))]
    fuzzy = [m.id for m in messages(lang) if m.fuzzy]
    assert not untranslated, f"{lang}: untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{lang}: fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_holds_every_string_of_the_sources(lang):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in messages(lang)}
    missing = sorted(source_messages() - ids)
    assert not missing, f"{lang}: run `make i18n` and translate: {missing[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_placeholders(lang):
    for m in messages(lang):
        pairs = zip(m.id, m.string, strict=True) if isinstance(m.id, tuple) else [(m.id, m.string)]
        for source, text in pairs:
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), (lang, source, text)


FRENCH_SPACING = re.compile(
    r"(?<![\s\u00a0\u202f:/])[:;?!](?=\s|$)|[^\u00a0\u202f\s][:;?!](?=\s|$)|[ ][:;?!](?=\s|$)|«[ ]|[ ]»"
)


def test_french_messages_are_spaced_the_french_way():
    """A no-break space before « : » and inside « », a narrow one before ; ? ! ("Ajouté : 1"), never a plain
    space a line could break at, nor none at all."""
    wrong = []
    for m in messages("fr"):
        for text in m.string if isinstance(m.string, tuple) else (m.string,):
            kept = re.sub(r"https?://\S+", "", text or "")
            for literal in (HEADER, SYNTAX):  # a header, a glossary line's “en: term”: copied as written, not respaced
                kept = literal.sub("", kept)
            if FRENCH_SPACING.search(kept):
                wrong.append(text)
    assert not wrong, wrong[:5]


def test_a_label_agrees_with_its_noun_in_spanish_and_french():
    from workspace import i18n
    from workspace.domain.labels import (
        AMENDMENT_STATUSES,
        NEGOTIATION_STATUSES,
        STATUSES,
        THREAD_STATUSES,
        TRANSLATION_STATES,
    )

    with i18n.locale_scope("es"):
        assert [
            i18n.gettext(t["open"]) for t in (AMENDMENT_STATUSES, STATUSES, NEGOTIATION_STATUSES, THREAD_STATUSES)
        ] == ["Abierta", "Abierta", "Abierto", "Abierto"]
        assert (i18n.gettext(NEGOTIATION_STATUSES["agreed"]), i18n.gettext(TRANSLATION_STATES["translated"])) == (
            "Acordado",
            "Traducida",
        )
    with i18n.locale_scope("fr"):
        assert (i18n.gettext(TRANSLATION_STATES["outdated"]), i18n.gettext(TRANSLATION_STATES["translated"])) == (
            "Périmée",
            "Traduite",
        )
        assert (i18n.gettext(AMENDMENT_STATUSES["accepted"]), i18n.gettext(STATUSES["not_retained"])) == (
            "Accepté",
            "Non retenue",
        )
