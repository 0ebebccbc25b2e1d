"""The few words a published document prints besides its text, in the edition's language.

They are not taken from the interface catalogs on purpose: they are part of a frozen
publication, and a file made again from it must say the same words after a catalog changes.
"""

from __future__ import annotations

from ..domain.publication.publication import Edition, PublicationModel
from ..domain.vocabulary import LANGUAGE_NAMES

WORDS: dict[str, dict[str, str]] = {
    "es": {
        "page": "Página {page} de {pages}",
        "version": "Versión",
        "symbol": "Signatura",
        "corrigendum": "Corrección de {symbol}",
        "checksum": "Suma de control (SHA-256) del texto",
        "parallel": "Edición trilingüe",
        "as_circulated": "Referencia en {version}",
        "as_published": "Referencia publicada",
    },
    "en": {
        "page": "Page {page} of {pages}",
        "version": "Version",
        "symbol": "Symbol",
        "corrigendum": "Corrigendum to {symbol}",
        "checksum": "Checksum (SHA-256) of the text",
        "parallel": "Trilingual edition",
        "as_circulated": "Reference in {version}",
        "as_published": "Reference as published",
    },
    "fr": {
        "page": "Page {page} sur {pages}",
        "version": "Version",
        "symbol": "Cote",
        "corrigendum": "Rectificatif de {symbol}",
        "checksum": "Somme de contrôle (SHA-256) du texte",
        "parallel": "Édition trilingue",
        "as_circulated": "Référence dans {version}",
        "as_published": "Référence publiée",
    },
}


def word(language: str, key: str, **params: object) -> str:
    """A document word in `language` (English when the language has no table)."""
    text = WORDS.get(language, WORDS["en"])[key]
    return text.format(**params) if params else text


def language_name(language: str) -> str:
    """The language's own name ("Español", "English", "Français")."""
    return LANGUAGE_NAMES.get(language, language)


def corrigendum_line(model: PublicationModel, edition: Edition) -> str:
    """ "Corrigendum to UCLG/…: what it corrects", or "" for a first publication."""
    if model.corrigendum_of is None:
        return ""
    line = word(edition.language, "corrigendum", symbol=model.corrigendum_of)
    return f"{line}: {model.corrects}" if model.corrects else line
