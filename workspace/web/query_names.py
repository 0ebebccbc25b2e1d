"""The API refuses a query parameter its operation does not take (`?stauts=open` would otherwise list
everything, and the reader would take it for the filtered list), and a single one given twice (which
of `?version=1&version=2` was meant?)."""

from __future__ import annotations

from litestar import Litestar
from litestar.routes import HTTPRoute

from ..domain.errors import N_, BadRequest
from .http import AnyRequest


def query_names(app: Litestar) -> dict[int, dict[str, bool]]:
    """The query names each API operation takes, by handler: Litestar's own parameter model of each
    handler, the one the OpenAPI document is made from; each says whether it may be repeated."""
    taken: dict[int, dict[str, bool]] = {}
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/"):
            for handler, model in route.route_handler_map.values():
                taken[id(handler)] = {p.field_alias: p.is_sequence for p in model.expected_query_params}
    return taken


def refuse_unknown_query(request: AnyRequest) -> None:
    names = request.app.state.get("query_names", {}).get(id(request.scope["route_handler"]))
    if names is None:
        return
    query = request.query_params
    for name in query:
        if name in names:
            if not names[name] and len(query.getall(name)) > 1:
                raise BadRequest(
                    N_("The query parameter “{name}” is given more than once."), detail={"parameter": name}, name=name
                )
            continue
        if not names:
            raise BadRequest(
                N_("This operation takes no query parameter (“{name}” was given)."),
                detail={"parameter": name},
                name=name,
            )
        raise BadRequest(
            N_("Unknown query parameter “{name}”: this operation takes {known}."),
            detail={"parameter": name},
            name=name,
            known=", ".join(sorted(names)),
        )
