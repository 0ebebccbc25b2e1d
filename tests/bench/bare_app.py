"""A bare Litestar app for the throughput bench: one handler answering a fixed page of the size of a
version page, no database, no templates, no middleware. What Accord's pages are measured against."""

from __future__ import annotations

import os

from litestar import Litestar, MediaType, get

SIZE = int(os.environ.get("BARE_BYTES", "120000"))  # the bench sets the size of the page it compares with
BODY = "<!doctype html><title>bare</title><p>" + "palabra " * (SIZE // 8) + "</p>"


@get("/", media_type=MediaType.HTML)
def page() -> str:
    return BODY


app = Litestar([page])
