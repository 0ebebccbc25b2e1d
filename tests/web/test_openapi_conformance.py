"""The OpenAPI document tells the truth: schemathesis generates requests from it for every operation
and checks what the real app answers.

Requests go to the real app (through ASGI), as a committee member of a populated process, with a
bounded number of examples per operation, half of them aimed at what exists (the process, a session,
a recommendation, a paragraph, a version) and half wherever the document allows. Checked: no 5xx,
every status documented, the content type documented, every body valid against its schema.

SQLite only: what is checked is the document against the answers, which the backend does not change
(the web tests run every route on both backends, tests/web/test_authorization_matrix.py included).
"""

from __future__ import annotations

import importlib
import logging
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.generation import GenerationMode
from schemathesis.python import asgi

from tests.conftest import SESSION, make_people
from tests.examples import examples
from tests.integration.support import QUICK_HASHER
from workspace.domain.consultations.consultation_commands import RecommendationFields
from workspace.domain.consultations.consultations import MemberChange
from workspace.domain.declaration.declaration_commands import AddParagraph, Circulate
from workspace.domain.delegations.delegations import AddDelegation
from workspace.services import accounts, consultations, delegations, pace, processes
from workspace.services.declaration import draft
from workspace.settings import Settings
from workspace.web.app import create_app

EXAMPLES = 8
"""Generated requests per operation and per kind of target (known things, anything the schema allows): all of them
under ACCORD_EXAMPLES=all, else the share of tests/examples.py (10 of the 16)."""
INVALID_EXAMPLES = 6
"""Generated requests per operation that the document calls invalid (each breaks one part: the body, a parameter …)."""

checks.load_all_checks()
EVERY_CHECK = checks.CHECKS.get_all()
"""What `st run --checks all` runs: every answer as documented (status, content type, headers, body), every request the
document calls valid accepted and every invalid one refused, a missing `Authorization` answered 401 (public operations
say `security: []`), an unexpected method 405 with the document's `Allow`, and the same `Allow` for OPTIONS."""
PER_SCENARIO = 3
"""Coverage cases kept per operation and kind of case."""

# What the app refuses that no JSON Schema can say: a rule across fields, the process's state, a file's content.
RULES = {
    "POST /api/processes/{slug}/webhooks": ("not sent inside this server", "Name the kinds of event"),
    "POST /api/admin/webhooks": ("not sent inside this server", "Name the kinds of event"),
    "POST /api/verify": ("is no file name",),  # a name with a folder in it
    "POST /api/processes": (
        "needs a title in its source language",
        "source language must be one of the process languages",
    ),
    "POST /api/processes/{slug}/members": (
        "translator needs the languages",
        "reviews only languages they translate into",
        "review a language is given once",
    ),
    "POST /api/processes/{slug}/amendments": (
        "is required",  # the text of a `modify` or an `insert`
        "edition has no translation of this paragraph yet",  # written in another edition (`lang`)
    ),
    "GET /api/processes/{slug}/amendments/{number}/renderings/{lang}/machine": (
        "A deletion reads the same in every language",
        "its words there are its own",
    ),
    "GET /api/processes/{slug}/amendments/{number}/renderings/{lang}/memory": (
        "A deletion reads the same in every language",
        "its words there are its own",
    ),
    "PUT /api/processes/{slug}/amendments/{number}/renderings/{lang}": (
        "A deletion reads the same in every language",
        "its words there are its own",
        "This amendment changes nothing",
        "An inserted paragraph needs a text",
    ),
    "POST /api/processes/{slug}/amendments/compromise": (
        "merges at least two amendments",
        "merges amendments that modify",
    ),
    "POST /api/processes/{slug}/amendments/{number}/decision": (
        "needs the committee's wording",
    ),  # accepted as modified
    "POST /api/processes/{slug}/amendments/import": ("is not a Word document",),
    # a place in the lists; a line of the text that Markdown would read as a heading, a list or code
    "POST /api/processes/{slug}/draft/paragraphs": (
        "cannot stand at depth",
        "has no list item above it",
        "cannot be kept as one paragraph",
    ),
    "POST /api/processes/{slug}/draft/paragraphs/{eid}/move": ("cannot be moved after itself",),
    "PUT /api/processes/{slug}/draft/paragraphs/{eid}": ("cannot stand at depth", "cannot be kept as one paragraph"),
    "POST /api/processes/{slug}/publications": (
        "is required",
        "no font of the PDF can show",
    ),  # what a corrigendum corrects; the symbol
    "POST /api/processes/{slug}/recommendations/{ref}/decision": ("Say why a recommendation is not retained",),
    "POST /api/processes/{slug}/sessions": (
        "is not a date and time",
        "Unknown time zone",
        "cannot end before it starts",
    ),
    "PUT /api/processes/{slug}/sessions/{ref}": (
        "is not a date and time",
        "Unknown time zone",
        "cannot end before it starts",
    ),
    "POST /api/processes/{slug}/sessions/import": (": ",),  # a concept note that is not one: refused at its file:line
    "POST /api/processes/{slug}/versions/import": (": ", "are imported in the source language"),
    "POST /api/processes/{slug}/sessions/{ref}/recommendations": (
        "belongs to the session of its path",
    ),  # `session` in the body
    "POST /api/processes/{slug}/silence": ("is not a date and time",),
    "PUT /api/processes/{slug}/versions/{ref}/deadline": ("is not a date and time",),
    "POST /api/processes/{slug}/threads": ("A quote needs",),  # its offsets within the paragraph
    "POST /api/processes/{slug}/translations/{lang}/import": (": ", "is the source language of this process"),
    # amendments to render (issue 34): one language pair a file; the file's own refusal, at its line
    "GET /api/processes/{slug}/translations/{lang}/amendments.xlf": ("Say which language", "are its own words"),
    "POST /api/processes/{slug}/translations/{lang}/amendments/import": (": ",),
    "GET /api/processes/{slug}/translations/{lang}": (
        "is the source language of this process",
        "filter is for the list",
        "are for the list",
    ),
    "PUT /api/processes/{slug}/translations/{lang}/{eid}": ("is the source language of this process", "is required"),
    "POST /api/processes/{slug}/translations/{lang}/{eid}/approve": ("is the source language of this process",),
    "GET /api/processes/{slug}/translations/{lang}/{eid}/machine": ("is the source language of this process",),
    "POST /api/processes/{slug}/translations/{lang}/approve": (
        "is the source language of this process",
        "Name the paragraphs to approve",
    ),
    "POST /api/processes/{slug}/amendments/decisions": (
        "needs the committee's wording",
        "is decided twice in the list",
    ),
    "GET /api/processes/{slug}/versions/{ref}/download": (
        "is not a language of this process",
        "Numbered lines are for one language",
    ),
    "POST /api/processes/{slug}/translations/{lang}/{eid}/reject": ("is the source language of this process",),
    # a version's name in its source language is its label; the others in the process's languages only
    "POST /api/processes/{slug}/versions": (
        "is the version's own",
        "is not a language of this process",
        "cannot name a version",
    ),
    "PUT /api/processes/{slug}/versions/{ref}/labels": (
        "is the version's own",
        "is not a language of this process",
        "cannot name a version",
    ),
    # brackets (issue 33): the process's own languages; an option or a drop, never both nor neither
    **{
        f"GET /api/processes/{{slug}}/{path}": ("is not a language of this process",)
        for path in ("brackets", "brackets/summary", "brackets/burndown", "brackets/burndown.svg")
    },
    "GET /api/processes/{slug}/versions/{ref}/clean": ("is not a language of this process",),
    "GET /api/processes/{slug}/versions/{ref}/clean.md": ("is not a language of this process",),
    "POST /api/processes/{slug}/brackets/{bracket}/resolve": ("not both",),
    # submissions (issue 33): the dates' order, the window's time and paragraphs, who speaks for a delegation
    "POST /api/processes/{slug}/submissions/windows": (
        "closes after it opens",
        "has been circulated yet",
        "No paragraph",
    ),
    "POST /api/processes/{slug}/submissions": (
        "No submission window",
        "proposals are taken then only",
        "says which paragraph",
        "Say which paragraph",
        "is required",
        "you speak for none",
        "No paragraph",
        "does not open",
        "is not a delegation of this process",
        "is not a language of this process",
        "edition has no translation of this paragraph yet",
        "has no “",  # a place its kind does not read ("eid" for an insertion, "after" for the others)
        "changes nothing",  # new wording that is the paragraph as it reads
    ),
    "GET /api/processes/{slug}/submissions": ("is not a delegation of this process",),
    "PUT /api/processes/{slug}/submissions/{number}/rendering": (
        "there is nothing to render",
        "is required",
    ),
    "POST /api/processes/{slug}/submissions/import": (
        ": ",  # the file's own refusal, at its line
        "is not a Word document",
        "No submission window",
        "proposals are taken then only",
        "you speak for none",
        "is not a delegation of this process",
        "asks nothing",
        "does not open",
        "has been circulated yet",
    ),
    "POST /api/processes/{slug}/compilations": ("No submission window",),
}
RULES.update(
    {  # what the app refuses from the state of the process (seen by `st run --checks all`, which creates things first)
        "POST /api/processes/{slug}/amendments/{number}/cosponsors": ("you cannot co-sponsor it too",),  # its proposer
        "POST /api/processes/{slug}/draft/paragraphs/{eid}/restore": (
            "(base_revision)",
        ),  # needed while the paragraph is in the draft
        "PUT /api/processes/{slug}/glossary": ("is not a language this process is translated into",),
        # issue 35: a proposed term's languages and one translation at least; a replacement that changes something
        "POST /api/processes/{slug}/glossary/proposals": (
            "is not a language this process is translated into",
            "one language at least",
        ),
        "POST /api/processes/{slug}/translations/{lang}/replace": (
            "is the source language of this process",
            "nothing would change",
            "must be true or false",
            "is not a paragraph identifier",
        ),
    }
)
NOT_READ = "is not a paragraph this meeting reads"
NOT_OURS = "is not a delegation of this process"
RULES.update(
    {  # issue 66: a meeting's rules the document cannot state (its kind's, its scope's, the process's delegations)
        "POST /api/processes/{slug}/meetings": (
            "A plenary is open to every delegation",
            "Name the delegations invited",
            "An informal's screen is never public",
            "is not a paragraph of the text this meeting reads",
            NOT_OURS,
            "is not a member of this process",
            "is not a date and time",
        ),
        "PUT /api/processes/{slug}/meetings/{number}/state": ("An informal agrees a text in informals",),
        "PUT /api/processes/{slug}/meetings/{number}/pointer": (NOT_READ,),
        "PUT /api/processes/{slug}/meetings/{number}/lights/{eid}": (
            NOT_READ,
            NOT_OURS,
            "A white light is a paragraph not yet read",
            "A green light has no due time",
            "A red light has no due time",
        ),
        "POST /api/processes/{slug}/meetings/{number}/floor": (NOT_READ, NOT_OURS),
        "PUT /api/processes/{slug}/meetings/{number}/text/{eid}": (
            NOT_READ,
            NOT_OURS,
            "cannot be kept as one paragraph",
            "cannot stand at depth",
        ),
        "POST /api/processes/{slug}/meetings/{number}/slots": (
            NOT_READ,
            NOT_OURS,
            "A slot is due after now",
            "Proposals are made on the latest circulated version",
            "is not invited to this informal",
            "is not a date and time",
        ),
        "POST /api/processes/{slug}/meetings/{number}/votes": (
            NOT_READ,
            "A vote is on a paragraph",
            "is not an amendment number",
        ),
    }
)
RULES.update(
    {  # a delegation's names are checked against the process's languages; a position names one thing
        "POST /api/processes/{slug}/delegations": (
            "needs its name in the source language",
            "is not a language of this process",
        ),
        "PUT /api/processes/{slug}/delegations/{code}": (
            "needs its name in the source language",
            "is not a language of this process",
        ),
        "POST /api/processes/{slug}/delegations/{code}/merge": (
            "cannot be merged into itself",
            "is not a delegation of this process",
        ),
        "PUT /api/processes/{slug}/positions": ("A position is on a paragraph", "is not a delegation of this process"),
        "POST /api/processes/{slug}/presence": (  # one place, in one of the process's languages
            "Say where you are",
            "is not a language of this process",
            "A meeting is followed in every language",
        ),
        "GET /api/processes/{slug}/rooms/{eid}": (  # the working draft's own language; an edition's room is not open
            "is not a language of this process",
            "Rooms are open on the working draft's own text",
        ),
        "PUT /api/processes/{slug}/members/{email}": (
            "is not a delegation of this process",
            "translator needs the languages",
            "reviews only languages they translate into",
        ),
    }
)
# A delegation named by its code (a body's `delegation` or a list's filter) must be one of the process's.
for _name in (
    "GET /api/processes/{slug}/amendments",
    "GET /api/processes/{slug}/threads",
    "POST /api/processes/{slug}/amendments",
    "POST /api/processes/{slug}/amendments/import",
    "POST /api/processes/{slug}/amendments/{number}/cosponsors",
    "POST /api/processes/{slug}/threads",
    "PUT /api/processes/{slug}/word-authors",
):
    RULES[_name] = (*RULES.get(_name, ()), "is not a delegation of this process")
# A vote counts a ballot at least, its roll call agrees with its counts and names the process's delegations, and the
# decision says what the vote said.
for _name in (
    "POST /api/processes/{slug}/amendments/{number}/decision",
    "POST /api/processes/{slug}/amendments/decisions",
):
    RULES[_name] = (
        *RULES.get(_name, ()),
        "A vote counts at least one ballot",
        "disagree: ",
        "The vote carried",
        "The vote did not carry",
        "is not voted on",
        "is not a delegation of this process",
        "cannot be kept as one paragraph",
        "needs the committee's wording",
    )
# A query the schema admits (some character not a space) may hold no word to look for ("--"), or more words than a
# search takes (its length is the schema's); the working draft is searched without naming it.
RULES["GET /api/search"] = ("Type a word to look for.", "A search looks for at most")
RULES["GET /api/processes/{slug}/search"] = (*RULES["GET /api/search"], "Search the working draft by leaving")
RULES["PUT /api/processes/{slug}"] = RULES["POST /api/processes"]
RULES["PUT /api/admin/accounts/{email}"] = ("must be true or false",)
RULES["DELETE /api/processes/{slug}"] = ("(its short name) in “confirm”", "must be true or false")
RULES["GET /api/admin/audit"] = RULES["GET /api/admin/audit.csv"] = ("must be a date and time",)


def only_unsayable(name: str, response: Any, failure: BaseException) -> bool:
    """Whether `failure` is a valid request refused by a rule the document cannot state (RULES), named in the 422:
    every reason the 422 gives is one of those rules (a limit the document says otherwise is not hidden by them)."""
    if type(failure).__name__ != "RejectedPositiveData" or response.status_code != 422:
        return False
    said = response.json()
    detail = said.get("detail")
    messages = (
        [e.get("message", "") for e in detail.get("errors", [])]
        if isinstance(detail, dict) and detail.get("errors")
        else [said.get("error", "")]
    )
    return all(any(rule in message for rule in RULES.get(name, ())) for message in messages)


def sent_as_valid(case: Any, failure: BaseException) -> bool:
    """Whether a case schemathesis made invalid reached the app as a valid request: an empty object or list in
    the query is written as nothing at all (form style), so the app saw that parameter left out, as it may be."""
    return type(failure).__name__ == "AcceptedNegativeData" and any(
        value in ({}, []) for value in (case.query or {}).values()
    )


FOLDED_UP_TO = 1_000
"""The longest `maxLength` schemathesis may fold into a pattern's quantifiers (see `unfolded_long_texts`)."""
FOLDING_MODULES = (
    "schemathesis.specs.openapi.converter",  # the schemas examples are drawn from
    "schemathesis.generation.jsonschema.strategy",  # a pattern's own strategy
    "schemathesis.specs.openapi.coverage._operation",  # the coverage phase's values
)


def unfolded_long_texts(patch: pytest.MonkeyPatch) -> None:
    """schemathesis spells a text's `maxLength` into its pattern (`[^…]*` becomes `[^…]{0,19999}` for a paragraph of
    20,000 characters), and jsonschema-rs then takes 0.37 s to canonicalize each schema holding one, where `*` takes
    a millisecond: 45 % of this module's time (180 s, 100 s without). Beyond a thousand characters the fold draws
    nothing else (a draw from `*` is far shorter; the coverage phase spells a boundary length itself and the length
    stays checked), so it is left out there."""
    for name in FOLDING_MODULES:
        module = importlib.import_module(name)
        folded = module.update_quantifier

        def fold(pattern: str, low: int | None, high: int | None, folded: Any = folded) -> str:
            return pattern if high is not None and high > FOLDED_UP_TO else folded(pattern, low, high)

        patch.setattr(module, "update_quantifier", fold)


CONFIG = Path(__file__).parents[2] / "schemathesis.toml"
"""The project's schemathesis settings, the CLI's too (`st run` in the repository finds them)."""


class Api:
    """The app, its document as schemathesis reads it, a committee token, and what exists."""

    def __init__(self, app: Any, people: Any, known: dict[str, str]) -> None:
        self.app, self.people, self.known = app, people, known
        self.schema = schemathesis.openapi.from_asgi(
            "/schema/openapi.json", app, config=schemathesis.Config.from_path(CONFIG)
        )
        self.token_id, self.token = 0, ""
        self.renew_token()
        self.requests = 0
        # One client for the module, as `st run` keeps one session: a client made for each request read the
        # environment's proxy settings at each one (5 % of the module's time). Sent with no cookie, every time.
        self.client = asgi.get_client(app)
        self.client.trust_env = False

    def renew_token(self) -> None:
        made = accounts.create_token(self.app.state.db, self.people.committee, "conformance")
        self.token_id, self.token = made.id, made.token

    def operations(self) -> dict[str, Any]:
        return {
            f"{op.method.upper()} {op.path}": op for op in (result.ok() for result in self.schema.get_all_operations())
        }


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, sqlite_template) -> Iterator[Api]:
    path = tmp_path_factory.mktemp("conformance") / "accord.db"
    shutil.copy(sqlite_template, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts.passwords.Hashing, "hasher", QUICK_HASHER)
        # Each token the cases revoke is made again (`renew_token`): more than a person's rate of tokens.
        patch.setattr(pace, "LIMITS", {**pace.LIMITS, pace.Pace.TOKEN: ()})
        unfolded_long_texts(patch)
        app = create_app(
            Settings.from_env(
                {},
                database_url=f"sqlite:///{path}",
                secret_key="test-secret-key-0123456789abcdef",
                jobs_in_process=False,
                stream_seconds=0,
            )
        )  # an event stream ends after the events it has
        store = app.state.db
        people = make_people(store)
        session = consultations.create_session(store, people.committee, "kutahya", SESSION).ref
        rec = consultations.add_recommendation(
            store, people.member, "kutahya", session, RecommendationFields(text="Gobernanza")
        ).ref
        for kind, text in (
            ("heading", "Declaración"),
            ("preambular", "Reconociendo."),
            ("operative", "Nos comprometemos."),
        ):
            draft.add_paragraph(store, people.committee, "kutahya", AddParagraph(kind=kind, text=text))
        draft.circulate(store, people.committee, "kutahya", Circulate(label="Borrador cero"))
        eid = draft.add_paragraph(
            store, people.committee, "kutahya", AddParagraph(kind="operative", text="Pedimos apoyo.")
        ).eid
        draft.circulate(store, people.committee, "kutahya", Circulate(label="Rev.1"))
        delegations.add_delegation(
            store, people.committee, "kutahya", AddDelegation(code="ARG", names={"es": "Argentina"})
        )
        processes.update_member(
            store, people.committee, "kutahya", people.committee.email, MemberChange(delegation="ARG")
        )
        known = {
            "slug": "kutahya",
            "eid": eid,
            "email": people.observer.email,
            "code": "ARG",
            "leftover": "tag:op_1:ARG",
        }
        api = Api(app, people, known | {"session": session, "recommendation": rec})
        with api.client:
            yield api


def known_parameters(api: Api, path: str) -> dict[str, Any]:
    """Path parameters naming things that exist, for an operation on `path`."""
    values: dict[str, Any] = {
        name: api.known[name] for name in ("slug", "eid", "email", "code") if "{" + name + "}" in path
    }
    if "{ref}" in path:
        values["ref"] = (
            "1"
            if "/versions/" in path
            else api.known["session"]
            if "/sessions/" in path
            else api.known["recommendation"]
        )
    return values


OPERATIONS = [  # as the document lists them: a new operation is checked without being named here
    "GET /api/me",
    "GET /api/me/data",
    "PUT /api/admin/accounts/{email}",
    "GET /api/admin/accounts",
    "DELETE /api/admin/accounts/{email}",
    "GET /api/admin/audit",
    "GET /api/admin/audit.csv",
    "PUT /api/me/locale",
    "POST /api/auth/token",
    "POST /api/auth/password-reset",
    "POST /api/auth/password-reset/{token}",
    "POST /api/auth/sign-in-link",
    "GET /api/me/notifications",
    "PUT /api/me/notifications",
    "GET /api/tokens",
    "POST /api/tokens",
    "DELETE /api/tokens/{token_id}",
    "GET /api/processes",
    "POST /api/processes",
    "GET /api/processes/{slug}",
    "PUT /api/processes/{slug}",
    "DELETE /api/processes/{slug}",
    "POST /api/processes/{slug}/archive",
    "DELETE /api/processes/{slug}/archive",
    "GET /api/processes/{slug}/members",
    "POST /api/processes/{slug}/members",
    "DELETE /api/processes/{slug}/members/{email}",
    "POST /api/processes/{slug}/members/{email}/resend",
    "GET /api/processes/{slug}/activity",
    "GET /api/processes/{slug}/activity.jsonl",
    "GET /api/processes/{slug}/checkpoints",
    "GET /api/processes/{slug}/search",
    "GET /api/search",
    "GET /api/processes/{slug}/sessions",
    "POST /api/processes/{slug}/sessions",
    "POST /api/processes/{slug}/sessions/import",
    "GET /api/processes/{slug}/sessions/{ref}",
    "PUT /api/processes/{slug}/sessions/{ref}",
    "POST /api/processes/{slug}/sessions/{ref}/recommendations",
    "GET /api/processes/{slug}/recommendations",
    "GET /api/processes/{slug}/recommendations.csv",
    "GET /api/processes/{slug}/recommendations/{ref}",
    "PUT /api/processes/{slug}/recommendations/{ref}",
    "POST /api/processes/{slug}/recommendations/{ref}/decision",
    "GET /api/processes/{slug}/draft",
    "POST /api/processes/{slug}/draft/paragraphs",
    "PUT /api/processes/{slug}/draft/paragraphs/{eid}",
    "DELETE /api/processes/{slug}/draft/paragraphs/{eid}",
    "POST /api/processes/{slug}/draft/paragraphs/{eid}/move",
    "GET /api/processes/{slug}/versions",
    "POST /api/processes/{slug}/versions",
    "POST /api/processes/{slug}/versions/import",
    "GET /api/processes/{slug}/versions/{ref}",
    "PUT /api/processes/{slug}/versions/{ref}",
    "GET /api/processes/{slug}/versions/{ref}/clean",
    "GET /api/processes/{slug}/versions/{ref}/clean.md",
    "GET /api/processes/{slug}/versions/{ref}/download",
    "PUT /api/processes/{slug}/versions/{ref}/labels",
    "GET /api/processes/{slug}/versions/{ref}/provenance",
    "GET /api/processes/{slug}/versions/{ref}/provenance.csv",
    "GET /api/processes/{slug}/compare",
    "GET /api/processes/{slug}/paragraphs/{eid}/history",
    "GET /api/processes/{slug}/coverage",
    "POST /api/processes/{slug}/recommendations/{ref}/links",
    "DELETE /api/processes/{slug}/recommendations/{ref}/links/{eid}",
    "GET /api/invitations/{token}",
    "GET /api/processes/{slug}/amendments",
    "GET /api/processes/{slug}/amendments/{number}",
    "GET /api/processes/{slug}/compilation",
    "GET /api/processes/{slug}/compilation.docx",
    "POST /api/processes/{slug}/compilations",
    "GET /api/processes/{slug}/disposition",
    "GET /api/processes/{slug}/disposition.csv",
    "GET /api/processes/{slug}/silence",
    "GET /api/processes/{slug}/status",
    "GET /api/processes/{slug}/submissions",
    "POST /api/processes/{slug}/submissions",
    "PUT /api/processes/{slug}/submissions/{number}/rendering",
    "POST /api/processes/{slug}/submissions/import",
    "GET /api/processes/{slug}/submissions/windows",
    "POST /api/processes/{slug}/submissions/windows",
    "POST /api/invitations/{token}",
    "POST /api/invitations/{token}/accept",
    "POST /api/processes/{slug}/amendments",
    "POST /api/processes/{slug}/amendments/compromise",
    "POST /api/processes/{slug}/amendments/{number}/cosponsors",
    "POST /api/processes/{slug}/amendments/{number}/decision",
    "POST /api/processes/{slug}/amendments/decisions",
    "POST /api/processes/{slug}/amendments/{number}/reopen",
    "POST /api/processes/{slug}/amendments/{number}/refresh",
    "POST /api/processes/{slug}/amendments/{number}/withdraw",
    "GET /api/processes/{slug}/brackets",
    "GET /api/processes/{slug}/brackets/burndown",
    "GET /api/processes/{slug}/brackets/burndown.svg",
    "GET /api/processes/{slug}/brackets/summary",
    "PUT /api/processes/{slug}/brackets/{bracket}",
    "POST /api/processes/{slug}/brackets/{bracket}/resolve",
    "POST /api/processes/{slug}/draft/paragraphs/{eid}/restore",
    "POST /api/processes/{slug}/silence",
    "POST /api/processes/{slug}/silence/objections",
    "PUT /api/processes/{slug}/amendments/{number}",
    "PUT /api/processes/{slug}/paragraphs/{eid}/status",
    "POST /api/processes/{slug}/paragraphs/status",
    "PUT /api/processes/{slug}/versions/{ref}/deadline",
    "POST /api/processes/{slug}/amendments/import",
    "POST /api/processes/{slug}/threads",
    "GET /api/processes/{slug}/threads",
    "GET /api/processes/{slug}/threads/{number}",
    "POST /api/processes/{slug}/threads/{number}/comments",
    "POST /api/processes/{slug}/threads/{number}/resolve",
    "POST /api/processes/{slug}/threads/{number}/reopen",
    "POST /api/processes/{slug}/threads/{number}/follow",
    "DELETE /api/processes/{slug}/threads/{number}/follow",
    "PUT /api/processes/{slug}/comments/{comment_id}",
    "DELETE /api/processes/{slug}/comments/{comment_id}",
    "GET /api/processes/{slug}/events",
    "GET /api/inbox",
    "GET /api/inbox/events",
    "POST /api/inbox/read",
    "GET /api/processes/{slug}/translations/{lang}",
    "PUT /api/processes/{slug}/translations/{lang}/{eid}",
    "POST /api/processes/{slug}/translations/{lang}/{eid}/approve",
    "POST /api/processes/{slug}/translations/{lang}/approve",
    "GET /api/processes/{slug}/translations/{lang}/{eid}/machine",
    "POST /api/processes/{slug}/translations/{lang}/{eid}/reject",
    "POST /api/processes/{slug}/translations/{lang}/import",
    "GET /api/processes/{slug}/translations/{lang}/amendments",
    "GET /api/processes/{slug}/translations/{lang}/amendments.xlf",
    "POST /api/processes/{slug}/translations/{lang}/amendments/import",
    "PUT /api/processes/{slug}/amendments/{number}/renderings/{lang}",
    "GET /api/processes/{slug}/amendments/{number}/renderings/{lang}/machine",
    "GET /api/processes/{slug}/amendments/{number}/renderings/{lang}/memory",
    "GET /api/processes/{slug}/progress",
    "GET /api/processes/{slug}/editions/{lang}",
    "GET /api/processes/{slug}/glossary",
    "PUT /api/processes/{slug}/glossary",
    "GET /api/processes/{slug}/memory",
    "GET /api/processes/{slug}/glossary/proposals",
    "POST /api/processes/{slug}/glossary/proposals",
    "POST /api/processes/{slug}/glossary/proposals/{proposal}/approve",
    "POST /api/processes/{slug}/glossary/proposals/{proposal}/reject",
    "POST /api/processes/{slug}/translations/{lang}/replace",
    "GET /api/processes/{slug}/gate",
    "POST /api/processes/{slug}/gate/kept",
    "DELETE /api/processes/{slug}/gate/kept/{leftover}",
    "POST /api/processes/{slug}/publications",
    "GET /api/processes/{slug}/publications",
    "GET /api/processes/{slug}/publications/{number}/{name}",
    "GET /api/processes/{slug}/publications/{number}/manifest.json",
    "GET /api/processes/{slug}/publications/{number}/manifest.json.minisig",
    "POST /api/verify",
    "POST /api/processes/{slug}/webhooks",
    "GET /api/processes/{slug}/webhooks",
    "DELETE /api/processes/{slug}/webhooks/{hook_id}",
    "POST /api/processes/{slug}/webhooks/{hook_id}/test",
    "GET /api/processes/{slug}/webhooks/{hook_id}/deliveries",
    "POST /api/admin/webhooks",
    "GET /api/admin/webhooks",
    "DELETE /api/admin/webhooks/{hook_id}",
    "POST /api/admin/webhooks/{hook_id}/test",
    "GET /api/admin/webhooks/{hook_id}/deliveries",
    "PUT /api/processes/{slug}/members/{email}",
    "GET /api/processes/{slug}/delegations",
    "GET /api/processes/{slug}/word-authors",
    "PUT /api/processes/{slug}/word-authors",
    "POST /api/processes/{slug}/delegations",
    "GET /api/processes/{slug}/delegations/{code}",
    "PUT /api/processes/{slug}/delegations/{code}",
    "DELETE /api/processes/{slug}/delegations/{code}",
    "POST /api/processes/{slug}/delegations/{code}/merge",
    "PUT /api/processes/{slug}/positions",
    "GET /api/processes/{slug}/positions",
    "GET /api/processes/{slug}/consensus",
    "GET /api/processes/{slug}/consensus.csv",
    "GET /api/processes/{slug}/presence",
    "POST /api/processes/{slug}/presence",
    "GET /api/processes/{slug}/rooms/{eid}",
    "GET /api/processes/{slug}/versions/{ref}/crosswalk",
    "GET /api/processes/{slug}/versions/{ref}/crosswalk.csv",
    "POST /api/processes/{slug}/draft/renumber",
    "POST /api/processes/{slug}/meetings",
    "GET /api/processes/{slug}/meetings",
    "GET /api/processes/{slug}/meetings/{number}",
    "GET /api/processes/{slug}/meetings/{number}/room",
    "PUT /api/processes/{slug}/meetings/{number}/state",
    "PUT /api/processes/{slug}/meetings/{number}/pointer",
    "PUT /api/processes/{slug}/meetings/{number}/lights/{eid}",
    "GET /api/processes/{slug}/meetings/{number}/lights",
    "POST /api/processes/{slug}/meetings/{number}/floor",
    "GET /api/processes/{slug}/meetings/{number}/floor",
    "POST /api/processes/{slug}/meetings/{number}/floor/next",
    "DELETE /api/processes/{slug}/meetings/{number}/floor/{turn}",
    "PUT /api/processes/{slug}/meetings/{number}/text/{eid}",
    "POST /api/processes/{slug}/meetings/{number}/slots",
    "POST /api/processes/{slug}/meetings/{number}/votes",
    "PUT /api/processes/{slug}/meetings/{number}/votes/{vote}/ballots/{code}",
    "POST /api/processes/{slug}/meetings/{number}/votes/{vote}/close",
    "GET /api/processes/{slug}/meetings/{number}/votes",
    "GET /api/processes/{slug}/meetings/{number}/pack",
    "GET /api/processes/{slug}/meetings/{number}/events",
]


def test_the_document_lists_every_operation_of_the_api(api):
    assert sorted(api.operations()) == sorted(OPERATIONS)


def send(api: Api, name: str, case: Any) -> Any:
    """`case` sent as the committee member, in English."""
    api.client.cookies.clear()
    response = case.call(session=api.client, headers={"Authorization": f"Bearer {api.token}", "Accept-Language": "en"})
    api.requests += 1
    if response.status_code == 204 and name == "DELETE /api/tokens/{token_id}":
        api.renew_token()  # it may have revoked the token it was sent with
    return response


def failures(api: Api, name: str, case: Any, response: Any) -> list[str]:
    """What every check of `st run --checks all` finds wrong with the answer to `case`, but a valid request refused by a
    rule the document cannot state (RULES)."""
    try:
        case.validate_response(response, checks=EVERY_CHECK)
    except BaseExceptionGroup as found:
        left = [f for f in found.exceptions if not only_unsayable(name, response, f) and not sent_as_valid(case, f)]
        said = response.content[:200].decode(errors="replace")
        return [
            f"{case.method} {case.formatted_path} {case.body!r:.200} → {response.status_code} {said}: "
            f"{type(f).__name__}: {f}"
            for f in left
        ]
    return []


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_answer_is_what_the_document_says(api, name, caplog):
    caplog.set_level(logging.ERROR, logger="accord")
    operation = api.operations()[name]
    known = known_parameters(api, operation.path)
    query = {"old": "1", "new": "2"} if operation.path.endswith("/compare") else None
    strategy = st.one_of(
        operation.as_strategy(path_parameters=known, query=query),
        operation.as_strategy(path_parameters={"slug": "kutahya"} if "{slug}" in operation.path else None),
    )

    @given(case=strategy)
    @settings(
        max_examples=examples(2 * EXAMPLES),
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers_conform(case: Any) -> None:
        found = failures(api, name, case, send(api, name, case))
        assert not found, "\n".join(found)

    answers_conform()
    assert not caplog.records, "the app logged an unhandled error"


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_request_the_document_calls_invalid_is_refused(api, name, caplog):
    """What the document calls invalid is refused with a documented 4xx: a wrong type, a value out of its enum or
    range, a text over its limit, a query parameter the operation does not take or a single one given twice."""
    caplog.set_level(logging.ERROR, logger="accord")
    operation = api.operations()[name]
    raw = operation.definition.raw
    something_else = (
        raw.get("requestBody") or raw.get("security") != [] or any(p["in"] != "path" for p in raw.get("parameters", []))
    )
    strategy = operation.as_strategy(
        GenerationMode.NEGATIVE,
        path_parameters={"slug": "kutahya"}
        if operation.path.count("{") == 1 and "{slug}" in operation.path and something_else
        else None,
    )

    @given(case=strategy)
    @settings(
        max_examples=INVALID_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def refused(case: Any) -> None:
        found = failures(api, name, case, send(api, name, case))
        assert not found, "\n".join(found)

    refused()
    assert not caplog.records, "the app logged an unhandled error"


def coverage_cases(api: Api, operation: Any) -> list[Any]:
    """The cases of schemathesis's coverage phase (each limit at and past its edge, each enum value and one out of it,
    each required part left out, the wrong content types, no `Authorization`, the methods the path does not have), aimed
    at what exists where the case means a valid path; at most PER_SCENARIO of one kind (600 time zones are one kind)."""
    generation = api.schema.config.generation_for(operation=operation, phase="coverage")
    known = known_parameters(api, operation.path)
    kept, seen = [], Counter[tuple[Any, str]]()
    for case in api.schema.iter_coverage_cases(
        operation, generation_modes=list(GenerationMode), generation_config=generation
    ):
        kind = (case.meta.generation.mode, case.meta.phase.data.description)
        seen[kind] += 1
        if seen[kind] > PER_SCENARIO:
            continue
        if not case.meta.is_negative_at("path"):
            case.path_parameters = {**(case.path_parameters or {}), **known}
        kept.append(case)
    return kept


@pytest.mark.parametrize("name", OPERATIONS)
def test_every_answer_to_the_coverage_phase_is_what_the_document_says(api, name, caplog):
    caplog.set_level(logging.ERROR, logger="accord")
    operation = api.operations()[name]
    found = [
        failure
        for case in coverage_cases(api, operation)
        for failure in failures(api, name, case, send(api, name, case))
    ]
    assert not found, "\n".join(found)
    assert not caplog.records, "the app logged an unhandled error"


# -- what the document says, read directly --------------------------------------------------------
ERRORS = {"400", "401", "403", "404", "409", "413", "422", "429", "503"}


def test_every_operation_declares_the_errors_the_app_sends(api):
    document = api.app.openapi_schema.to_schema()
    assert document["components"]["schemas"]["ErrorBody"]["required"] == ["detail", "error"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert set(responses) >= ERRORS, (method, path)
            for status in ERRORS:
                assert responses[status]["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorBody"
                }


def test_path_values_bodies_and_diffs_are_described_as_sent(api):
    document = api.app.openapi_schema.to_schema()
    schemas = document["components"]["schemas"]
    parameters = {
        p["name"]: p["schema"]
        for p in document["paths"]["/api/processes/{slug}/paragraphs/{eid}/history"]["get"]["parameters"]
    }
    assert parameters["slug"]["pattern"] == "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
    assert parameters["eid"]["pattern"] == "^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"
    assert schemas["AddParagraph"]["properties"]["kind"]["enum"] == ["heading", "preambular", "operative"]
    assert schemas["AddParagraph"]["additionalProperties"] is False
    assert schemas["MemberDraft"]["properties"]["role"]["enum"] == ["committee", "member", "translator", "observer"]
    assert schemas["Decision"]["properties"]["status"]["enum"] == [
        "open",
        "incorporated",
        "partly_incorporated",
        "not_retained",
    ]
    # A field that may be null: its bounds beside the oneOf that says so (null among the values).
    assert schemas["ProcessDraft"]["properties"]["phase"]["enum"][0] == "consultation"
    assert None in schemas["ProcessDraft"]["properties"]["phase"]["enum"]
    assert schemas["ProcessDraft"]["properties"]["languages"]["items"]["enum"] == ["es", "en", "fr"]
    piece = schemas["ChangeView"]["properties"]["ops"]["items"]
    assert piece["type"] == "array" and [item.get("enum") for item in piece["prefixItems"]] == [[-1, 0, 1], None]


def test_a_documented_value_is_still_checked_by_the_app_with_its_reason(api):
    """The enums and patterns are documented, not enforced by msgspec: the app's 422 says what is wrong."""
    from litestar.testing import TestClient

    headers = {"Authorization": f"Bearer {api.token}", "Accept-Language": "en"}
    client = TestClient(api.app)  # no lifespan: the module's client started the app (a second start is not undone)
    wrong_kind = client.post(
        "/api/processes/kutahya/draft/paragraphs", json={"kind": "annex", "text": "x"}, headers=headers
    )
    assert wrong_kind.status_code == 422
    assert wrong_kind.json()["error"] == "Unknown kind “annex”: use one of “heading”, “preambular”, “operative”."
    unknown_field = client.post(
        "/api/processes/kutahya/draft/paragraphs",
        json={"kind": "operative", "text": "x", "colour": 1},
        headers=headers,
    )
    assert unknown_field.status_code == 400 and "colour" in str(unknown_field.json()["detail"])
    # A path value that cannot name anything is refused before any lookup.
    malformed = client.get("/api/processes/Kutahya/paragraphs/op_1/history", headers=headers)
    assert malformed.status_code == 400 and set(malformed.json()) == {"error", "detail"}


# -- who may ask: 401 before anything else for every operation that needs a signed-in person ------------------------
WRONG_PATH_VALUES = {
    "slug": "Not a slug",
    "eid": "Op 1",
    "ref": "no such ref!",
    "lang": "xx",
    "number": "0",
    "comment_id": "0",
    "token_id": "0",
    "proposal": "0",
    "email": "not-an-address",
    "token": "short",
    "name": "../x",
    "code": "a",
    "bracket": "x" * 101,
    "leftover": "x",
    "vote": "0",
    "turn": "0",
    "hook_id": "0",
}
"""A path value the document refuses for each name, that still reaches the operation's route."""


@pytest.mark.parametrize(
    "credentials", [{}, {"Authorization": "Bearer acc_not-a-token"}], ids=["anonymous", "wrong token"]
)
def test_every_operation_but_the_public_ones_answers_401_before_looking_at_the_request(api, credentials):
    """Walked from the document: every operation without `security: []`, asked with no token (or a wrong one) and
    everything else wrong (path values, an unknown query parameter, a body of the wrong shape), answers 401 first,
    then again with the path values right. The public operations answer anyone (never 401)."""
    from litestar.testing import TestClient

    document = api.app.openapi_schema.to_schema()
    client = TestClient(api.app)  # no lifespan: the app stays open for the module's other tests
    wrong, public = [], set()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = (
                {"content": b'{"x-unknown": [1]}', "headers": {"Content-Type": "application/json"}}
                if "requestBody" in operation
                else {"headers": {}}
            )
            for values in (WRONG_PATH_VALUES, {**WRONG_PATH_VALUES, **known_parameters(api, path)}):
                answer = client.request(
                    method.upper(),
                    path.format(**values),
                    params={"x-unknown": "1"},
                    **{**body, "headers": {**body["headers"], **credentials, "Accept-Language": "fr"}},
                )
                if operation.get("security") == []:
                    public.add(f"{method.upper()} {path}")
                    assert answer.status_code != 401, (method, path, answer.text)
                elif answer.status_code != 401 or set(answer.json()) != {"error", "detail"}:
                    wrong.append(f"{method.upper()} {path.format(**values)}: {answer.status_code} {answer.text[:120]}")
                elif not credentials:
                    assert answer.json()["error"] == "Veuillez d’abord vous connecter.", answer.json()
    assert not wrong, "\n".join(wrong)
    assert sorted(public) == sorted(
        [
            "GET /api/invitations/{token}",
            "GET /api/processes/{slug}/publications",
            "GET /api/processes/{slug}/publications/{number}/{name}",
            "GET /api/processes/{slug}/publications/{number}/manifest.json",
            "GET /api/processes/{slug}/publications/{number}/manifest.json.minisig",
            "POST /api/verify",
            "POST /api/auth/password-reset",
            "POST /api/auth/password-reset/{token}",
            "POST /api/auth/sign-in-link",
            "POST /api/auth/token",
            "POST /api/invitations/{token}",
            "GET /api/search",
        ]
    )
