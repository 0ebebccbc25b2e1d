"""A bare Litestar app for the throughput bench: one handler answering a fixed page of the size of a
version page, no database, no templates, no middleware. What Accord's pages are measured against."""

from __future__ import annotations

from litestar import Litestar, MediaType, get

BODY = "<!doctype html><title>bare</title>" + "<p>" + "palabra " * 15_000 + "</p>"  # about 120 KB


@get("/", media_type=MediaType.HTML)
def page() -> str:
    return BODY


app = Litestar([page])
