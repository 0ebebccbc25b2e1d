"""The browser's session cookie, written again only when it changes, and once a day.

Litestar's client-side session encrypts the session and sets its cookie again on every answer: a fifth of what
a kept reading page costs besides the framework itself (tests/bench/test_throughput.py). Here it is set when the
session changed (a sign-in, a flash message, a language chosen) or was last written on another day: its
fourteen days then run from the day of a visit, as before (to the day rather than to the second).
"""

from __future__ import annotations

import binascii
import contextlib
import copy
from datetime import UTC, datetime
from typing import Any, cast

from cryptography.exceptions import InvalidTag
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import Empty, Message, ScopeSession

from .http import AnyConnection

DAY = "_written"  # the session's own key: the day its cookie was last written (days since 1 January of year 1)
_LOADED = "accord.session_loaded"  # the scope's: the session as its cookie brought it


def today() -> int:
    return datetime.now(UTC).date().toordinal()


class KeptSessionBackend(ClientSideSessionBackend):
    async def load_from_connection(self, connection: AnyConnection) -> dict[str, Any]:
        data = await super().load_from_connection(connection)
        cast(dict[str, Any], connection.scope)[_LOADED] = copy.deepcopy(data)  # a value changed in place counts
        return data

    def read_now(self, connection: AnyConnection) -> dict[str, Any]:
        """The session its cookie brings, read outside the middleware (an address no route has: the middleware is
        each route's); empty when there is none or it cannot be read, as the middleware leaves it."""
        if keys := self.get_cookie_keys(connection):
            with contextlib.suppress(InvalidTag, binascii.Error, ValueError):
                return self.load_data([connection.cookies[key].encode("utf-8") for key in keys])
        return {}

    async def store_in_message(self, scope_session: ScopeSession, message: Message, connection: AnyConnection) -> None:
        if scope_session and scope_session is not Empty:
            session = cast(dict[str, Any], scope_session)
            loaded = cast(dict[str, Any], connection.scope).get(_LOADED)
            if session == loaded and session.get(DAY) == today():
                return  # the browser holds this very session, written today
            session[DAY] = today()
        await super().store_in_message(scope_session, message, connection)


class KeptSessionConfig(CookieBackendConfig):
    _backend_class = KeptSessionBackend
