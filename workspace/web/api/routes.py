"""The API's route decorators: the app's own (routes.py), each operation documenting the errors it may answer."""

from __future__ import annotations

import litestar

from ..openapi import ERROR_RESPONSES
from ..routes import route

get = route(litestar.get, responses=ERROR_RESPONSES)
post = route(litestar.post, responses=ERROR_RESPONSES)
put = route(litestar.put, responses=ERROR_RESPONSES)
delete = route(litestar.delete, responses=ERROR_RESPONSES)
