"""Server-rendered pages: thin handlers over the same services as the API."""

from __future__ import annotations

from . import auth, processes

PAGE_HANDLERS = [*auth.HANDLERS, *processes.HANDLERS]
