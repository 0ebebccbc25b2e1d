"""The one refusal path of the pages: a page's form is decoded into the use case's own command, and a refusal
(422 with the reasons beside their fields, 409 with the other person's change, 403, 404, 429) shows the page again
with what the person typed, whichever step refused it.

A page handler reads like the API's: decode → use case → flash → redirect. It declares its form as the command
(`data: Form[ResolveBracket]`) and says which view shows the page again (`@shown_again(_dashboard)`): the form is
then read as sent (text, as every browser sends it) and made into the command inside the handler's call, so that a
refused value is shown again as any other refusal, not answered as a bare error page before the handler runs.
A refusal the page does not show again (`shows`) is answered as everywhere: its error page, a 429's Retry-After.
What a page shows beside its main part, or without (a side panel, a name), is `tried`: the value or the refusal.
"""

from __future__ import annotations

import functools
import inspect
import re
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

import msgspec
from litestar.enums import RequestEncodingType
from litestar.params import Body

from ...domain.errors import N_, AccordError, Conflict, Forbidden, InvalidInput, NotFound, TooMany
from ...domain.inputs import Command
from ..http import AnyResponse
from .common import failure

Refusals = tuple[type[AccordError], ...]

REFUSED: Refusals = (InvalidInput, Conflict, Forbidden, NotFound, TooMany)
"""What a page shows again with its form by default; anything else (a 401, a server error) is answered as everywhere."""
OF_THE_FORM: Refusals = (InvalidInput, Conflict, TooMany)
"""What was typed, or the moment, refused: shown beside the form. Not the person (403), nor what they named (404)."""
REFUSAL_KEYS = ("status", "error", "errors", "error_field", "error_fields")
"""What a view is told of a refusal (common.failure), beside the handler's arguments."""

H = TypeVar("H", bound=Callable[..., Any])
C = TypeVar("C", bound=Command)
T = TypeVar("T")

_SENT = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
Sent = Mapping[str, Any]
"""A handler's `sent: Sent`: its form's fields as sent (text, or a list of texts for a field sent several times),
for what the page asks beside the command (where to go back to)."""
_AT = re.compile(r"`\$\.([^`.\[]+)")


def shown_again(view: Callable[..., AnyResponse], *, shows: Refusals = REFUSED) -> Callable[[H], H]:
    """Decorate a page's handler: `view` shows the page again when the form or the use case refuses (one of
    `shows`), called with every argument of the handler by name (the form's fields as they were sent in `values`)
    and the refusal (REFUSAL_KEYS: common.failure); a view that names a `refusal` parameter is given the refusal
    itself too (an import's report, a 429's wait)."""

    def decorate(handler: H) -> H:
        forms = _command_forms(handler)
        signature = inspect.signature(handler)
        wants_sent = "sent" in signature.parameters  # the form as sent, for a page's own fields beside the command
        wants_refusal = "refusal" in inspect.signature(view).parameters

        @functools.wraps(handler)
        def again(**kwargs: Any) -> Any:
            try:
                typed: dict[str, Any] = {name: decoded(kind, kwargs[name]) for name, kind in forms.items()}
                if wants_sent:
                    typed["sent"] = next((kwargs[name] for name in forms), {})
                return handler(**{**kwargs, **typed})
            except shows as exc:
                sent = {name: kwargs.pop(name) for name in forms}
                values = next(iter(sent.values()), None) or _values(kwargs)
                itself = {"refusal": exc} if wants_refusal else {}
                return view(**kwargs, values=values, **failure(exc), **itself)

        if forms:  # Litestar reads the form as sent: the handler's own annotation is the command it is made into
            del again.__wrapped__
            again.__signature__ = signature.replace(  # type: ignore[attr-defined]
                parameters=[
                    p.replace(annotation=_SENT) if p.name in forms else p
                    for p in signature.parameters.values()
                    if p.name != "sent"
                ]
            )
            hints = typing.get_type_hints(handler, include_extras=True)
            hints.pop("sent", None)
            again.__annotations__ = {**hints, **dict.fromkeys(forms, _SENT)}
        return typing.cast(H, again)

    return decorate


def refusal_of(context: Mapping[str, Any]) -> dict[str, Any]:
    """What a page shows of a refusal, out of the arguments its view was called with (not the handler's own)."""
    return {key: context[key] for key in REFUSAL_KEYS if key in context}


def untyped(view: Callable[..., AnyResponse]) -> Callable[..., AnyResponse]:
    """`view` shown again without what was typed: a form whose fields are not that page's own (a move's, a
    restoration's, on a paragraph's page)."""
    return lambda values, **context: view(**context)


def tried(make: Callable[[], T], refusals: Refusals = REFUSED) -> T | AccordError:
    """`make()`, or the refusal (one of `refusals`) it made: for what a page shows beside its main part, or without
    (a side panel, a paragraph's name), the refusal said where it goes or passed over."""
    try:
        return make()
    except refusals as exc:
        return exc


def _command_forms(handler: Callable[..., Any]) -> dict[str, type[Command]]:
    """The handler's arguments that are a form decoded into a command: `Form[SomeCommand]`."""
    found = {}
    for name, hint in typing.get_type_hints(handler, include_extras=True).items():
        kind = typing.get_args(hint)[0] if typing.get_origin(hint) is Annotated else hint
        if isinstance(kind, type) and issubclass(kind, Command):
            found[name] = kind
    return found


def _values(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a form that is not a command (a page form), as typed."""
    form = kwargs.get("data")
    return msgspec.structs.asdict(form) if isinstance(form, msgspec.Struct) else {}


def decoded(kind: type[C], sent: Mapping[str, Any]) -> C:
    """The command a form makes: its fields as sent (text), those the command does not name left out (the form's
    token, a page's own fields), a field given once where the command takes several made a list of one. A value the
    command's type cannot hold is refused as the command refuses a wrong value: 422 naming the field."""
    fields = {f.name: f for f in msgspec.structs.fields(kind)}
    given = {name: _shaped(value, fields[name].type) for name, value in sent.items() if name in fields}
    try:
        return msgspec.convert(given, kind, strict=False)
    except msgspec.ValidationError as exc:
        raise _refusal(str(exc), given) from None


def _shaped(value: Any, hint: Any) -> Any:
    many = typing.get_origin(hint) in (list, tuple) or any(
        typing.get_origin(arm) in (list, tuple) for arm in typing.get_args(hint)
    )
    return [value] if many and isinstance(value, str) else value


def _refusal(said: str, given: Mapping[str, Any]) -> InvalidInput:
    at = _AT.search(said)
    field = at.group(1) if at else said.rsplit("`", 2)[-2] if said.count("`") >= 2 else ""
    if said.startswith("Object missing required field"):
        message = N_("The field “{field}” is required.")
    elif re.match(r"Expected `[^`]*\bbool\b", said):
        message = N_("The field “{field}” must be true or false.")
    elif re.match(r"Expected `[^`]*\bint\b", said):
        message = N_("The field “{field}” must be a whole number.")
    else:
        message = N_("The field “{field}” must be text.")
    return InvalidInput(message, field=field, detail={"field": field})
