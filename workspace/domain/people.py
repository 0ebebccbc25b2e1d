"""How a person is named to others once their account is erased (issue 36): "a former member", in the reader's
language, wherever their contributions are shown (pages, the API, exports, mails, live events).

An erased account keeps its row (its comments, amendments, positions … still point to it) with an empty name: the
store reads that empty name as a `FormerMember` (store.types.PersonName), so every place that reads `users.name` —
an ORM attribute, a `select(User.id, User.name)`, a join — names the erased person the same way without knowing of
erasure. A `FormerMember` is a `str` holding the words in the language of the moment it was read; said again
(`str()`, a `%` or `{}` format, a page's escaping, the API's JSON encoder) it speaks the language of that moment, so a
view kept across readers of several languages (services.kept) still reads right to each."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Self

from .errors import N_

FORMER_MEMBER = N_("a former member")

_SAYING: list[Callable[[str], str]] = [lambda message: message]


def say_with(translate: Callable[[str], str]) -> None:
    """How a message id reads in the current reader's language: set once by `workspace.i18n` (domain stays pure)."""
    _SAYING[0] = translate


def _said() -> str:
    return _SAYING[0](FORMER_MEMBER)


class FormerMember(str):
    """The name of a person whose account was erased, in the reader's language."""

    __slots__ = ()

    def __new__(cls) -> Self:
        return super().__new__(cls, _said())

    def __str__(self) -> str:
        return _said()

    def __format__(self, spec: str) -> str:
        return format(_said(), spec)

    def __html__(self) -> str:
        """What a template shows (markupsafe asks this before escaping)."""
        return html.escape(_said())

    def __reduce__(self) -> tuple[type[FormerMember], tuple[()]]:
        return FormerMember, ()


def is_former(name: object) -> bool:
    return isinstance(name, FormerMember)
