"""Pieces of pages shared by the workers through Redis (issue 37): a version's paragraphs rendered by one worker
are taken by the next, which renders none of them and sends the same bytes; Redis gone, pages are rendered as
without it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from litestar.testing import TestClient

from tests import needs
from tests.backends import BACKENDS_DIFFER
from tests.web.conftest import sign_in
from tests.web.pages.test_pages_support import SLUG, import_zero
from workspace.services.kept import LastUsed
from workspace.web.app import create_app
from workspace.web.pages import common
from workspace.web.shared_pieces import SharedPieces

pytestmark = BACKENDS_DIFFER  # two workers' claims of the same paragraphs, per backend

REDIS = "redis://127.0.0.1:6379/0"
PAGE = f"/p/{SLUG}/declaration/versions/1"


class Spied(SharedPieces):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.found: list[int] = []  # of each read, how many of the pieces asked for were there
        self.kept: list[int] = []

    def find(self, names):
        got = super().find(names)
        self.found.append(sum(value is not None for value in got))
        return got

    def keep(self, pieces):
        self.kept.append(len(pieces))
        super().keep(pieces)


def forget_this_workers_pages(monkeypatch) -> None:
    """A worker that has rendered nothing yet: its own memories empty."""
    monkeypatch.setattr(common, "_PIECES", LastUsed(20_000))
    monkeypatch.setattr(common, "_PARTS", LastUsed(128))
    monkeypatch.setattr(common, "_PAGES", LastUsed(64))


@pytest.fixture
def shared_app(app, monkeypatch):
    needs.redis_server(REDIS)
    shared = create_app(replace(app.state.settings, redis_url=REDIS))
    shared.state.db.dispose()
    shared.state.db = app.state.db  # the same database as the test's own app, as two workers have
    shared.state.shared_pieces = Spied(REDIS)
    return shared


def test_a_second_worker_takes_the_paragraphs_the_first_rendered(shared_app, client, web_people, monkeypatch):
    import_zero(client, web_people)
    spied = shared_app.state.shared_pieces
    paragraphs = None
    with TestClient(shared_app) as browser:
        browser.headers["Accept-Language"] = "en"
        sign_in(browser, web_people.member.email)
        for worker in ("first", "second"):
            forget_this_workers_pages(monkeypatch)  # the second worker: nothing of the first in its memory
            spied.found.clear()
            spied.kept.clear()
            answer = browser.get(PAGE)
            assert answer.status_code == 200
            text = answer.text[answer.text.index('<article class="declaration"') : answer.text.index("</article>")]
            count = text.count('class="para ')
            assert count >= 3
            if worker == "first":
                paragraphs = text
                assert len(spied.found) == 1 and spied.found[0] + sum(spied.kept) == count
            else:
                assert text == paragraphs
                assert spied.kept == [] and spied.found == [count]  # every one from Redis, none rendered


def test_without_redis_the_pieces_are_rendered_here(app, client, web_people, monkeypatch):
    import_zero(client, web_people)
    forget_this_workers_pages(monkeypatch)
    gone = SharedPieces("redis://127.0.0.1:1/0")  # nothing listens there
    monkeypatch.setitem(app.state, "shared_pieces", gone)
    sign_in(client, web_people.member.email)
    answer = client.get(PAGE)
    assert answer.status_code == 200 and answer.text.count('class="para ') >= 3
