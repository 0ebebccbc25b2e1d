"""draft series and comment numbers: what the committee files on the working draft is numbered apart

Amendments and threads were numbered in one series per process, so a member reading A1–A10 then A12
learnt of the committee's amendment A11 on the working draft; comments showed their global ids, whose
gaps told of the draft's comments and of other processes. Now amendments, threads and comments each
have `on_draft` (the committee's draft series, labelled D: "D3") and a number in their series per process.

Existing items: those on the working draft (`version_id` NULL; a comment, its thread's) are renumbered
D1, D2 … per process in their old order, and what named them is rewritten (the draft's history
"amendment A11" → "D1", activity subjects, a compromise's list, comments named in activity entries and
in mails not composed yet). Everyone's amendments and threads keep their numbers, gaps included: those
were said, mailed and printed. Comments are numbered 1, 2 … per process and series in the order they
were written. Downgrade puts the draft items back after everyone's (A11 → the next free number).

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-25 10:00:00
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

amendments = sa.table(
    "amendments",
    sa.column("id", sa.Integer()),
    sa.column("process_id", sa.Integer()),
    sa.column("number", sa.Integer()),
    sa.column("version_id", sa.Integer()),
    sa.column("on_draft", sa.Boolean()),
)
threads = sa.table(
    "threads",
    sa.column("id", sa.Integer()),
    sa.column("process_id", sa.Integer()),
    sa.column("number", sa.Integer()),
    sa.column("version_id", sa.Integer()),
    sa.column("on_draft", sa.Boolean()),
)
comments = sa.table(
    "comments",
    sa.column("id", sa.Integer()),
    sa.column("thread_id", sa.Integer()),
    sa.column("process_id", sa.Integer()),
    sa.column("on_draft", sa.Boolean()),
    sa.column("number", sa.Integer()),
)
edits = sa.table(
    "paragraph_edits",
    sa.column("id", sa.Integer()),
    sa.column("process_id", sa.Integer()),
    sa.column("cause", sa.String()),
    sa.column("cause_ref", sa.String()),
)
activity = sa.table(
    "activity",
    sa.column("id", sa.Integer()),
    sa.column("process_id", sa.Integer()),
    sa.column("subject", sa.String()),
    sa.column("data", sa.JSON()),
)
mail_items = sa.table(
    "mail_items",
    sa.column("id", sa.Integer()),
    sa.column("activity_id", sa.Integer()),
    sa.column("mail_id", sa.Integer()),
    sa.column("data", sa.JSON()),
)

# (process id, old label) → new label, per kind: "amendment" ("A11" → "D1"), "thread" ("11" → "D1").
Labels = dict[str, dict[tuple[int, str], str]]


def _renumber(bind: sa.Connection, table: sa.TableClause, mark: str, upgrade: bool) -> dict[tuple[int, str], str]:
    """Upgrade: the draft's items (version NULL) renumbered D1 … per process; downgrade: the draft series
    numbered on after everyone's. The old label → the new one, for the items that changed."""
    rows = bind.execute(
        sa.select(table.c.id, table.c.process_id, table.c.number, table.c.version_id, table.c.on_draft).order_by(
            table.c.process_id, table.c.on_draft, table.c.number
        )
    ).all()
    last: dict[int, int] = {}
    if not upgrade:
        for _, process_id, number, _, on_draft in rows:
            if not on_draft:
                last[process_id] = max(last.get(process_id, 0), number)
    changed: dict[tuple[int, str], str] = {}
    updates: list[dict[str, Any]] = []
    for id_, process_id, number, version_id, on_draft in rows:
        draft = version_id is None if upgrade else bool(on_draft)
        if not draft:
            continue
        last[process_id] = last.get(process_id, 0) + 1
        new = last[process_id]
        old_label, new_label = (f"{mark}{number}", f"D{new}") if upgrade else (f"D{number}", f"{mark}{new}")
        changed[(process_id, old_label)] = new_label
        updates.append({"row": id_, "number": new, "draft": upgrade})
    if updates:
        bind.execute(
            table.update()
            .where(table.c.id == sa.bindparam("row"))
            .values(number=sa.bindparam("number"), on_draft=sa.bindparam("draft")),
            updates,
        )
    return changed


def _number_comments(bind: sa.Connection) -> dict[int, int]:
    """Each comment's number in its process and its thread's series, in the order they were written: id → number."""
    rows = bind.execute(
        sa.select(comments.c.id, threads.c.process_id, threads.c.on_draft)
        .join(threads, threads.c.id == comments.c.thread_id)
        .order_by(comments.c.id)
    ).all()
    counters: dict[tuple[int, bool], int] = {}
    numbers: dict[int, int] = {}
    updates = []
    for id_, process_id, on_draft in rows:
        key = (process_id, bool(on_draft))
        counters[key] = counters.get(key, 0) + 1
        numbers[id_] = counters[key]
        updates.append({"row": id_, "process": process_id, "draft": bool(on_draft), "number": counters[key]})
    if updates:
        bind.execute(
            comments.update()
            .where(comments.c.id == sa.bindparam("row"))
            .values(process_id=sa.bindparam("process"), on_draft=sa.bindparam("draft"), number=sa.bindparam("number")),
            updates,
        )
    return numbers


AMENDMENT = re.compile(r"\b[AD]?\d+\b")


def _rewrite_references(
    bind: sa.Connection, labels: Labels, mark: Callable[[str], str], comment: Callable[[Any], Any]
) -> None:
    """What names a renumbered item: the draft's history (cause "A11"), activity subjects ("amendment:11",
    "thread:11"), a compromise's list ("A3, A11"), comments named in activity data (`comment`), and the
    number in mails not composed yet. `mark` writes an amendment label as a subject writes it; `comment`
    maps a comment reference of activity data."""
    amended = labels["amendment"]
    updates = [
        {"row": id_, "ref": amended[(process_id, ref)]}
        for id_, process_id, ref in bind.execute(
            sa.select(edits.c.id, edits.c.process_id, edits.c.cause_ref).where(
                edits.c.cause.in_(("amendment", "restore"))
            )
        )
        if (process_id, ref) in amended
    ]
    if updates:
        bind.execute(
            edits.update().where(edits.c.id == sa.bindparam("row")).values(cause_ref=sa.bindparam("ref")), updates
        )

    changed: dict[int, dict[str, Any]] = {}
    for id_, process_id, subject, data in bind.execute(
        sa.select(activity.c.id, activity.c.process_id, activity.c.subject, activity.c.data).where(
            activity.c.process_id.is_not(None)
        )
    ):
        kind, _, ref = (subject or "").partition(":")
        values: dict[str, Any] = {}
        new_data = dict(data or {})
        if kind == "amendment" and (process_id, mark(ref)) in amended:
            values["subject"] = f"amendment:{amended[(process_id, mark(ref))].removeprefix('A')}"
        if kind == "thread" and (process_id, ref) in labels["thread"]:
            values["subject"] = f"thread:{labels['thread'][(process_id, ref)]}"
        if isinstance(new_data.get("merged"), str):
            new_data["merged"] = AMENDMENT.sub(
                lambda m: amended.get((process_id, m.group(0)), m.group(0)), new_data["merged"]
            )
        if new_data.get("comment") is not None:
            new_data["comment"] = comment(new_data["comment"])
        if new_data != (data or {}):
            values["data"] = new_data
        if values:
            changed[id_] = values
            bind.execute(activity.update().where(activity.c.id == id_).values(**values))
    # News gathered for a digest carries the number its mail will say.
    for id_, activity_id, data in bind.execute(
        sa.select(mail_items.c.id, mail_items.c.activity_id, mail_items.c.data).where(
            mail_items.c.mail_id.is_(None), mail_items.c.activity_id.is_not(None)
        )
    ):
        subject = changed.get(activity_id, {}).get("subject")
        if subject and isinstance(data, dict) and "number" in data:
            ref = subject.partition(":")[2]
            bind.execute(
                mail_items.update()
                .where(mail_items.c.id == id_)
                .values(data={**data, "number": int(ref) if ref.isdecimal() else ref})
            )


def upgrade() -> None:
    for table in ("amendments", "threads"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("on_draft", sa.Boolean(), nullable=False, server_default=sa.false()))
            batch.drop_constraint(f"uq_{table}_process_id_number", type_="unique")
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("process_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("on_draft", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("number", sa.Integer(), nullable=True))
    bind = op.get_bind()
    labels = {"amendment": _renumber(bind, amendments, "A", True), "thread": _renumber(bind, threads, "", True)}
    numbers = _number_comments(bind)
    _rewrite_references(bind, labels, lambda ref: f"A{ref}", lambda old: numbers.get(old, old))
    for table in ("amendments", "threads"):
        with op.batch_alter_table(table) as batch:
            batch.create_unique_constraint(
                f"uq_{table}_process_id_on_draft_number", ["process_id", "on_draft", "number"]
            )
    with op.batch_alter_table("comments") as batch:
        batch.alter_column("process_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(
            "fk_comments_process_id_processes", "processes", ["process_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_unique_constraint("uq_comments_process_id_on_draft_number", ["process_id", "on_draft", "number"])


def downgrade() -> None:
    bind = op.get_bind()
    for table in ("amendments", "threads"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_process_id_on_draft_number", type_="unique")
    labels = {"amendment": _renumber(bind, amendments, "A", False), "thread": _renumber(bind, threads, "", False)}
    # Activity entries named a comment by its number in its thread's series: back to its id.
    ids = {
        (process_id, bool(on_draft), number): id_
        for id_, process_id, on_draft, number in bind.execute(
            sa.select(comments.c.id, comments.c.process_id, comments.c.on_draft, comments.c.number)
        )
    }
    _rewrite_comment_ids(bind, ids)
    _rewrite_references(bind, labels, lambda ref: ref, lambda old: old)
    with op.batch_alter_table("comments") as batch:
        batch.drop_constraint("uq_comments_process_id_on_draft_number", type_="unique")
        batch.drop_constraint("fk_comments_process_id_processes", type_="foreignkey")
        batch.drop_column("number")
        batch.drop_column("on_draft")
        batch.drop_column("process_id")
    for table in ("amendments", "threads"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("on_draft")
            batch.create_unique_constraint(f"uq_{table}_process_id_number", ["process_id", "number"])


def _rewrite_comment_ids(bind: sa.Connection, ids: dict[tuple[int, bool, int], int]) -> None:
    """Before the references are rewritten: an entry's `comment` (a number in its thread's series) back to the id."""
    for id_, process_id, subject, data in bind.execute(
        sa.select(activity.c.id, activity.c.process_id, activity.c.subject, activity.c.data).where(
            activity.c.process_id.is_not(None)
        )
    ):
        if not isinstance(data, dict) or not isinstance(data.get("comment"), int):
            continue
        kind, _, ref = (subject or "").partition(":")
        draft = kind == "thread" and ref.startswith("D")
        found = ids.get((process_id, draft, data["comment"]))
        if found is not None:
            bind.execute(activity.update().where(activity.c.id == id_).values(data={**data, "comment": found}))
