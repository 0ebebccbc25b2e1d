"""The one error hierarchy of Accord. Web maps each class to an HTTP status in one place.

Messages are gettext message ids (marked with `N_` for extraction) with named `params`;
they are translated where they reach a person (web error handler, CLI), so domain stays pure.
A message that counts something has a plural (`NN_`): the count's parameter chooses the form.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self, TypeVar

T = TypeVar("T")


def N_(message: str) -> str:
    """Mark a string for extraction without translating it here."""
    return message


class Words(str):
    """A parameter that is itself a message id (a status's label, not its code): translated with its message.
    `context`: the noun it agrees with, if it has one (`labels.Label`)."""

    context: str | None = None


class Plural(str):
    """A message id with a plural: as a string, its singular; `plural`, its plural; `counted_by`, the name of
    the parameter whose number chooses the form ("1 item", "2 items"; Arabic and Russian have more forms)."""

    plural: str
    counted_by: str

    def __new__(cls, singular: str, plural: str, counted_by: str) -> Self:
        made = super().__new__(cls, singular)
        made.plural, made.counted_by = plural, counted_by
        return made

    def __getnewargs__(self) -> tuple[str, str, str]:  # type: ignore[override]  # pickled: an error crosses processes
        return str(self), self.plural, self.counted_by


def NN_(singular: str, plural: str, counted_by: str) -> Plural:
    """Mark a message with a plural for extraction (`-k NN_:1,2`); `counted_by` names the parameter that counts."""
    return Plural(singular, plural, counted_by)


class Counted(str):
    """A plural message with its number: as a string, the English form the number asks for (what a reader
    without a catalog sees); `singular`, `plural` and `n`, what ngettext needs to choose in another language."""

    singular: str
    plural: str
    n: int

    def __new__(cls, message: Plural, n: int) -> Self:
        made = super().__new__(cls, str(message) if n == 1 else message.plural)
        made.singular, made.plural, made.n = str(message), message.plural, n
        return made

    def __getnewargs__(self) -> tuple[Plural, int]:  # type: ignore[override]
        return Plural(self.singular, self.plural, "n"), self.n


class Phrase(str):
    """Words kept as a message id and its parameters, said in the reader's language where they are shown ("paragraph
    {n}" of a Word file, "table {n}"); as a string, its English words (what the command line and the logs print)."""

    message: str
    params: dict[str, Any]

    def __new__(cls, message: str, **params: Any) -> Self:
        made = super().__new__(cls, message.format(**params))
        made.message, made.params = message, params
        return made

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:  # pickled: a Word file is read in a worker
        return (self.message,), self.params

    def said(self, translate: Callable[[str], str]) -> str:
        return translate(self.message).format(**self.params)


QUOTED = N_("“{value}”")  # a value as typed, quoted as the reader's language quotes


class Choices(tuple[str, ...]):
    """A parameter listing the values a field takes, as they are typed (codes an API takes): each quoted as the
    reader's language quotes, never read as words of the sentence."""

    def said(self, translate: Callable[[str], str] = lambda s: s) -> str:
        return ", ".join(translate(QUOTED).format(value=value) for value in self)

    def __format__(self, spec: str) -> str:
        return self.said()


def form(message: str, params: Mapping[str, Any]) -> str:
    """The message id to translate: a `Plural` with the number of its count (`Counted`), any other as it is."""
    return Counted(message, int(params[message.counted_by])) if isinstance(message, Plural) else message


class AccordError(Exception):
    """Base of every error a person can cause."""

    code = "error"

    def __init__(self, message: str, detail: Any = None, **params: Any) -> None:
        super().__init__(form(message, params).format(**params) if params else message)
        self.message = message
        self.params = params
        self.detail = detail

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt as it is, whatever the subclass's own arguments: an error raised in a worker process (a
        # file read apart from the web server) reaches the request that waits for it.
        return _rebuilt, (type(self), self.args, self.__dict__)

    def render(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """The message in the reader's language, with its parameters filled in."""
        text = translate(form(self.message, self.params))
        # A parameter may be another error (a list's item refused), or words: it is rendered in the same language.
        params = {k: said(v, translate) for k, v in self.params.items()}
        return text.format(**params) if params else text


def said(value: Any, translate: Callable[[str], str]) -> Any:
    """A parameter in the reader's language: an error, words, a phrase or a list of choices; any other as it is."""
    if isinstance(value, AccordError):
        return value.render(translate)
    if isinstance(value, Words):
        return translate(value)
    if isinstance(value, (Phrase, Choices)):
        return value.said(translate)
    return value


def _rebuilt(kind: type[AccordError], args: tuple[Any, ...], state: dict[str, Any]) -> AccordError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class InvalidInput(AccordError):
    """The request is understood but its content is wrong (422). `also`: the other fields refused
    with it, so that a form shows every problem at once, not one per try."""

    code = "invalid"
    also: tuple[InvalidInput, ...] = ()


class Gather:
    """Check every field of an input, then refuse them all at once (the first one leads)."""

    def __init__(self) -> None:
        self.found: list[InvalidInput] = []

    def check(self, step: Callable[[], T], default: T) -> T:
        try:
            return step()
        except InvalidInput as exc:  # a step that gathered its own refusals gives them all
            self.found.extend((exc, *exc.also))
            exc.also = ()
            return default

    def add(self, exc: InvalidInput) -> None:
        self.found.append(exc)

    def done(self) -> None:
        if self.found:
            first = self.found[0]
            first.also = tuple(self.found[1:])
            raise first


class BadRequest(AccordError):
    """The request itself is malformed (400)."""

    code = "bad_request"


class NotAuthenticated(AccordError):
    """No one is signed in, or the credentials are wrong (401)."""

    code = "not_authenticated"


class Forbidden(AccordError):
    """Signed in, but this role may not do this here (403)."""

    code = "forbidden"


class NotFound(AccordError):
    """The thing asked for does not exist, or is not visible to this person (404)."""

    code = "not_found"


class Conflict(AccordError):
    """The action clashes with the current state: duplicate, stale base, wrong phase (409)."""

    code = "conflict"


class Busy(AccordError):
    """The store (or the machine) is busy with others' work; the same request may succeed in `retry_after`
    seconds (503)."""

    code = "busy"

    def __init__(self, message: str, detail: Any = None, *, retry_after: int = 1, **params: Any) -> None:
        super().__init__(message, detail, **params)
        self.retry_after = retry_after


@dataclass(frozen=True)
class FailedHunk:
    """A hunk of a patch that did not find its text: its place in the patch, and the text it expected."""

    index: int
    expected: str


class PatchFailed(Conflict):
    """A change (an amendment) no longer applies to the current text: saved nothing (409)."""

    code = "patch_failed"

    def __init__(self, failed: Sequence[FailedHunk]) -> None:
        super().__init__(
            N_("This change no longer applies: the words it changes, or the words around them, are no longer there."),
            detail={"failed": [{"hunk": f.index, "expected": f.expected} for f in failed]},
        )
        self.failed = tuple(failed)


class Unsupported(AccordError):
    """A file of a kind this action does not read (415), named as what it is."""

    code = "unsupported_media_type"


class TooMany(AccordError):
    """Too many attempts: wait `retry_after` seconds (429)."""

    code = "too_many"

    def __init__(self, message: str, retry_after: int, **params: Any) -> None:
        super().__init__(message, detail={"retry_after": retry_after}, **params)
        self.retry_after = retry_after


class ImportFailed(InvalidInput):
    """A draft file is malformed; names the file and line so a secretariat can fix it."""

    code = "import_failed"

    def __init__(self, file: str, line: int | None, message: str, **params: Any) -> None:
        super().__init__(message, detail={"file": file, "line": line}, **params)
        self.file = file
        self.line = line

    def render(self, translate: Callable[[str], str] = lambda s: s) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {super().render(translate)}"


class ImportRefused(ImportFailed):
    """Parts of an import file are refused, and nothing of it was written: every refusal with its line
    (the first leads, the others are in `also`), and `report`, what the import says of every part."""

    def __init__(self, refusals: Sequence[ImportFailed], report: Any) -> None:
        first = refusals[0]
        super().__init__(first.file, first.line, first.message, **first.params)
        self.also = tuple(refusals[1:])
        self.report = report
        self.detail = {**self.detail, "report": report}
