"""Reading HTML forms: each page handler takes its form as a typed struct that Litestar decodes, as the
API takes its JSON body. A body of the wrong shape (a field sent twice where one is expected) is answered
like the API's: 400 with Litestar's message naming the field."""

from __future__ import annotations

import re
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

import msgspec
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

from ...domain.consultations.consultation_commands import RecommendationFields, SessionFields

T = TypeVar("T")

Form = Annotated[T, Body(media_type=RequestEncodingType.URL_ENCODED)]
"""A url-encoded form, decoded into `T` (`Form[SignIn]`)."""

Upload = Annotated[T, Body(media_type=RequestEncodingType.MULTI_PART)]
"""A multipart form (with a file), decoded into `T`."""


class Many(list[str]):
    """A repeated field (a list of checkboxes): every value sent, none, one or several. Litestar reads a
    url-encoded field sent once as text and one sent twice as a list: `FORM_DECODERS` makes both a list."""


def _is_many(kind: Any) -> bool:
    return kind is Many


def _many(_kind: Any, value: Any) -> Many:
    return Many(str(v) for v in value) if isinstance(value, list) else Many([str(value)])


FORM_DECODERS = [(_is_many, _many)]


def many() -> Any:
    """The default of a `Many` field: nothing ticked."""
    return msgspec.field(default_factory=Many)


class PageForm(msgspec.Struct, kw_only=True):
    """A page's form. Fields are text ("" when not sent: browsers send an empty field, which Litestar drops);
    fields it does not name (the CSRF token) are ignored."""

    def values(self) -> dict[str, Any]:
        """The fields as typed, for the page to show them again."""
        return msgspec.structs.asdict(self)


def chosen(upload: UploadFile | None) -> UploadFile | None:
    """The file sent, or None when the file field was left empty (a browser then sends no file name)."""
    return upload if upload is not None and upload.filename else None


MAX_PATH = 2000


def local_path(target: str | None, fallback: str = "/") -> str:
    """Only redirect within the site: never to another host given in a `next` field (nor one a browser reads as such:
    `/\\host`), nor an address longer than any of the site's (it is kept in the session cookie on its way)."""
    if not target or len(target) > MAX_PATH:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


def see_other(path: str) -> Redirect:
    return Redirect(path, status_code=303)


_OFFSET = re.compile(r"^UTC([+\u2212-])(\d{2}):(\d{2})$")


class SessionForm(PageForm):
    """A consultation session, as the form gives it: local times in the zone chosen beside them."""

    title: str = ""
    starts_at: str = ""
    ends_at: str = ""
    timezone: str = ""
    place: str = ""
    platform: str = ""
    organisers: str = ""
    languages: Many = many()
    capacity: str = ""
    theme: str = ""
    summary: str = ""

    def fields(self) -> SessionFields:
        """The session's fields: local times in the zone chosen beside them.

        The zone is an IANA name, or the offset the session was announced with (`UTC−03:00`),
        which is written onto the times themselves since it is not a zone name.
        """
        zone, starts, ends = self.timezone, self.starts_at, self.ends_at
        match = _OFFSET.match(zone)
        if match:
            sign = "-" if match.group(1) != "+" else "+"
            suffix = f"{sign}{match.group(2)}:{match.group(3)}"
            zone, starts, ends = "", starts + suffix if starts else "", ends + suffix if ends else ""
        return SessionFields(
            title=self.title,
            starts_at=starts,
            ends_at=ends,
            timezone=zone,
            place=self.place,
            platform=self.platform,
            organisers=self.organisers,
            languages=tuple(self.languages),
            capacity=self.capacity,
            theme=self.theme,
            summary=self.summary,
        )


class RecommendationForm(PageForm):
    """A recommendation (themes as comma-separated text)."""

    text: str = ""
    author: str = ""
    organisation: str = ""
    themes: str = ""
    language: str = ""

    def fields(self) -> RecommendationFields:
        return RecommendationFields(
            text=self.text,
            language=self.language,
            author=self.author,
            organisation=self.organisation,
            themes=self.themes,
        )
