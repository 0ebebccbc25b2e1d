"""Litestar's generic request, connection and response, with the type arguments Accord gives them.

No authentication middleware runs (context.py finds who is asking), so `user` and `auth` are never read;
the app's state is Litestar's own `State` (its attributes are set at startup, see app.py).
"""

from __future__ import annotations

from typing import Any, TypeAlias

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.datastructures import State

AnyRequest: TypeAlias = Request[Any, Any, State]
AnyConnection: TypeAlias = ASGIConnection[Any, Any, Any, State]
# Handlers send JSON, HTML pages, redirects and files from one signature: the body's type varies.
AnyResponse: TypeAlias = Response[Any]
