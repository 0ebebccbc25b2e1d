"""sign-in ways: the latest sign-in and how, the OpenID provider's subject, links to sign in by mail (issue 36)

`users.last_sign_in_at` and `users.last_sign_in_via` ("password", "sso", "link"): what the administrator's view of
accounts shows. `users.oidc_subject`: the `sub` of the organisation's OpenID provider, once the person signed in
through it (unique). `password_resets.purpose`: "reset" (every existing row) or "sign_in" (a link to sign in without
a password). Nothing existing changes meaning.

Revision ID: 0033
Revises: 0032
Create Date: 2026-11-26 16:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workspace.store.types

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_sign_in_at", workspace.store.types.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("last_sign_in_via", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_users_oidc_subject"), ["oidc_subject"])
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=16), server_default="reset", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.drop_column("purpose")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_users_oidc_subject"), type_="unique")
        batch_op.drop_column("oidc_subject")
        batch_op.drop_column("last_sign_in_via")
        batch_op.drop_column("last_sign_in_at")
