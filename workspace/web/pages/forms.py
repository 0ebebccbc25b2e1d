"""Reading HTML forms: each page handler takes its form as a typed struct that Litestar decodes, as the
API takes its JSON body. A body of the wrong shape (a field sent twice where one is expected) is answered
like the API's: 400 with Litestar's message naming the field."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Annotated, Any, TypeVar
from urllib.parse import urlsplit

import msgspec
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect

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


def carried(field: str) -> bytes:
    """A file carried back in a form from its preview (base64): its bytes, none when the field holds no base64."""
    try:
        return base64.b64decode(field, validate=True)
    except (binascii.Error, ValueError):
        return b""


_UNDECODED = re.compile("[\udc80-\udcff]")  # a byte UTF-8 does not read, kept by "surrogateescape"


def text_of(raw: bytes) -> tuple[str, int]:
    """A file's bytes as text, and the line of the first byte UTF-8 does not read (0: it is all UTF-8 text)."""
    text = raw.decode("utf-8", "surrogateescape")
    bad = _UNDECODED.search(text)
    return text, text[: bad.start()].count("\n") + 1 if bad else 0


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
