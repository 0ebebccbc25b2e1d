"""Signing in with the organisation's accounts (OpenID Connect): to the provider and back, over services.sso.

The sign-ins under way wait in the browser's (encrypted) session, each under its `state`, and each is taken out
when the browser comes back with it, whatever happens next: a callback answers once.
"""

from __future__ import annotations

import time
from typing import Any

from litestar.response import Redirect

from ... import i18n
from ...domain.errors import N_, NotFound
from ...i18n import gettext as _
from ...services import sso
from ..context import CSRF_COOKIE, SIGN_IN, browser_language, client_address
from ..http import AnyRequest, AnyResponse
from ..params import Query, StoreDep
from ..routes import get
from .common import flash, page
from .forms import local_path, see_other

PENDING = "oidc"  # the session's key: the sign-ins under way, by their state
AT_ONCE = 3  # sign-ins kept under way at once (several tabs); the oldest goes first


def _config(request: AnyRequest) -> sso.OidcConfig:
    config = sso.OidcConfig.of(request.app.state.settings)
    if config is None:
        raise NotFound(N_("This page does not exist."))
    return config


def _refused(request: AnyRequest, exc: Exception) -> AnyResponse:
    """A sign-in refused (400: an answer not to accept; 403: a person not let in) or a provider out of reach (503,
    502): said on a page of its own, the route's answer to these refusals."""
    assert isinstance(exc, (sso.Refused, sso.ProviderUnavailable))
    status = (
        exc.status if isinstance(exc, sso.ProviderUnavailable) else 403 if isinstance(exc, sso.RefusedPerson) else 400
    )
    label = _config(request).label
    response = page(request, "auth/sso_refused.html", status, message=exc.render(i18n.translate), label=label)
    if status == 503:
        response.headers["Retry-After"] = "30"
    return response


REFUSED = {sso.Refused: _refused, sso.ProviderUnavailable: _refused}


@get("/auth/oidc/login", include_in_schema=False, exception_handlers=REFUSED)
def oidc_login(request: AnyRequest, next: Query = None) -> AnyResponse:
    """To the provider's sign-in, coming back to `next` (a path of this site) once signed in."""
    started = sso.begin(_config(request), local_path(next, "/processes"))
    now = time.time()
    waiting: dict[str, Any] = {
        state: kept
        for state, kept in (request.session.get(PENDING) or {}).items()
        if isinstance(kept, dict) and now - float(kept.get("at", 0)) <= sso.PENDING_SECONDS
    }
    waiting[started.state] = started.pending
    request.session[PENDING] = dict(list(waiting.items())[-AT_ONCE:])
    return Redirect(started.url, status_code=303)


@get("/auth/oidc/callback", include_in_schema=False, exception_handlers=REFUSED)
def oidc_callback(request: AnyRequest, store: StoreDep) -> AnyResponse:
    """Back from the provider: signed in and on to where the sign-in was for, or a page saying why not."""
    config = _config(request)
    answer = {name: request.query_params.get(name) or "" for name in request.query_params}
    waiting = dict(request.session.get(PENDING) or {}) if request.session else {}
    pending = waiting.pop(answer.get("state", ""), None)
    if request.session and PENDING in request.session:
        request.session[PENDING] = waiting  # used once, whatever comes of it
    signed = sso.finish(store, config, answer, pending, client_address(request), browser_language(request))
    request.set_session({"user_id": signed.actor.id, SIGN_IN: signed.sign_in, PENDING: waiting})
    if signed.joined:
        flash(request, _("Welcome: you are now in the process."))
    elif signed.not_joined is not None:
        flash(request, signed.not_joined.render(i18n.translate))
    redirect = see_other(signed.next)
    redirect.delete_cookie(CSRF_COOKIE)  # a new CSRF token for the new session
    return redirect
