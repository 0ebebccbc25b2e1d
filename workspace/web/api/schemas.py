"""Wire types of the API's request bodies (responses are the services' views)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import Parameter, QueryParameter
from msgspec import Struct

from ...domain.declaration.document import EID
from ...domain.inputs import DELEGATION_CODE
from ...domain.translations.terms import MAX_TERM
from ...domain.vocabulary import LANGUAGES, Role
from ...services.translations.glossary import MAX_TERMS
from ...services.translations.views import GlossaryEntry


def field_says(**schema: Any) -> Any:
    """What the OpenAPI document says of a field whose value the app checks itself. msgspec does not
    enforce it (a msgspec `Meta` constraint would): a wrong value still gets the app's own 422 with its
    reason, never the framework's 400."""
    return Parameter(schema_extra=schema)


# What every text refuses (tests/unit/domain/test_values.py): C0 and C1 controls but tab and line feed, and the
# noncharacters a file cannot carry (lone surrogates too, which UTF-8 JSON cannot hold: left out of the class,
# where they make schemathesis generate the very characters refused). Required texts hold more than spaces.
_REFUSED = r"\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff"


def text_schema(limit: int, *, required: bool = False) -> dict[str, Any]:
    """What the schema says of a text the app checks with `text_field(limit=…, required=…)`."""
    if required:
        return {"max_length": limit, "min_length": 1, "pattern": f"^[^{_REFUSED}]*[^{_REFUSED}\\s][^{_REFUSED}]*$"}
    return {"max_length": limit, "pattern": f"^[^{_REFUSED}]*$"}


def choice_filter(values: Iterable[str], **options: Any) -> Any:
    """A query filter of a closed set. Empty, as an HTML form sends an unchosen filter, filters nothing."""
    return QueryParameter(schema_extra={"enum": [*values, ""]}, **options)


Language = Annotated[str, field_says(enum=list(LANGUAGES))]


EidText = Annotated[str, field_says(pattern=EID.pattern)]
DelegationCode = Annotated[str, field_says(pattern=DELEGATION_CODE, description="ARG, G-77, EU … (stored in capitals)")]
# A query naming a delegation by its code (empty, as an unchosen form filter sends it: none).
DelegationQuery = Annotated[
    str | None, QueryParameter(schema_extra={"pattern": "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,14}[A-Za-z0-9]))?$"})
]
RoleName = Annotated[str, field_says(enum=[role.value for role in Role])]


class Body(Struct, forbid_unknown_fields=True):
    """A request body: an unknown field is refused. `command()` makes what the service takes."""


class ConceptNote(Body):
    filename: Annotated[str, field_says(**text_schema(255))]
    text: str


class LinkInput(Body):
    eid: EidText


Term = Annotated[str, field_says(**text_schema(MAX_TERM, required=True))]
TermPerLanguage = Annotated[
    dict[str, str],
    field_says(
        property_names=Schema(type=OpenAPIType.STRING, enum=list(LANGUAGES)),
        additional_properties=Schema(type=OpenAPIType.STRING, **text_schema(MAX_TERM, required=True)),
    ),
]
TermsPerLanguage = Annotated[
    dict[str, list[Term]], field_says(property_names=Schema(type=OpenAPIType.STRING, enum=list(LANGUAGES)))
]


class GlossaryTermInput(Body):
    source: Term
    translations: TermPerLanguage = {}
    forbidden: TermsPerLanguage = {}
    note: Annotated[str, field_says(**text_schema(1000))] = ""


class GlossaryInput(Body):
    revision: str
    terms: Annotated[list[GlossaryTermInput], field_says(max_items=MAX_TERMS)]

    def entries(self) -> list[GlossaryEntry]:
        return [
            GlossaryEntry(source=t.source, translations=t.translations, forbidden=t.forbidden, note=t.note)
            for t in self.terms
        ]
