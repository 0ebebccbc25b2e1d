"""The declarative base every table of Accord derives from, and the constraints and indexes several features share."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, ForeignKeyConstraint, Index, MetaData
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeEngine

from ..types import UTCDateTime

# Stable constraint names, so migrations can name what they alter.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, TypeEngine[Any]]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
        dict[str, str]: JSON(),
        dict[str, list[str]]: JSON(),
        list[dict[str, str]]: JSON(),
    }


def paragraph_fk() -> ForeignKeyConstraint:
    """(process, eId) of a row that speaks of a paragraph must be a registered paragraph."""
    return ForeignKeyConstraint(["process_id", "eid"], ["paragraphs.process_id", "paragraphs.eid"])


def _naming_when_set(column: Column[Any]) -> Index:
    """The index of a nullable column that names a text, over the rows that name one: whole, SQLite's statistics count
    its NULLs (most rows) as one value, and its planner then reads the table through rather than the index when a
    deleted process's texts are looked for (services/processes/deletion.py)."""
    named = column.is_not(None)
    return Index(f"ix_{column.table.name}_{column.name}", column, sqlite_where=named, postgresql_where=named)


def index_texts_named() -> None:
    """Index every nullable column naming a text (the others are indexed where made): called once, every table
    declared (models/__init__.py)."""
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "paragraph_revisions" and fk.parent.nullable:
                _naming_when_set(fk.parent)
