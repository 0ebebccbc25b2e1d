"""The translation memory's index of source words, on both backends: written by every way a translation
is made (a save, an import, an editorial edit carrying translations over, a process folder, the migration
for those made before it), and read so that the rare words a similar entry shares find it among many
entries that share only common words."""

from __future__ import annotations

import importlib
from collections import Counter

import pytest
from sqlalchemy import select

from tests.backends import BACKENDS_DIFFER
from tests.integration.services.declaration.test_declaration import ZERO
from workspace.domain.declaration.declaration_commands import EditParagraph, ImportVersion
from workspace.domain.translations.translation_memory import word_keys
from workspace.domain.translations.translations import SaveTranslation
from workspace.services import transfer, translations
from workspace.services.declaration import draft
from workspace.services.declaration import importing as version_import
from workspace.store import migrate
from workspace.store.db import transaction
from workspace.store.models import MemoryWord, ParagraphRevision, Translation

pytestmark = BACKENDS_DIFFER  # PostgreSQL counts the memory's words with its own query

P = "kutahya"
memory_service = importlib.import_module("workspace.services.translations.memory")  # the package exports its function


def indexed(store) -> Counter[tuple[str, int, int]]:
    with transaction(store) as tx:
        return Counter(tx.execute(select(MemoryWord.language, MemoryWord.word, MemoryWord.translation_id)).all())


def expected(store) -> Counter[tuple[str, int, int]]:
    """What the index should hold: the words of every translation's source text, whatever made the row."""
    with transaction(store) as tx:
        rows = tx.execute(
            select(Translation.id, Translation.language, ParagraphRevision.text).join(
                ParagraphRevision, ParagraphRevision.sha == Translation.source_sha
            )
        ).all()
    return Counter((language, key, id_) for id_, language, text in rows for key in word_keys(text))


def translation_count(store) -> int:
    with transaction(store) as tx:
        return len(tx.scalars(select(Translation.id)).all())


def test_every_way_a_translation_is_made_indexes_its_source_words(store, people, fresh_store, tmp_path):
    version_import.import_version(store, people.committee, P, ImportVersion(filename="zero.md", text=ZERO))
    source = next(t for t in translations.list_translations(store, people.translator, P, "en") if t.eid == "op_3")
    translations.save_translation(
        store,
        people.translator,
        P,
        "en",
        "op_3",
        SaveTranslation(
            text="We will promote urban-rural links.", source_revision=source.source_revision, state="translated"
        ),
    )  # the editor
    translations.import_markdown(
        store,
        people.committee,
        P,
        "fr",
        "1. Nous nous engageons à renforcer la gouvernance. {#op_1}\n"
        "2. Nous demandons aux gouvernements nationaux. {#op_2}\n",
        "fr.md",
    )  # an import
    now = draft.get_draft_paragraph(store, people.committee, P, "op_1")
    draft.edit_paragraph(
        store,
        people.committee,
        P,
        "op_1",
        EditParagraph(base_revision=now.revision, text=now.text.replace("gobernanza", "gobernanza,"), editorial=True),
    )  # carried over to the new source
    assert translation_count(store) == 4
    assert indexed(store) == expected(store) != Counter()

    transfer.export_folder(store, None, P, tmp_path / "folder")
    other = fresh_store()
    transfer.import_folder(other, None, tmp_path / "folder")  # a process folder
    assert translation_count(other) == 4 and indexed(other) == expected(other)


def test_the_migration_indexes_the_translations_made_before_it(store, people, db_url):
    version_import.import_version(store, people.committee, P, ImportVersion(filename="zero.md", text=ZERO))
    translations.import_markdown(
        store,
        people.committee,
        P,
        "en",
        "1. We commit to multilevel governance. {#op_1}\n2. We ask national governments. {#op_2}\n",
        "en.md",
        approved=True,
    )
    made = expected(store)
    store.dispose()
    migrate.downgrade(db_url, "0017")
    migrate.upgrade(db_url)
    assert indexed(store) == made and len({id_ for _, _, id_ in made}) == 2


def test_rare_words_find_the_similar_entry_among_entries_sharing_only_common_words(store, people, monkeypatch):
    # Twenty paragraphs alike in their common words, each with a rare word of its own; the limits made small
    # so that the common words' lists are longer than a word may be read, as in a memory of 100,000 entries.
    monkeypatch.setattr(memory_service, "COMMON", 4)
    monkeypatch.setattr(memory_service, "BUDGET", 12)
    monkeypatch.setattr(memory_service, "CANDIDATES", 3)
    names = [
        "Kütahya",
        "Chefchaouen",
        "Manizales",
        "Tétouan",
        "Huelva",
        "Bukoba",
        "Cuenca",
        "Tandil",
        "Mérida",
        "Loja",
        "Ouagadougou",
        "Salta",
        "Bizerte",
        "Tlemcen",
        "Sousse",
        "Piura",
        "Rosario",
        "Kandy",
        "Durrës",
        "Mostar",
    ]
    body = "\n\n".join(
        f"{n}. Las ciudades intermedias de {name} y la red mundial refuerzan la cooperación local. {{#op_{n}}}"
        for n, name in enumerate(names, 1)
    )
    version_import.import_version(
        store, people.committee, P, ImportVersion(filename="zero.md", text=f"---\nlabel: Cero\n---\n{body}\n")
    )
    translations.import_markdown(
        store,
        people.committee,
        P,
        "en",
        "\n\n".join(
            f"{n}. The intermediary cities of {name} and the world network strengthen local cooperation. {{#op_{n}}}"
            for n, name in enumerate(names, 1)
        )
        + "\n",
        "en.md",
        approved=True,
    )

    asked = "Las ciudades intermedias de Mostar y de Sousse con la red mundial refuerzan la cooperación."
    found = translations.memory(store, people.translator, P, asked, "en")
    assert {s.text.split(" of ")[1].split(" and ")[0] for s in found} == {"Mostar", "Sousse"}
    assert all(0.5 <= s.similarity < 1 for s in found)
    assert translations.memory(store, people.translator, P, "Bukoba", "en") == []  # one shared word is not alike enough


@pytest.mark.parametrize("state", ["translated", "draft"])
def test_only_approved_translations_are_suggested(store, people, state):
    version_import.import_version(store, people.committee, P, ImportVersion(filename="zero.md", text=ZERO))
    source = next(t for t in translations.list_translations(store, people.translator, P, "en") if t.eid == "op_1")
    translations.save_translation(
        store,
        people.translator,
        P,
        "en",
        source.eid,
        SaveTranslation(
            text="We commit to strengthening multilevel governance.",
            source_revision=source.source_revision,
            state=state,
        ),
    )
    assert translations.memory(store, people.translator, P, source.source_text, "en") == []
    translations.approve(store, people.committee, P, "en", source.eid)
    assert [s.similarity for s in translations.memory(store, people.translator, P, source.source_text, "en")] == [1.0]


def test_a_text_of_common_words_only_still_finds_its_own_translation(store, people, monkeypatch):
    version_import.import_version(store, people.committee, P, ImportVersion(filename="zero.md", text=ZERO))
    translations.import_markdown(store, people.committee, P, "en", "# Preamble {#hdg_1}\n", "en.md", approved=True)
    monkeypatch.setattr(memory_service, "COMMON", 0)  # every word is common: none is looked up
    [found] = translations.memory(store, people.translator, P, "Preámbulo", "en")
    assert (found.text, found.similarity) == ("Preamble", 1.0)
    assert translations.memory(store, people.translator, P, "Preámbulo general", "en") == []
