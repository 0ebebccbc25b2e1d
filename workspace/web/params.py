"""What handlers receive, declared explicitly: Litestar 3 no longer infers it from argument names.

`db: Db` and `actor: Who` are the app's dependencies (named `db` and `actor` in `create_app`);
`slug: Slug`, `ref: Ref`, `eid: Eid` are path parameters; query parameters and other path
parameters use `FromQuery[...]` and `FromPath[...]` as they are; API bodies are `JSONBody[...]`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, PathParameter

from ..domain.declaration.document import EID
from ..domain.series import AMENDMENT_PATTERN, MAX_NUMBER, PLAIN_PATTERN
from ..domain.vocabulary import SLUG
from ..services.actor import Actor
from ..services.unit import Store, Unit

__all__ = [
    "AmendmentRef",
    "Asker",
    "Db",
    "DelegationCode",
    "Eid",
    "EmailPath",
    "FromPath",
    "FromQuery",
    "InPath",
    "ItemRef",
    "JSONBody",
    "Number",
    "Query",
    "Ref",
    "Slug",
    "StoreDep",
    "VersionRef",
    "Who",
]

Db = NamedDependency[Unit]
"""The request's one transaction (the `db` dependency): services take it as their store."""

StoreDep = NamedDependency[Store]
"""The store itself (the `store` dependency), for handlers that run several transactions (sign-in)."""

Who = NamedDependency[Actor | None]
"""Who is asking, or None when nobody is signed in (the `actor` dependency)."""

Asker = NamedDependency[Callable[[], Actor | None]]
"""Who is asking, read when called, in the request's own transaction (the `asker` dependency)."""

# The patterns are the domain's own: a path value that cannot name anything is refused (400) before
# any lookup, and the OpenAPI document says which values can.
Slug = Annotated[str, PathParameter(pattern=SLUG.pattern, description="A process's slug.")]
"""A process's slug in the path."""

Ref = Annotated[str, PathParameter(pattern=SLUG.pattern, description="A session's or a recommendation's reference.")]
"""A session or recommendation ref in the path."""

VersionRef = Annotated[str, PathParameter(description="A version's number (1, 2 …) or label (Rev.1).")]
"""A version's number or label in the path: labels are free text."""

Eid = Annotated[str, PathParameter(pattern=EID.pattern, description="A paragraph's eId (op_12).")]
"""A paragraph's eId in the path."""
ParagraphRef = Annotated[
    str, PathParameter(max_length=64, description="A paragraph's eId (op_12) or its printed reference (OP 14).")
]
"""A paragraph in the path of a page a person may type: its eId or its printed reference."""

InPath = FromPath[str]
"""A value of a page's path that what it names checks: a language, a bracket, a comment, a mailed link's token …"""

Query = FromQuery[str | None]
"""An optional text in the query string: a filter, a version, a language …"""

Number = Annotated[
    int, PathParameter(ge=1, le=MAX_NUMBER, description="A number (an amendment's, a thread's …): 1, 2 …")
]
"""A number or id in the path: one the database can hold (400 else, before any lookup)."""

AmendmentRef = Annotated[
    str,
    PathParameter(
        pattern=AMENDMENT_PATTERN,
        description=(
            "An amendment's number (7) or label: A7, or D3 for the committee's amendments to the working draft (its "
            "draft series)."
        ),
    ),
]
"""An amendment in the path: 7, A7, D3."""

ItemRef = Annotated[
    str,
    PathParameter(
        pattern=PLAIN_PATTERN,
        description=("A number (7), or D3 for one of the committee's on the working draft (its draft series)."),
    ),
]
"""A thread or a comment in the path: 7, D3."""

LinkToken = Annotated[
    str,
    PathParameter(
        schema_extra={"pattern": "^[A-Za-z0-9_-]{43}$"},
        description="The secret of a mailed link (an invitation, a password reset).",
    ),
]
"""A mailed link's secret in the path: documented, not enforced, so that a mangled link gets the same 404 as a used
one."""

EmailPath = Annotated[
    str, PathParameter(max_length=254, schema_extra={"format": "email"}, description="A person's e-mail address.")
]
"""An e-mail address in the path."""

DelegationCode = Annotated[
    str,
    PathParameter(
        pattern="^[A-Za-z0-9](?:[A-Za-z0-9-]{0,14}[A-Za-z0-9])$",
        description="A delegation's code (ARG, G-77, EU), in either case.",
    ),
]
"""A delegation's code in the path."""
