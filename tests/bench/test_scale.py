"""Every page and API list at 300 and 3,000 paragraphs: the generated demo (`accord demo --scale`) in the
large demo's proportions, on both backends. Printed for each: the median time of the request through the
real app (the test client, no network), the size of the answer, and their growth from 300 to 3,000 against
issue 17's goals (at most ×10, under 100 ms, under 500 KB sent: a long answer travels gzipped). Run with `make bench`; a
table, no assertion on the goals not reached yet (the figures say which).
"""

from __future__ import annotations

import statistics
import time

from litestar.testing import TestClient

from tests.bench.test_draft_speed import quick  # noqa: F401  (the fixture, autouse)
from tests.conftest import PASSWORD
from tests.web.conftest import sign_in, token_headers
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.services.transfer.scaled_demo import Scale, build_scaled_demo, slug_of
from workspace.web.app import create_app

SIZES = (300, 3_000)
ROUNDS = 5


def targets(slug: str, versions: int) -> list[str]:
    p, api = f"/p/{slug}", f"/api/processes/{slug}"
    return [
        p,
        f"{p}/declaration",
        f"{p}/declaration/draft",
        f"{p}/declaration/versions/{versions}",
        f"{p}/declaration/compare?old={versions - 1}&new={versions}",
        f"{p}/declaration/aligned",
        f"{p}/declaration/coverage",
        f"{p}/translations",
        f"{p}/translations/en",
        f"{p}/translations/en?state=outdated&page=2",
        f"{p}/amendments",
        f"{p}/amendments/compilation",
        f"{p}/threads",
        f"{p}/threads?page=3",
        f"{p}/recommendations",
        f"{p}/activity",
        f"{p}/publish",
        f"{p}/members",
        f"{api}/threads",
        f"{api}/amendments",
        f"{api}/activity",
        f"{api}/translations/en",
        f"{api}/progress",
        f"{api}/versions/{versions}",
        f"{api}/draft",
        f"{api}/gate?version={versions}",
    ]


def measure(client: TestClient, path: str, headers: dict[str, str]) -> tuple[float, int, int, int]:
    times, size, status, sent = [], 0, 0, 0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(path, headers=headers if path.startswith("/api/") else None)
        times.append(time.perf_counter() - started)
        size, status, sent = (
            len(response.content),
            response.status_code,
            response.num_bytes_downloaded,
        )  # sent: gzipped when long
    return statistics.median(times) * 1000, size, status, sent


def test_pages_and_lists_from_300_to_3000_paragraphs(db_url, settings_for):
    backend = db_url.split(":")[0]
    figures: dict[int, dict[str, tuple[float, int, int, int]]] = {}
    app = create_app(settings_for(db_url))
    with TestClient(app) as client:
        client.headers["Accept-Language"] = "en"
        for size in SIZES:
            scale = Scale.sized(size)
            started = time.perf_counter()
            build_scaled_demo(app.state.db, scale)
            built = time.perf_counter() - started
            email = f"comite.{scale.name}@demo.accord"
            accounts.set_password(app.state.db, SYSTEM, email, PASSWORD)
            client.cookies.clear()
            sign_in(client, email)
            headers = token_headers(client, email)
            slug = slug_of(scale)
            figures[size] = {
                path.replace(slug, "{slug}"): measure(client, path, headers) for path in targets(slug, scale.versions)
            }
            print(f"\n[{backend}] demo at {size:,} paragraphs built in {built:.1f} s")
    small, large = figures[SIZES[0]], figures[SIZES[1]]
    print(
        f"\n[{backend}] {'what':<52} {'300':>9} {'3,000':>9} {'growth':>7} {'size 300':>10} {'size 3,000':>11} "
        f"{'sent':>8}  goals"
    )
    for path in small:
        (t1, s1, c1, _), (t2, s2, c2, sent) = small[path], large[path]
        met = t2 / t1 <= 10 and t2 < 100 and sent < 500_000
        print(
            f"[{backend}] {path:<52} {t1:>7.0f}ms {t2:>7.0f}ms {t2 / t1:>6.1f}× {s1 / 1000:>8.0f}KB "
            f"{s2 / 1000:>9.0f}KB {sent / 1000:>6.0f}KB  "
            f"{'met' if met else 'not yet'}{'' if c1 == c2 == 200 else f' (status {c1}, {c2})'}"
        )
