"""The Litestar application, built from settings (`create_app(settings)`)."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
from concurrent.futures import ThreadPoolExecutor

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.static_files import create_static_files_router

from .. import __version__
from ..metrics import process_ends, watch_pool
from ..services.publication.on_demand import Limits, OnDemand
from ..services.unit import store_for
from ..settings import Settings, renders_folder
from ..store.db import Store
from ..worker import Jobs
from . import stopping
from .access_log import log_requests
from .allow import allowed_methods
from .api import API_ROUTER
from .context import (
    CSRF_COOKIE,
    before_request,
    provide_actor,
    provide_asker,
    provide_store,
    provide_unit,
)
from .errors import HANDLERS
from .gzipped import GZIP_FROM, GZIPS_ITSELF
from .health import healthz, readyz
from .live import announcer, channels_plugin, presence_teller
from .metrics import scrape
from .openapi import SCHEMA_PLUGINS, openapi_config
from .pages import PAGE_HANDLERS
from .query_names import query_names
from .rooms import open_rooms
from .security import security_headers
from .session_cookie import KeptSessionBackend, KeptSessionConfig
from .shared_pieces import SharedPieces
from .templating import template_config
from .verification import accord_keys

STATIC = __file__.rsplit("/", 1)[0] + "/static"
# A long answer travels gzipped, at the fastest level (a 3,000-paragraph version: 1.16 MB of JSON, 0.2 MB sent); never a
# live stream (it would wait for a buffer to fill), nor the files sent as they are kept (frozen bytes, Range).
COMPRESSION = CompressionConfig(
    backend="gzip",
    minimum_size=GZIP_FROM,
    gzip_compress_level=1,
    exclude=[r"/events$", r"/publications/\d+/", r"/download$", r"\.docx$", r"^/static/"],
    exclude_opt_key=GZIPS_ITSELF,  # a page kept for all its readers is kept gzipped too (gzipped.py)
)


DEPENDENCIES = {
    "db": Provide(provide_unit),
    "store": Provide(provide_store, sync_to_thread=False),
    "actor": Provide(provide_actor),
    "asker": Provide(provide_asker, sync_to_thread=False),
}


def create_app(settings: Settings | None = None) -> Litestar:
    settings = (settings or Settings.from_env()).with_secret()
    settings.check_oidc()  # half a configuration of the OpenID provider: no server (ValueError, naming what)
    store = store_for(settings, settings.threads)  # ValueError naming a setting that cannot be used: no server
    session_config = KeptSessionConfig(
        secret=hashlib.sha256(settings.secret_key.encode()).digest(),
        key="accord_session",
        secure=settings.secure_cookies,
        samesite="lax",
        httponly=True,
        max_age=14 * 24 * 3600,
    )
    csrf = CSRFConfig(
        secret=settings.secret_key,
        cookie_name=CSRF_COOKIE,
        cookie_secure=settings.secure_cookies,
        cookie_samesite="lax",
        exclude=["/api", "/schema"],
    )
    app = Litestar(
        route_handlers=[
            API_ROUTER,
            *PAGE_HANDLERS,
            healthz,
            readyz,
            accord_keys,
            scrape,
            create_static_files_router(path="/static", directories=[STATIC], include_in_schema=False),
        ],
        state=_state(settings, store),
        dependencies=DEPENDENCIES,
        before_request=before_request,
        middleware=[session_config.middleware],
        before_send=[security_headers(settings.secure_cookies)],
        csrf_config=csrf,
        compression_config=COMPRESSION,
        template_config=template_config(),
        exception_handlers=HANDLERS,  # type: ignore[arg-type]
        request_max_body_size=settings.max_body_bytes,
        openapi_config=openapi_config(__version__),
        plugins=[*SCHEMA_PLUGINS, channels_plugin(settings)],
        on_startup=[_threads, announcer, presence_teller, open_rooms, stopping.watch],
        on_shutdown=[_dispose],
        debug=settings.debug,
        logging_config=None,
    )
    app.state["sessions"] = KeptSessionBackend(config=session_config)  # an error page reads who it is for
    app.state["query_names"] = query_names(app)
    app.state["allowed_methods"] = allowed_methods(app)
    log_requests(app)
    watch_pool(store.engine)
    _jobs(app, settings, store)
    return app


def _state(settings: Settings, store: Store) -> State:
    """What handlers read from the app: the store (the one place they read it), the settings, the files rendered on
    demand, and the pieces of pages shared between workers (with Redis)."""
    return State(
        {
            "db": store,
            "settings": settings,
            "renders": OnDemand(renders_folder(settings), Limits(kept_bytes=settings.render_cache_bytes)),
            "shared_pieces": SharedPieces(settings.redis_url) if settings.redis_url else None,
        }
    )


def _threads(app: Litestar) -> None:
    """Litestar runs sync handlers in the loop's default executor: as many threads as connections."""
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(app.state.settings.threads, thread_name_prefix="accord")
    )


def _dispose(app: Litestar) -> None:
    app.state.db.dispose()
    process_ends()


def _jobs(app: Litestar, settings: Settings, store: Store) -> None:
    """Commits that leave work wake the queue; with nothing else configured, this process also runs
    the worker (threads), so `make run` sends mails with no other server."""
    if not (settings.jobs_in_process or settings.queue_url or settings.redis_url):
        return  # the queue is Redis's when only Redis is set (worker.jobs.make_huey): its worker is woken there too
    jobs = Jobs(settings, store)
    store.on_work.append(jobs.wake)
    app.state["jobs"] = jobs
    if not settings.jobs_in_process:
        return
    consumer = jobs.consumer(workers=2, in_process=True)

    def start() -> None:
        consumer.start()

    def stop() -> None:
        consumer.stop(graceful=True)

    app.on_startup.append(start)
    app.on_shutdown.insert(0, stop)


def app_from_env() -> Litestar:
    """Entry point for `uvicorn --factory workspace.web.app:app_from_env`."""
    logging.basicConfig(level=logging.INFO)
    app = create_app(Settings.from_env())
    # What the served process holds from its start on (the modules, the app: some 200,000 objects) is left
    # out of the garbage collector's full passes, which otherwise walk it all, every thread stopped: with a
    # thousand live streams those pauses were most of a comment's p99 (tests/bench/test_streams_load.py).
    gc.collect()
    gc.freeze()
    return app
