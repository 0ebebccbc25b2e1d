"""Litestar 3 readiness: building the app raises no Litestar deprecation warning.

Litestar 2 warns, as it registers the routes, about what Litestar 3 drops (dependencies and
parameters inferred from argument names, bodies without a marker…); every handler declares them.
"""

from __future__ import annotations

import warnings

from litestar.exceptions import LitestarDeprecationWarning

from workspace.web.app import create_app


def test_building_the_app_raises_no_litestar_deprecation(sqlite_url, settings_for):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # record them, whatever pytest's filters say
        create_app(settings_for(sqlite_url))
    deprecations = [str(w.message) for w in caught if issubclass(w.category, LitestarDeprecationWarning)]
    assert deprecations == []
