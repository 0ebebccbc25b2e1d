"""OPTIONS names every method of the path, as the document and the 405s do.

Litestar 2 answers OPTIONS from the handlers registered first on a path only (litestar#4169, fixed in
Litestar 3): `/api/processes` said `OPTIONS, POST` and left out GET. Its route knows every method (its
405s list them all), so the answer is made here from the routes, once per app."""

from __future__ import annotations

from litestar import Litestar, Response
from litestar.routes import HTTPRoute

from .http import AnyRequest, AnyResponse


def allowed_methods(app: Litestar) -> dict[str, str]:
    """The `Allow` of each path, by the path's template (`/api/processes/{slug}`)."""
    return {route.path_format: ", ".join(sorted(route.methods)) for route in app.routes if isinstance(route, HTTPRoute)}


def answer_options(request: AnyRequest) -> AnyResponse | None:
    """The answer to OPTIONS: 204 with the path's every method; None for any other request."""
    if request.method != "OPTIONS":
        return None
    allow = request.app.state.get("allowed_methods", {}).get(request.scope.get("path_template"))
    return Response(None, status_code=204, headers={"Allow": allow}) if allow else None
