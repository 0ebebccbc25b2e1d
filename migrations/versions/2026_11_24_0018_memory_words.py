"""memory words: the translation memory's index of the words of each translation's source text

A suggestion read every approved translation of the reader's processes and compared it with the
asked text: 578 ms at 10,000 entries. The index lists, per language and word, the translations
whose source holds it, so that the few entries sharing the most rare words are found by reading
short lists. Existing translations are indexed here. Also an index of the version paragraphs by
revision: whether a text was circulated was a scan of every version's paragraphs.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-24 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workspace.domain.translations.translation_memory import word_keys

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_memory_words = sa.table(
    "memory_words",
    sa.column("language", sa.String),
    sa.column("word", sa.BigInteger),
    sa.column("translation_id", sa.Integer),
)


def upgrade() -> None:
    op.create_table(
        "memory_words",
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("word", sa.BigInteger(), nullable=False),
        sa.Column("translation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["translations.id"],
            name="fk_memory_words_translation_id_translations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("language", "word", "translation_id", name="pk_memory_words"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_memory_words_translation_id", "memory_words", ["translation_id"])
    op.create_index("ix_version_paragraphs_revision_sha", "version_paragraphs", ["revision_sha"])
    op.create_index("ix_translations_source_sha", "translations", ["source_sha"])
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT t.id, t.language, r.text FROM translations t JOIN paragraph_revisions r ON r.sha = t.source_sha ORDER BY t.id"
        )
    )
    while batch := rows.fetchmany(2000):
        words = [
            {"language": language, "word": key, "translation_id": id_}
            for id_, language, text in batch
            for key in word_keys(text)
        ]
        if words:
            connection.execute(_memory_words.insert(), words)


def downgrade() -> None:
    op.drop_index("ix_translations_source_sha", table_name="translations")
    op.drop_index("ix_version_paragraphs_revision_sha", table_name="version_paragraphs")
    op.drop_index("ix_memory_words_translation_id", table_name="memory_words")
    op.drop_table("memory_words")
