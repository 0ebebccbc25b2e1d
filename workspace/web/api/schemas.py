"""Wire types of the API's request bodies (responses are the services' views)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any
from zoneinfo import available_timezones

from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import Parameter, QueryParameter
from msgspec import Meta, Struct, field

from ...domain.amendments.amendment_commands import (
    MAX_BULK,
    Compromise,
    DecideAmendment,
    DecideInOrder,
    EditAmendment,
    Objection,
    ProposeAmendment,
    SetParagraphStatus,
    SetParagraphStatuses,
)
from ...domain.amendments.amendments import AmendmentKind
from ...domain.amendments.amendments import Decision as AmendmentDecision
from ...domain.amendments.negotiation import NegotiationStatus
from ...domain.amendments.renderings import SetRendering
from ...domain.amendments.votes import MAX_ROLL_CALL, MAX_VOTES, Ballot, Vote
from ...domain.comments.comment_commands import OpenThread, QuoteInput
from ...domain.consultations.consultation_commands import RecommendationFields, SessionFields
from ...domain.consultations.consultations import MAX_CAPACITY, Decision, MemberDraft, ProcessDraft, ProcessSettings
from ...domain.declaration.declaration_commands import (
    AddParagraph,
    Circulate,
    EditParagraph,
    ImportVersion,
    MoveParagraph,
    RestoreParagraph,
    SetVersionLabels,
)
from ...domain.declaration.document import EID, MAX_DEPTH, Kind
from ...domain.inputs import DELEGATION_CODE
from ...domain.notifications.news import Cadence
from ...domain.notifications.news import Kind as NewsKind
from ...domain.series import AMENDMENT_PATTERN, MAX_NUMBER
from ...domain.translations.translations import MAX_APPROVALS, ApproveMany
from ...domain.values import MAX_LABEL, MAX_LINE, MAX_PLACE, MAX_TEXT, MAX_THEME
from ...domain.vocabulary import LANGUAGES, SLUG, Phase, RecommendationStatus, Role
from ...services.publication import Publish
from ...services.translations.glossary import MAX_TERM, MAX_TERMS
from ...services.translations.views import GlossaryEntry


def _says(**schema: Any) -> Any:
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


Line = Annotated[str, _says(**text_schema(MAX_LINE))]
RequiredLine = Annotated[str, _says(**text_schema(MAX_LINE, required=True))]
Text = Annotated[str, _says(**text_schema(MAX_TEXT))]
RequiredText = Annotated[str, _says(**text_schema(MAX_TEXT, required=True))]
Name = Annotated[str, _says(**text_schema(200))]
Label = Annotated[str, _says(**text_schema(MAX_LABEL, required=True))]
Note = Annotated[str, _says(**text_schema(2000))]
Revision = Annotated[str, _says(**text_schema(64, required=True))]
Email = Annotated[str, _says(format="email", max_length=254)]
Password = Annotated[str, _says(min_length=8, max_length=1000)]
Zone = Annotated[str, _says(enum=sorted(available_timezones()))]
Language = Annotated[str, _says(enum=list(LANGUAGES))]


def per_language(limit: int) -> Any:
    """A text per language (titles, places, a version's names): keys are language codes, each text at most `limit`."""
    return _says(
        property_names=Schema(type=OpenAPIType.STRING, enum=list(LANGUAGES)),
        additional_properties=Schema(type=OpenAPIType.STRING, **text_schema(limit)),
    )


Titles = Annotated[dict[str, str], per_language(MAX_LINE)]
Places = Annotated[dict[str, str], per_language(MAX_PLACE)]
Labels = Annotated[dict[str, str], per_language(MAX_LABEL)]
SlugText = Annotated[str, _says(pattern=SLUG.pattern)]
EidText = Annotated[str, _says(pattern=EID.pattern)]
DelegationCode = Annotated[str, _says(pattern=DELEGATION_CODE, description="ARG, G-77, EU … (stored in capitals)")]
# A query naming a delegation by its code (empty, as an unchosen form filter sends it: none).
DelegationQuery = Annotated[
    str | None, QueryParameter(schema_extra={"pattern": "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,14}[A-Za-z0-9]))?$"})
]
# Empty, as a form sends an unchosen place or session, is the same as none.
EidOrEmpty = Annotated[
    str, _says(pattern=f"^(?:{EID.pattern.strip('^$')})?$", description="An eId, or empty (the same as null).")
]
SlugOrEmpty = Annotated[
    str, _says(pattern=f"^(?:{SLUG.pattern.strip('^$')})?$", description="A reference, or empty (the same as null).")
]
KindName = Annotated[str, _says(enum=[kind.value for kind in Kind])]
Depth = Annotated[int, _says(minimum=0, maximum=MAX_DEPTH)]
Marker = Annotated[str, _says(pattern=r"^(?:[-+*]|\d{1,9}[.)]|\)|#{2,6})?$")]
RoleName = Annotated[str, _says(enum=[role.value for role in Role])]
ChangeName = Annotated[str, _says(enum=[kind.value for kind in AmendmentKind])]
DecisionName = Annotated[str, _says(enum=[decision.value for decision in AmendmentDecision])]
NegotiationName = Annotated[str, _says(enum=[status.value for status in NegotiationStatus])]
# An amendment named in a body: its number (7), or its label ("A7"; "D3": the committee's on the working draft).
AmendmentNumber = Annotated[
    int | str,
    _says(
        one_of=[
            Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=MAX_NUMBER),
            Schema(type=OpenAPIType.STRING, pattern=AMENDMENT_PATTERN),
        ]
    ),
]
# {"version_circulated": "daily", …}: a cadence per kind of news.
Cadences = Annotated[
    dict[str, str],
    _says(
        property_names=Schema(type="string", enum=[k.value for k in NewsKind]),
        additional_properties=Schema(type="string", enum=[c.value for c in Cadence]),
    ),
]
PhaseName = Annotated[
    str, _says(enum=[phase.value for phase in Phase])
]  # published: kept once a version is published (409 else)
NewPhaseName = Annotated[
    str, _says(enum=[phase.value for phase in Phase if phase != Phase.PUBLISHED])
]  # publishing publishes
StatusName = Annotated[str, _says(enum=[status.value for status in RecommendationStatus])]


class Body(Struct, forbid_unknown_fields=True):
    """A request body: an unknown field is refused. `command()` makes what the service takes."""


class TokenRequest(Body):
    email: str
    password: str
    name: Annotated[str, _says(**text_schema(100, required=True))] = "API"


class TokenName(Body):
    name: Annotated[str, _says(**text_schema(100, required=True))]


class ProcessInput(Body):
    slug: SlugText
    titles: Titles
    source_language: Language
    languages: list[Language] | None = None
    timezone: Zone = "UTC"
    places: Places | None = None  # the place of the date line in each language
    place: Annotated[str, _says(**text_schema(MAX_PLACE))] = (
        ""  # the source language's place, for a client that gives only that one
    )
    phase: NewPhaseName | None = None
    members_see_emails: bool = False
    positions_public: bool = False  # members read every delegation's positions (else their own delegation's)

    def command(self) -> ProcessDraft:
        return ProcessDraft.build(
            slug=self.slug,
            titles=self.titles,
            source_language=self.source_language,
            languages=self.languages,
            timezone=self.timezone,
            places=self.places,
            place=self.place,
            phase=self.phase,
            members_see_emails=self.members_see_emails,
            positions_public=self.positions_public,
        )


class ProcessUpdate(Body):
    titles: Titles
    source_language: Language
    languages: list[Language] | None = None
    timezone: Zone = "UTC"
    places: Places | None = None  # the place of the date line in each language
    place: Annotated[str, _says(**text_schema(MAX_PLACE))] = (
        ""  # the source language's place, for a client that gives only that one
    )
    phase: PhaseName | None = None
    members_see_emails: bool = False
    positions_public: bool = False  # members read every delegation's positions (else their own delegation's)

    def command(self) -> ProcessSettings:
        return ProcessSettings.build(
            titles=self.titles,
            source_language=self.source_language,
            languages=self.languages,
            timezone=self.timezone,
            places=self.places,
            place=self.place,
            phase=self.phase,
            members_see_emails=self.members_see_emails,
            positions_public=self.positions_public,
        )


class MemberInput(Body):
    email: Email
    role: RoleName
    name: Name = ""
    languages: list[Language] | None = None
    reviews: list[Language] | None = None  # a translator's languages they may also approve in

    def command(self) -> MemberDraft:
        return MemberDraft.build(
            email=self.email, role=self.role, name=self.name, languages=self.languages, reviews=self.reviews
        )


class SessionInput(Body):
    title: RequiredLine
    starts_at: str
    ends_at: str
    ref: SlugText | None = None
    timezone: Annotated[str, _says(enum=[*sorted(available_timezones()), ""])] | None = (
        None  # none or empty: the process's
    )
    place: Annotated[str, _says(**text_schema(300))] = ""
    platform: Annotated[str, _says(**text_schema(100))] = ""
    organisers: list[Line] | None = None
    languages: list[Language] | None = None
    capacity: Annotated[int, _says(minimum=0, maximum=MAX_CAPACITY)] | None = None
    theme: Line = ""
    summary: Text = ""

    def command(self) -> SessionFields:
        """The session's fields; `ref` goes with them only when the session is created."""
        return SessionFields(
            title=self.title,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            timezone=self.timezone,
            place=self.place,
            platform=self.platform,
            organisers=tuple(self.organisers or ()),
            languages=tuple(self.languages or ()),
            capacity=self.capacity,
            theme=self.theme,
            summary=self.summary,
        )


class ConceptNote(Body):
    filename: Annotated[str, _says(**text_schema(255))]
    text: str


class RecommendationInput(Body):
    text: RequiredText
    language: Language | None = None
    author: Name = ""
    organisation: Name = ""
    themes: list[Annotated[str, _says(**text_schema(MAX_THEME))]] | None = None
    session: SlugOrEmpty | None = None  # an edit moves it to this session (none or empty: it stays)

    def command(self) -> RecommendationFields:
        """The recommendation's fields; `session` moves it, on an edit (a new one's session is in the path)."""
        return RecommendationFields(
            text=self.text,
            language=self.language,
            author=self.author,
            organisation=self.organisation,
            themes=tuple(self.themes or ()),
        )


class DecisionInput(Body):
    status: StatusName
    reason: Text = ""

    def command(self) -> Decision:
        return Decision.build(status=self.status, reason=self.reason)


class LocaleInput(Body):
    # null or "" (what the pages' "browser's language" choice sends): no choice kept, the browser's language is used.
    locale: (
        Annotated[str, _says(enum=[*LANGUAGES, ""], description="A language, or empty for the browser's.")] | None
    ) = None


class NewParagraph(Body):
    kind: KindName
    text: RequiredText
    after: EidOrEmpty | None = None  # none or empty: at the start
    base_order: int | None = None
    depth: Depth = 0  # a sub-item of the list item `after` (or of its list)
    marker: Marker = ""  # "-", "1." … for a list item, "##" for a heading

    def command(self) -> AddParagraph:
        return AddParagraph.build(self.kind, self.text, self.after, self.base_order, self.depth, self.marker)


class ParagraphEdit(Body):
    text: RequiredText
    base_revision: Revision
    kind: KindName | None = None
    note: Line = ""
    editorial: bool = False
    depth: Depth | None = None  # None: keep its place in the lists
    marker: Marker | None = None

    def command(self) -> EditParagraph:
        return EditParagraph.build(
            self.base_revision, self.text, self.kind, self.note, self.editorial, self.depth, self.marker
        )


class MoveInput(Body):
    after: EidOrEmpty | None = None  # none or empty: to the start
    base_order: int | None = None

    def command(self) -> MoveParagraph:
        return MoveParagraph.build(self.after, self.base_order)


class RestoreInput(Body):
    revision: Revision
    base_revision: Revision | None = None
    after: EidOrEmpty | None = None  # none or empty: after its old neighbour

    def command(self) -> RestoreParagraph:
        return RestoreParagraph.build(self.revision, self.base_revision, self.after)


class CirculateInput(Body):
    label: Label
    note: Annotated[str, _says(**text_schema(5000))] = ""
    date: Annotated[str, _says(format="date")] | None = None
    labels: Labels | None = None  # its names in the process's other languages ("Zero draft", "Avant-projet")
    renumber: bool = False  # number its paragraphs cleanly; else they hold still (OP 7 bis, OP 9 [deleted])

    def command(self) -> Circulate:
        return Circulate.build(self.label, self.date, self.note, self.labels, self.renumber)


class VersionLabelsInput(Body):
    """`{"labels": {"en": "Zero draft", "fr": "Avant-projet"}}`: every name in the other languages at once (one left
    out has none: the source's label stands for it)."""

    labels: Labels

    def command(self) -> SetVersionLabels:
        return SetVersionLabels.build(self.labels)


class VersionFile(Body):
    filename: Annotated[str, _says(**text_schema(255))]
    text: str
    label: Label | None = None
    language: Language | None = None
    preview: bool = False
    replace_draft: bool = False
    base_draft: str | None = None

    def command(self) -> ImportVersion:
        return ImportVersion.build(
            self.filename, self.text, self.label, self.language, self.preview, self.replace_draft, self.base_draft
        )


class LinkInput(Body):
    eid: EidText


class NewAccount(Body):
    """A person new to Accord accepting an invitation: the name others will see, and a password."""

    name: Annotated[str, _says(**text_schema(200, required=True))]
    password: Password


class AmendmentInput(Body):
    version: Label
    eid: EidText
    kind: ChangeName
    text: Text = ""
    rationale: Text = ""
    paragraph_kind: KindName | None = None  # an insert: heading, preambular or operative (default)
    delegation: DelegationCode | None = None  # filed on its behalf; the proposer's own delegation when left out
    lang: Language | None = None  # the edition the text is written in (default: the source language)

    def command(self) -> ProposeAmendment:
        return ProposeAmendment.build(
            self.version,
            self.eid,
            self.kind,
            self.text,
            self.rationale,
            self.paragraph_kind,
            self.delegation,
            self.lang,
        )


class AccountChange(Body):
    # Checked as sent (services.accounts.administration.disabled_flag): 0 or "no" is not a boolean.
    disabled: Annotated[Any, _says(type="boolean")]


class RenderingInput(Body):
    text: RequiredText
    state: Annotated[str, _says(enum=["rendered", "approved"])]
    base_revision: Revision

    def command(self) -> SetRendering:
        return SetRendering.build(self.text, self.state, self.base_revision)


class CosponsorInput(Body):
    delegation: DelegationCode | None = None  # co-sponsored on its behalf; the caller's own delegation when left out


class AmendmentUpdate(Body):
    text: Text | None = None
    rationale: Text | None = None

    def command(self) -> EditAmendment:
        return EditAmendment.build(self.text, self.rationale)


BallotName = Annotated[str, _says(enum=[ballot.value for ballot in Ballot])]
VoteCount = Annotated[int, _says(minimum=0, maximum=MAX_VOTES)]


class VoteInput(Body):
    """The room's vote: the counts, and the roll call by delegation (code → for, against or abstain) where one was
    taken; a count left out is the roll call's tally. Carried by a majority of those present and voting."""

    yes: VoteCount | None = field(default=None, name="for")
    no: VoteCount | None = field(default=None, name="against")
    abstain: VoteCount | None = None
    roll_call: Annotated[dict[DelegationCode, BallotName], _says(max_properties=MAX_ROLL_CALL)] | None = None

    def command(self) -> Vote:
        return Vote.build(self.yes, self.no, self.abstain, self.roll_call)


class DecisionOnAmendment(Body):
    decision: DecisionName
    reason: RequiredText  # every decision says why
    text: Text | None = None
    vote: VoteInput | None = None  # when the room voted: the decision must be what the vote said

    def command(self) -> DecideAmendment:
        return DecideAmendment.build(
            self.decision, self.reason, self.text, self.vote.command() if self.vote is not None else None
        )


class CompromiseInput(Body):
    amendments: Annotated[list[AmendmentNumber], _says(min_items=2)]
    text: RequiredText
    reason: RequiredText  # every decision says why

    def command(self) -> Compromise:
        return Compromise.build(self.amendments, self.text, self.reason)


class ParagraphStatusInput(Body):
    status: NegotiationName
    note: Note = ""

    def command(self) -> SetParagraphStatus:
        return SetParagraphStatus.build(self.status, self.note)


class ParagraphStatusesInput(Body):
    eids: Annotated[list[EidText], _says(min_items=1, max_items=MAX_BULK)]
    status: NegotiationName
    note: Note = ""

    def command(self) -> SetParagraphStatuses:
        return SetParagraphStatuses.build(self.eids, self.status, self.note)


class DecisionInList(Body):
    number: AmendmentNumber
    decision: DecisionName
    reason: RequiredText  # every decision says why
    text: Text | None = None
    vote: VoteInput | None = None


class DecisionsInput(Body):
    """A voting list: taken in this order, all or none."""

    decisions: Annotated[list[DecisionInList], _says(min_items=1, max_items=MAX_BULK)]

    def command(self) -> DecideInOrder:
        return DecideInOrder.build(
            [(d.number, d.decision, d.reason, d.text) for d in self.decisions],
            [d.vote.command() if d.vote is not None else None for d in self.decisions],
        )


class ApproveManyInput(Body):
    """The paragraphs to approve (`eids`), or every translated one (`all_translated`), of `version`."""

    version: Label
    eids: Annotated[list[EidText], _says(max_items=MAX_APPROVALS)] | None = None
    all_translated: bool = False

    def command(self) -> ApproveMany:
        return ApproveMany.build(self.version, self.eids, self.all_translated)


class DeadlineInput(Body):
    deadline: str  # ISO 8601; without an offset, in the process's time zone


class SilenceInput(Body):
    version: Label
    deadline: str


class ObjectionInput(Body):
    text: RequiredText

    def command(self) -> Objection:
        return Objection.build(self.text)


class QuoteBody(Body):
    """A text-quote selector (`exact`, `prefix`, `suffix`) with its position (`start`, `end`) in the paragraph's
    text."""

    exact: Annotated[str, _says(min_length=1, pattern=r"\S")]
    start: Annotated[int, _says(minimum=0)]
    end: Annotated[int, _says(minimum=0)]
    prefix: str = ""
    suffix: str = ""


class ThreadInput(Body):
    version: Label
    eid: EidText
    body: RequiredText
    quote: QuoteBody | None = None
    delegation: DelegationCode | None = None  # opened on its behalf; the caller's own delegation when left out

    def command(self) -> OpenThread:
        quote = (
            QuoteInput.build(self.quote.exact, self.quote.prefix, self.quote.suffix, self.quote.start, self.quote.end)
            if self.quote is not None
            else None
        )
        return OpenThread.build(self.version, self.eid, quote, self.body, self.delegation)


class CommentInput(Body):
    body: RequiredText


class InboxRead(Body):
    # No rule of ours beyond the number: msgspec refuses 0 or a number past the database's (400, saying which).
    ids: list[Annotated[int, Meta(ge=1, le=MAX_NUMBER), _says(minimum=1, maximum=MAX_NUMBER)]] | None = (
        None  # none: all
    )


class TranslationInput(Body):
    text: Text
    source_revision: Revision
    state: Annotated[str, _says(enum=["draft", "translated"])] = "draft"
    base_text_revision: Annotated[str, _says(**text_schema(64))] | None = (
        None  # the translation's `text_revision` you read ("" for none): 409 if it changed
    )
    # An outdated translation saved with its text unchanged is refused (409 with the source's change) unless you
    # confirm that it is still correct for the source as it reads now; its reviewer sees that you did.
    still_correct: bool = False


class RejectInput(Body):
    note: Note = ""


Term = Annotated[str, _says(**text_schema(MAX_TERM, required=True))]
TermPerLanguage = Annotated[
    dict[str, str],
    _says(
        property_names=Schema(type=OpenAPIType.STRING, enum=list(LANGUAGES)),
        additional_properties=Schema(type=OpenAPIType.STRING, **text_schema(MAX_TERM, required=True)),
    ),
]
TermsPerLanguage = Annotated[
    dict[str, list[Term]], _says(property_names=Schema(type=OpenAPIType.STRING, enum=list(LANGUAGES)))
]


class GlossaryTermInput(Body):
    source: Term
    translations: TermPerLanguage = {}
    forbidden: TermsPerLanguage = {}
    note: Annotated[str, _says(**text_schema(1000))] = ""


class GlossaryInput(Body):
    revision: str
    terms: Annotated[list[GlossaryTermInput], _says(max_items=MAX_TERMS)]

    def entries(self) -> list[GlossaryEntry]:
        return [
            GlossaryEntry(source=t.source, translations=t.translations, forbidden=t.forbidden, note=t.note)
            for t in self.terms
        ]


class PublishInput(Body):
    version: Label
    symbol: Label
    date: Annotated[str, _says(format="date")] | None = (
        None  # YYYY-MM-DD, the date line's (default: today in the process's time zone)
    )
    places: Places | None = None  # the date line's place per language (default: the process's)
    corrigendum_of: int | None = None
    corrects: Note = ""

    def command(self) -> Publish:
        return Publish.build(self.version, self.symbol, self.date, self.places, self.corrigendum_of, self.corrects)


class PasswordResetRequest(Body):
    email: Email


class NewPassword(Body):
    password: Password


class NotificationChoices(Body):
    """`{"kinds": {"version_circulated": "immediate", "thread_reply": "daily", …}}`: the kinds named change."""

    kinds: Cadences
