"""browser locale: `users.browser_locale`, the language of the browser a person last signed in with

Mails were written in the account's language, else the process's: a person whose account says "the language of my
browser" got every mail in the process's language, whatever they read Accord in (issue 67). The browser's language is
now kept at each sign-in (and when an invitation is accepted) and a mail follows it when the account chose none.
Nothing is known of earlier sign-ins: the column starts empty, and those people get the process's language until they
next sign in, as before. Going down drops the column.

Revision ID: 0041
Revises: 0040
Create Date: 2026-11-28 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("browser_locale", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("browser_locale")
