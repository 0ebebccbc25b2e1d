"""The Litestar application, built from settings (`create_app(settings)`)."""

from __future__ import annotations

import hashlib
import logging

from litestar import Litestar, Request
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware.session.client_side import CookieBackendConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

from .. import __version__
from ..services.unit import open_store
from ..settings import Settings
from .api import API_ROUTER
from .context import before_request, current_actor
from .errors import HANDLERS
from .pages import PAGE_HANDLERS
from .templating import template_config

STATIC = __file__.rsplit("/", 1)[0] + "/static"


def provide_db(state: State) -> object:
    return state.db


def provide_actor(request: Request) -> object:
    return current_actor(request)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    store, close_store = open_store(settings.database_url)
    key = hashlib.sha256(settings.secret_key.encode()).digest()
    session_config = CookieBackendConfig(
        secret=key, key="accord_session", secure=settings.secure_cookies, samesite="lax", httponly=True,
        max_age=14 * 24 * 3600,
    )
    csrf = CSRFConfig(
        secret=settings.secret_key, cookie_name="accord_csrf", cookie_secure=settings.secure_cookies,
        cookie_samesite="lax", exclude=["/api", "/schema"],
    )

    return Litestar(
        route_handlers=[API_ROUTER, *PAGE_HANDLERS, create_static_files_router(path="/static", directories=[STATIC], include_in_schema=False)],
        state=State({"db": store, "settings": settings}),
        dependencies={"db": Provide(provide_db, sync_to_thread=False), "actor": Provide(provide_actor, sync_to_thread=False)},
        before_request=before_request,
        middleware=[session_config.middleware],
        csrf_config=csrf,
        template_config=template_config(),
        exception_handlers=HANDLERS,  # type: ignore[arg-type]
        request_max_body_size=settings.max_body_bytes,
        openapi_config=OpenAPIConfig(
            title="Accord API", version=__version__, path="/schema",
            description="Consultations, recommendations and declarations of Accord. Authenticate with `Authorization: Bearer <token>`.",
            components=Components(security_schemes={"token": SecurityScheme(type="http", scheme="bearer")}),
            security=[{"token": []}],
        ),
        on_shutdown=[close_store],
        debug=settings.debug,
        logging_config=None,
    )


def app_from_env() -> Litestar:
    """Entry point for `uvicorn --factory workspace.web.app:app_from_env`."""
    logging.basicConfig(level=logging.INFO)
    return create_app(Settings.from_env())
