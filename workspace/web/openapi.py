"""What the OpenAPI document says besides what Litestar reads from the handlers: the errors every
operation may answer, and the wire form of a diff piece."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.spec import Components, OpenAPIMediaType, OpenAPIType, Operation, Schema, SecurityScheme
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition
from msgspec import Struct

from ..domain.diffing import Piece
from ..domain.token_runs import Op
from .security import LocalRedoc

__all__ = ["ERROR_RESPONSES", "SCHEMA_PLUGINS", "ErrorBody", "PublicOperation", "also_as", "openapi_config"]


class ErrorBody(Struct, frozen=True):
    """Every error of the API: a message to show, in the reader's language, and details for programs."""

    error: str
    detail: Any  # null, or what was wrong: {"field": …}, {"file": …, "line": …}, the current text of a stale edit …


_ERRORS = {
    400: (
        "The request could not be read: malformed JSON, a body or query of the wrong shape, a path value of the "
        "wrong form."
    ),
    401: "Nobody is signed in: send `Authorization: Bearer <token>` (a browser session may only read).",
    403: "The person's role in this process may not do this; `detail.action` names what was refused.",
    404: "No such thing, or a process the person does not belong to (outsiders learn nothing about it).",
    409: (
        "This conflicts with the current state: a stale `base_revision` or `base_order`, a duplicate, an immutable "
        "version."
    ),
    413: "The body is larger than the server accepts.",
    422: "A value is not valid; the message says which and why.",
    429: (
        "Too many attempts (wrong passwords, or sign-ins at once) or live streams open (eight per person): try again "
        "after `Retry-After` seconds."
    ),
    503: "The store is busy: try again after `Retry-After` seconds.",
}
ERROR_RESPONSES = {
    status: ResponseSpec(data_container=ErrorBody, description=description, generate_examples=False)
    for status, description in _ERRORS.items()
}
"""The errors of the API, declared once for every operation (on the API router)."""


@dataclass
class PublicOperation(Operation):
    """An operation anyone may call, signed in or not (`security: []`): Litestar drops an empty `security`,
    which would leave the document's global one, a token, in force."""

    def __post_init__(self) -> None:
        self.security = []


@dataclass
class OptionalBody(Operation):
    """An operation whose body may be left out (its handler's `data` defaults to None): Litestar says it is required."""

    def __post_init__(self) -> None:
        if self.request_body is not None and hasattr(self.request_body, "required"):
            self.request_body.required = False


def also_as(*media_types: str) -> type[Operation]:
    """An operation whose success answers in `media_types` too (a file, chosen by the path), besides its JSON."""

    @dataclass
    class FileOperation(Operation):
        def __post_init__(self) -> None:
            answered = (self.responses or {}).get("200")
            if answered is not None and not isinstance(answered, dict) and hasattr(answered, "content"):
                answered.content = {
                    **(answered.content or {}),
                    **{kind: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)) for kind in media_types},
                }

    return FileOperation


class PieceSchema(OpenAPISchemaPlugin):
    """A diff piece travels as `[op, text]` (msgspec `array_like`), which Litestar would describe as an object."""

    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return value is Piece

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        return field_definition.annotation is Piece

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        return Schema(
            type=OpenAPIType.ARRAY,
            prefix_items=[
                Schema(type=OpenAPIType.INTEGER, enum=[op.value for op in Op]),
                Schema(type=OpenAPIType.STRING),
            ],
            min_items=2,
            max_items=2,
            description="A run of text: `[-1, text]` deleted, `[0, text]` kept, `[1, text]` inserted.",
        )


class ClosedStructSchema(OpenAPISchemaPlugin):
    """A Struct that refuses unknown fields (every request body) says so: `additionalProperties: false`.
    Litestar's own Struct schema otherwise, which does not read msgspec's `forbid_unknown_fields`: that
    plugin is private, so it is found among the app's schema plugins as the first other one taking the field
    (one before this one would have been chosen instead of it)."""

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        config = getattr(field_definition.type_, "__struct_config__", None)
        return (
            not field_definition.is_union
            and field_definition.is_subclass_of(Struct)
            and bool(config and config.forbid_unknown_fields)
        )

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        made = self._next_plugin(field_definition, schema_creator).to_openapi_schema(field_definition, schema_creator)
        schema_creator.schema_registry.get_schema_for_field_definition(field_definition).additional_properties = False
        return made

    def _next_plugin(self, field_definition: FieldDefinition, schema_creator: Any) -> OpenAPISchemaPlugin:
        return next(
            plugin
            for plugin in schema_creator.plugins
            if isinstance(plugin, OpenAPISchemaPlugin)
            and not isinstance(plugin, ClosedStructSchema)
            and plugin.is_plugin_supported_field(field_definition)
        )


SCHEMA_PLUGINS = [PieceSchema(), ClosedStructSchema()]


def openapi_config(version: str) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Accord API",
        version=version,
        path="/schema",
        render_plugins=[LocalRedoc()],
        description="Consultations, recommendations and declarations of Accord. Authenticate with "
        '`Authorization: Bearer <token>`. Every error is `{"error": message, "detail": …}`.',
        components=Components(security_schemes={"token": SecurityScheme(type="http", scheme="bearer")}),
        security=[{"token": []}],
    )
