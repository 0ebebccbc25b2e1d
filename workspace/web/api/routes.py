"""The API's route decorators: the app's own (routes.py), each operation documenting the errors it may answer."""

from __future__ import annotations

from functools import partial

import litestar

from ..openapi import ERROR_RESPONSES
from ..routes import route

get = route(litestar.get, responses=ERROR_RESPONSES)
post = route(litestar.post, responses=ERROR_RESPONSES)
put = route(litestar.put, responses=ERROR_RESPONSES)
delete = route(litestar.delete, responses=ERROR_RESPONSES)

get_waiting = partial(litestar.get, responses=ERROR_RESPONSES)
"""For an async handler that waits without a thread (for a file being made): it runs its use case, and ends
its transaction, in one thread of its own first (`downloads.made_response`)."""
