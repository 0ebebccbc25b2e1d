"""`accord search SLUG "QUERY"` and `accord search reindex [SLUG]` (issue 68), on a real database: a secretariat finds
a phrase from the command line, and makes the index anew after texts were written behind the application's back."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from tests.conftest import make_people
from tests.integration.support import QUICK_HASHER
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.services import accounts
from workspace.services.declaration import draft
from workspace.store.db import make_store
from workspace.store.models import SearchEntry

SLUG = "kutahya"


@pytest.fixture
def store(db_url, monkeypatch):
    monkeypatch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
    made = make_store(db_url)
    people = make_people(made, SLUG)
    for text in ("Pedimos financiación climática para las ciudades.", "Reconocemos a los gobiernos locales."):
        draft.add_paragraph(made, people.committee, SLUG, AddParagraph(kind="operative", text=text))
    draft.circulate(made, people.committee, SLUG, Circulate(label="Borrador cero"))
    # Each paragraph's printed reference, by its first word.
    yield (
        made,
        {
            p.text.split()[0]: p.ref.replace("\xa0", " ")
            for p in draft.get_draft(made, people.committee, SLUG).paragraphs
        },
    )
    made.dispose()


def test_a_phrase_found_from_the_command_line_and_the_index_made_anew(accord, store):
    store, refs = store
    lines = accord("search", SLUG, '"financiacion climatica"').splitlines()
    assert len(lines) == 1
    kind, ref, where, lang, words = lines[0].split("\t")
    assert (kind, ref, where, lang) == ("paragraph", refs["Pedimos"], "draft", "es")  # it reads the draft
    assert "*financiación* *climática*" in words
    assert accord("search", SLUG, "gobierno", "--kind", "amendment") == ""
    with store.engine.begin() as conn:  # the index lost behind the application's back
        conn.execute(delete(SearchEntry))
    assert accord("search", SLUG, "gobierno") == ""
    assert accord("search", "reindex", SLUG).strip() == f"indexed {len(refs)} texts"
    assert accord("search", SLUG, "gobierno", "--lang", "es").startswith(f"paragraph\t{refs['Reconocemos']}\t")
    assert "indexed" in accord("search", "reindex")


def test_a_bad_query_or_process_is_one_line_and_exit_1(accord, store):
    assert "Type a word to look for." in accord("search", SLUG, "!!", ok=False)
    assert "No process “nowhere”." in accord("search", "nowhere", "x", ok=False)
    assert "No process “nowhere”." in accord("search", "reindex", "nowhere", ok=False)
