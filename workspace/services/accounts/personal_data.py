"""A person's data (issue 36): everything Accord holds about them, as one JSON document they download.

Read from the schema itself, so that a table added later is in it without being listed here: every row of every
table that names the person (a column referring to `users.id`), each under its table's name, with the texts its
`*_sha` columns refer to written out and its process named by its slug. What would let someone sign in as them
(a password's or a token's hash) is never in it; neither are other people's e-mail addresses."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from ...store.models import Base, Process, User
from ...store.types import utcnow
from ..access import require_actor
from ..actor import Actor
from ..declaration.paragraphs import texts_of
from ..unit import reads

FORMAT = "accord-personal-data/1"
SECRET = ("password_hash", "token_hash")  # never written, whoever asks
SKIPPED = frozenset({"users", "sign_in_failures"})  # the account is written first; failures name no one by id


def _naming(table: Table) -> list[Any]:
    """The columns of `table` that refer to a person."""
    return [c for c in table.columns if any(fk.column.table.name == "users" for fk in c.foreign_keys)]


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return None  # a stored file's bytes: named by the row, not copied into the document
    return value


def _theirs(value: Any, email: str) -> Any:
    """`value` without other people's e-mail addresses (an invitation they sent, an activity entry's data)."""
    if isinstance(value, str) and "@" in value and value.strip().lower() != email.lower() and " " not in value.strip():
        return None
    if isinstance(value, dict):
        return {k: _theirs(v, email) for k, v in value.items()}
    if isinstance(value, list):
        return [_theirs(v, email) for v in value]
    return value


@reads
def personal_data(tx: Session, actor: Actor | None) -> dict[str, Any]:
    """Everything Accord holds about the person asking, as JSON-ready data."""
    person = require_actor(actor)
    user = tx.get(User, person.id)
    assert user is not None  # a signed-in person's account exists
    slugs = dict(tx.execute(select(Process.id, Process.slug)).all())
    found: dict[str, list[dict[str, Any]]] = {}
    shas: set[str] = set()
    for table in Base.metadata.sorted_tables:
        columns = _naming(table)
        if table.name in SKIPPED or not columns:
            continue
        rows = tx.execute(select(table).where(or_(*(c == user.id for c in columns)))).mappings().all()
        if not rows:
            continue
        kept = []
        for row in rows:
            entry = {key: _theirs(_plain(value), user.email) for key, value in row.items() if key not in SECRET}
            if "process_id" in entry:
                entry["process"] = slugs.get(entry["process_id"])
            shas.update(str(v) for k, v in entry.items() if k.endswith("_sha") and v)
            kept.append(entry)
        found[table.name] = kept
    texts = dict(texts_of(tx, shas)) if shas else {}
    return {
        "format": FORMAT,
        "made_at": utcnow().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "locale": user.locale,
            "browser_locale": user.browser_locale,  # the last browser's, for mails when `locale` is null
            "is_admin": user.is_admin,
            "created_at": user.created_at.isoformat(),
            "signs_in_with_password": user.password_hash is not None,
        },
        "records": found,
        "texts": texts,  # by sha: the words the records' `*_sha` columns name
    }
