"""API bodies read with JSON's own types: `true` and `false` are the booleans, a number is a number.

Litestar decodes a JSON body to plain values, then converts them to the handler's type with msgspec's lenient rules
(`strict=False`, which query and path parameters need: "5" for 5): a body's `1` and `0` were taken for booleans,
"5" for a number (issue 65). The API's requests decode their body straight into the handler's `data` type, strictly;
the value then passes Litestar's conversion untouched (msgspec keeps a value already of the type it is given). As
JSON Schema, which the API's document speaks, a number of no fraction (2.0) is a whole number. A wrong type is
refused as Litestar refuses one (400, the field and what was expected: web/decoder_words.py)."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import SerializationException, ValidationException
from litestar.serialization import decode_json

_AT = re.compile(r"`\$\.(.+)`$")  # msgspec says where: "Expected `bool`, got `int` - at `$.members_see_emails`"
_FLOAT_FOR_INT = re.compile(r"^Expected `[^`]*\bint\b[^`]*`, got `float`")  # `int`, `int | null`, `int | str`


class _Refused(Exception):
    def __init__(self, said: str) -> None:
        super().__init__(said)
        self.said = said


def _whole(value: Any) -> Any:
    """`value` with every number of no fraction (2.0) as a whole one (2)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_whole(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole(item) for key, item in value.items()}
    return value


class StrictJsonRequest(Request):  # type: ignore[type-arg]  # its user, auth and state types as the app's
    """A request whose JSON body is decoded into its handler's `data` type with msgspec's strict rules."""

    _typed: Any = msgspec.UNSET

    async def json(self) -> Any:
        field = self.route_handler.parsed_data_field
        if field is None:
            return await super().json()
        if self._typed is msgspec.UNSET:
            body = await self.body() or b"null"
            try:
                self._typed = self._decoded(body, field.annotation)
            except _Refused as refused:
                if not _FLOAT_FOR_INT.match(refused.said):
                    raise self._refused(refused.said) from None
                try:
                    self._typed = self._decoded(msgspec.json.encode(_whole(decode_json(body))), field.annotation)
                except _Refused as again:
                    raise self._refused(again.said) from None
        return self._typed

    def _decoded(self, body: bytes, annotation: Any) -> Any:
        try:
            return decode_json(
                body, target_type=annotation, type_decoders=self.route_handler.resolve_type_decoders(), strict=True
            )
        except SerializationException as exc:
            if not isinstance(exc.__cause__, msgspec.ValidationError):
                raise  # not JSON at all: as Litestar says it
            raise _Refused(str(exc.__cause__)) from None

    def _refused(self, said: str) -> ValidationException:
        """The refusal Litestar's own conversion makes of a body's wrong value: its message, and the field's path."""
        at = _AT.search(said)
        message = {"message": said.split(" - ", 1)[0], "key": at.group(1) if at else "data", "source": "body"}
        return ValidationException(detail=f"Validation failed for {self.method} {self.url.path}", extra=[message])
