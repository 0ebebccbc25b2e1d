"""Migration 0040 on a database with texts in it: each text holding a bracket mark gets its brackets read once and
kept beside it, as a text stored today gets them; a text without one keeps none; going down and up again keeps every
text. On both backends."""

from __future__ import annotations

from sqlalchemy import text

from workspace.domain.brackets.kept import kept_value
from workspace.domain.declaration.document import revision_id
from workspace.store import migrate
from workspace.store.db import make_engine

TEXTS = ["Each Party [shall][should] act [in [good] faith].", "[" * 1200 + "x" + "]" * 1200, "Agreed text."]


def test_the_texts_stored_before_get_their_brackets_kept(db_url):
    migrate.downgrade(db_url, "0039")
    engine = make_engine(db_url)
    with engine.begin() as conn:  # texts stored before 0040: no column for their brackets
        for words in TEXTS:
            conn.execute(
                text("insert into paragraph_revisions (sha, text) values (:s, :t)"),
                {"s": revision_id(words), "t": words},
            )
    engine.dispose()

    migrate.upgrade(db_url)

    engine = make_engine(db_url)
    with engine.connect() as conn:
        kept = dict(conn.execute(text("select text, brackets from paragraph_revisions")).all())
    engine.dispose()
    assert {words: kept[words] for words in TEXTS} == {words: kept_value(words) for words in TEXTS}
    assert kept[TEXTS[2]] is None and '"o":"depth"' in kept[TEXTS[1]]
