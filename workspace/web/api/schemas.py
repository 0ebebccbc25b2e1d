"""Wire types of the API's request bodies (responses are the services' views)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar.openapi.spec import Schema
from litestar.params import Parameter
from msgspec import Struct

from ...domain.amendment_commands import (
    Compromise,
    DecideAmendment,
    EditAmendment,
    Objection,
    ProposeAmendment,
    SetParagraphStatus,
)
from ...domain.comment_commands import OpenThread, QuoteInput
from ...domain.consultation_commands import RecommendationFields, SessionFields
from ...domain.consultations import Decision, MemberDraft, ProcessDraft, ProcessSettings
from ...domain.declaration_commands import (
    AddParagraph,
    Circulate,
    EditParagraph,
    ImportVersion,
    MoveParagraph,
    RestoreParagraph,
)
from ...domain.document import EID, MAX_DEPTH, Kind
from ...domain.vocabulary import LANGUAGES, SLUG, Phase, RecommendationStatus, Role
from ...services.publication import Publish
from ...services.translations.views import GlossaryEntry


def _says(**schema: Any) -> Any:
    """What the OpenAPI document says of a field whose value the app checks itself. msgspec does not
    enforce it (a msgspec `Meta` constraint would): a wrong value still gets the app's own 422 with its
    reason, never the framework's 400."""
    return Parameter(schema_extra=schema)


Language = Annotated[str, _says(enum=list(LANGUAGES))]
# A text per language (titles, places): keys are language codes.
PerLanguage = Annotated[dict[str, str], _says(property_names=Schema(type="string", enum=list(LANGUAGES)))]  # type: ignore[arg-type]
SlugText = Annotated[str, _says(pattern=SLUG.pattern)]
EidText = Annotated[str, _says(pattern=EID.pattern)]
KindName = Annotated[str, _says(enum=[kind.value for kind in Kind])]
Depth = Annotated[int, _says(minimum=0, maximum=MAX_DEPTH)]
Marker = Annotated[str, _says(pattern=r"^(?:[-+*]|\d{1,9}[.)]|\)|#{2,6})?$")]
RoleName = Annotated[str, _says(enum=[role.value for role in Role])]
PhaseName = Annotated[str, _says(enum=[phase.value for phase in Phase])]
StatusName = Annotated[str, _says(enum=[status.value for status in RecommendationStatus])]


class Body(Struct, forbid_unknown_fields=True):
    """A request body: an unknown field is refused. `command()` makes what the service takes."""


class TokenRequest(Body):
    email: str
    password: str
    name: str = "API"


class TokenName(Body):
    name: str


class ProcessInput(Body):
    slug: SlugText
    titles: PerLanguage
    source_language: Language
    languages: list[Language] | None = None
    timezone: str = "UTC"
    places: PerLanguage | None = None  # the place of the date line in each language
    place: str = ""  # the source language's place, for a client that gives only that one
    phase: PhaseName | None = None
    members_see_emails: bool = False

    def command(self) -> ProcessDraft:
        return ProcessDraft.build(
            slug=self.slug, titles=self.titles, source_language=self.source_language, languages=self.languages,
            timezone=self.timezone, places=self.places, place=self.place, phase=self.phase, members_see_emails=self.members_see_emails,
        )


class ProcessUpdate(Body):
    titles: PerLanguage
    source_language: Language
    languages: list[Language] | None = None
    timezone: str = "UTC"
    places: PerLanguage | None = None  # the place of the date line in each language
    place: str = ""  # the source language's place, for a client that gives only that one
    phase: PhaseName | None = None
    members_see_emails: bool = False

    def command(self) -> ProcessSettings:
        return ProcessSettings.build(
            titles=self.titles, source_language=self.source_language, languages=self.languages,
            timezone=self.timezone, places=self.places, place=self.place, phase=self.phase, members_see_emails=self.members_see_emails,
        )


class MemberInput(Body):
    email: str
    role: RoleName
    name: str = ""
    languages: list[Language] | None = None
    reviews: list[Language] | None = None  # a translator's languages they may also approve in

    def command(self) -> MemberDraft:
        return MemberDraft.build(email=self.email, role=self.role, name=self.name, languages=self.languages, reviews=self.reviews)


class SessionInput(Body):
    title: str
    starts_at: str
    ends_at: str
    ref: SlugText | None = None
    timezone: str | None = None
    place: str = ""
    platform: str = ""
    organisers: list[str] | None = None
    languages: list[Language] | None = None
    capacity: int | None = None
    theme: str = ""
    summary: str = ""

    def command(self) -> SessionFields:
        """The session's fields; `ref` goes with them only when the session is created."""
        return SessionFields(
            title=self.title, starts_at=self.starts_at, ends_at=self.ends_at, timezone=self.timezone,
            place=self.place, platform=self.platform, organisers=tuple(self.organisers or ()),
            languages=tuple(self.languages or ()), capacity=self.capacity, theme=self.theme, summary=self.summary,
        )


class ConceptNote(Body):
    filename: str
    text: str


class RecommendationInput(Body):
    text: str
    language: Language | None = None
    author: str = ""
    organisation: str = ""
    themes: list[str] | None = None
    session: SlugText | None = None

    def command(self) -> RecommendationFields:
        """The recommendation's fields; `session` moves it, on an edit (a new one's session is in the path)."""
        return RecommendationFields(
            text=self.text, language=self.language, author=self.author, organisation=self.organisation,
            themes=tuple(self.themes or ()),
        )


class DecisionInput(Body):
    status: StatusName
    reason: str = ""

    def command(self) -> Decision:
        return Decision.build(status=self.status, reason=self.reason)


class LocaleInput(Body):
    locale: Language | None = None


class NewParagraph(Body):
    kind: KindName
    text: str
    after: EidText | None = None
    base_order: int | None = None
    depth: Depth = 0  # a sub-item of the list item `after` (or of its list)
    marker: Marker = ""  # "-", "1." … for a list item, "##" for a heading

    def command(self) -> AddParagraph:
        return AddParagraph.build(self.kind, self.text, self.after, self.base_order, self.depth, self.marker)


class ParagraphEdit(Body):
    text: str
    base_revision: str
    kind: KindName | None = None
    note: str = ""
    editorial: bool = False
    depth: Depth | None = None  # None: keep its place in the lists
    marker: Marker | None = None

    def command(self) -> EditParagraph:
        return EditParagraph.build(self.base_revision, self.text, self.kind, self.note, self.editorial, self.depth, self.marker)


class MoveInput(Body):
    after: EidText | None = None
    base_order: int | None = None

    def command(self) -> MoveParagraph:
        return MoveParagraph.build(self.after, self.base_order)


class RestoreInput(Body):
    revision: str
    base_revision: str | None = None
    after: str | None = None

    def command(self) -> RestoreParagraph:
        return RestoreParagraph.build(self.revision, self.base_revision, self.after)


class CirculateInput(Body):
    label: str
    note: str = ""
    date: str | None = None

    def command(self) -> Circulate:
        return Circulate.build(self.label, self.date, self.note)


class VersionFile(Body):
    filename: str
    text: str
    label: str | None = None
    language: Language | None = None
    preview: bool = False
    replace_draft: bool = False
    base_draft: str | None = None

    def command(self) -> ImportVersion:
        return ImportVersion.build(self.filename, self.text, self.label, self.language, self.preview,
                                   self.replace_draft, self.base_draft)


class LinkInput(Body):
    eid: EidText


class NewAccount(Body):
    """A person new to Accord accepting an invitation: the name others will see, and a password."""

    name: str
    password: str


class AmendmentInput(Body):
    version: str
    eid: str
    kind: str
    text: str = ""
    rationale: str = ""
    paragraph_kind: str | None = None  # an insert: heading, preambular or operative (default)

    def command(self) -> ProposeAmendment:
        return ProposeAmendment.build(self.version, self.eid, self.kind, self.text, self.rationale, self.paragraph_kind)


class AmendmentUpdate(Body):
    text: str | None = None
    rationale: str | None = None

    def command(self) -> EditAmendment:
        return EditAmendment.build(self.text, self.rationale)


class DecisionOnAmendment(Body):
    decision: str
    reason: str = ""
    text: str | None = None

    def command(self) -> DecideAmendment:
        return DecideAmendment.build(self.decision, self.reason, self.text)


class CompromiseInput(Body):
    amendments: list[int]
    text: str
    reason: str = ""

    def command(self) -> Compromise:
        return Compromise.build(self.amendments, self.text, self.reason)


class ParagraphStatusInput(Body):
    status: str
    note: str = ""

    def command(self) -> SetParagraphStatus:
        return SetParagraphStatus.build(self.status, self.note)


class DeadlineInput(Body):
    deadline: str  # ISO 8601; without an offset, in the process's time zone


class SilenceInput(Body):
    version: str
    deadline: str


class ObjectionInput(Body):
    text: str

    def command(self) -> Objection:
        return Objection.build(self.text)


class QuoteBody(Body):
    """A text-quote selector (`exact`, `prefix`, `suffix`) with its position (`start`, `end`) in the paragraph's text."""

    exact: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


class ThreadInput(Body):
    version: str
    eid: EidText
    body: str
    quote: QuoteBody | None = None

    def command(self) -> OpenThread:
        quote = QuoteInput.build(self.quote.exact, self.quote.prefix, self.quote.suffix, self.quote.start, self.quote.end) \
            if self.quote is not None else None
        return OpenThread.build(self.version, self.eid, quote, self.body)


class CommentInput(Body):
    body: str


class InboxRead(Body):
    ids: list[int] | None = None  # none: all


class TranslationInput(Body):
    text: str
    source_revision: str
    state: Annotated[str, _says(enum=["draft", "translated"])] = "draft"
    base_text_revision: str | None = None  # the translation's `text_revision` you read ("" for none): 409 if it changed
    # An outdated translation saved with its text unchanged is refused (409 with the source's change) unless you
    # confirm that it is still correct for the source as it reads now; its reviewer sees that you did.
    still_correct: bool = False


class RejectInput(Body):
    note: str = ""


class GlossaryTermInput(Body):
    source: str
    translations: dict[str, str] = {}
    forbidden: dict[str, list[str]] = {}
    note: str = ""


class GlossaryInput(Body):
    revision: str
    terms: list[GlossaryTermInput]

    def entries(self) -> list[GlossaryEntry]:
        return [GlossaryEntry(source=t.source, translations=t.translations, forbidden=t.forbidden, note=t.note) for t in self.terms]


class PublishInput(Body):
    version: str
    symbol: str
    date: str | None = None  # YYYY-MM-DD, the date line's (default: today in the process's time zone)
    places: PerLanguage | None = None  # the date line's place per language (default: the process's)
    corrigendum_of: int | None = None
    corrects: str = ""

    def command(self) -> Publish:
        return Publish.build(self.version, self.symbol, self.date, self.places, self.corrigendum_of, self.corrects)


class PasswordResetRequest(Body):
    email: Annotated[str, Parameter(max_length=254)]


class NewPassword(Body):
    password: Annotated[str, Parameter(max_length=1000)]


class NotificationChoices(Body):
    """`{"kinds": {"version_circulated": "immediate", "thread_reply": "daily", …}}`: the kinds named change."""

    kinds: dict[str, str]
