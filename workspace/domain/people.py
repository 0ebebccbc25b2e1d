"""How a person is named to others once their account is erased (issue 36): "a former member", in the reader's
language, wherever their contributions are shown (pages, the API, exports, mails, live events).

An erased account keeps its row (its comments, amendments, positions … still point to it) with an empty name: the
store reads that empty name as a `FormerMember` (store.types.PersonName), so every place that reads `users.name` —
an ORM attribute, a `select(User.id, User.name)`, a join — names the erased person the same way without knowing of
erasure. A `FormerMember` is a `str` holding the words in the language of the moment it was read; said again
(`str()`, a `%` or `{}` format, a page's escaping, the API's JSON encoder) it speaks the language of that moment, so a
view kept across readers of several languages (services.kept) still reads right to each.

And what a person asks of their own account (a token, its language, a password through a mailed link, joining by
invitation) or an administrator of someone's, each declared once: the command the API decodes, the page decodes and
the use case receives."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Self

from .errors import N_
from .inputs import Command, Rule, Text, says, text_schema
from .values import flag
from .vocabulary import LANGUAGES

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


# What a person asks of their account, and an administrator of someone's (issue 62: each declared once, the type the
# API decodes, the page decodes and the use case receives).

Email = Annotated[str, says(format="email", max_length=254)]
"""An e-mail address (the use case reads it: 422 for one that is not)."""
Password = Annotated[str, says(min_length=8, max_length=1000)]
"""A new password (the use case weighs it: 422 for one too short, too long or too common)."""
LocaleChoice = Annotated[
    str, says(enum=[*LANGUAGES, "", None], description="A language, or empty (or null) for the browser's.")
]
"""The enum says null too: the schema puts what a field's type says beside its `oneOf` of a text and null."""
TokenLabel = Annotated[str, says(**text_schema(100, required=True)), Text(100, required=True)]


@dataclass(frozen=True)
class Flag(Rule):
    """A yes/no field as sent: true or false, nothing that only looks like one (0, "no")."""

    def __call__(self, value: Any, field: str) -> Any:
        return flag(value, field)


class NameToken(Command, frozen=True):
    """A new personal API token, named to tell it from the others (shown once)."""

    name: TokenLabel


class TokenForPassword(Command, frozen=True):
    """An e-mail and password exchanged for a personal API token named `name` (shown once)."""

    email: str
    password: str
    name: TokenLabel = "API"


class ChooseLocale(Command, frozen=True):
    """The interface language kept on the account: null or "" (what the pages' "browser's language" choice sends):
    no choice kept, the browser's language is used."""

    locale: LocaleChoice | None = None


class ChangeAccess(Command, frozen=True):
    """`disabled`: true, the account cannot sign in (its sessions and personal tokens end at once); false, it can
    again. Checked as sent: 0 or "no" is not a boolean (422)."""

    disabled: Annotated[Any, says(type="boolean"), Flag()]


class JoinAsNew(Command, frozen=True):
    """A person new to Accord accepting an invitation: the name others will see, and a password."""

    name: Annotated[str, says(**text_schema(200, required=True)), Text(200, required=True)]
    password: Password


class AskLink(Command, frozen=True):
    """The address of an account, to mail it a link (to choose a new password, or to sign in)."""

    email: Email


class ChoosePassword(Command, frozen=True):
    """The new password, chosen through a mailed link."""

    password: Password


class ChangeOwnPassword(Command, frozen=True):
    """A signed-in person's new password, typed twice, with their current one (a field left empty is "")."""

    current_password: str = ""
    new_password: str = ""
    repeat_password: str = ""
