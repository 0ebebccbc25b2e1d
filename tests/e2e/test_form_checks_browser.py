"""A form's own checks run in Chromium: every `pattern` attribute of the templates is a regular expression the
browser accepts (Chromium compiles it with the `v` flag, where a bare `-` in a class is an error: the check then never
runs and the console says so), and the new process's slug is checked as it is typed, with nothing in the console."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.server import COMMITTEE, chromium_or_skip, running_server, signed_in

chromium_or_skip()

pytestmark = pytest.mark.e2e
TEMPLATES = Path(__file__).resolve().parents[2] / "workspace" / "web" / "templates"
PATTERN = re.compile(r'\bpattern="([^"]*)"')


def test_every_pattern_of_the_templates_compiles_as_chromium_compiles_it(browser):
    patterns = {
        f"{path.relative_to(TEMPLATES)}: {found}": found
        for path in TEMPLATES.rglob("*.html")
        for found in PATTERN.findall(path.read_text(encoding="utf-8"))
    }
    assert patterns  # the templates have some; the slug's at least
    page = browser.new_page()
    refused = page.evaluate(
        """(patterns) => Object.entries(patterns).flatMap(([where, p]) => {
          try { new RegExp('^(?:' + p + ')$', 'v'); return []; } catch (e) { return [where + ' → ' + e.message]; }
        })""",
        patterns,
    )
    assert not refused, refused


def test_the_slug_of_a_new_process_is_checked_as_typed_and_the_console_stays_clean(tmp_path, browser):
    with running_server(tmp_path) as server:
        page = signed_in(browser, server.url, COMMITTEE)
        said: list[str] = []
        page.on("console", lambda message: said.append(message.text) if message.type == "error" else None)
        page.goto(f"{server.url}/processes/new")
        slug = page.locator("input[name=slug]")
        checks = {}
        for typed in ("Not A Slug!", "-edge", "agenda-2030", "b"):
            slug.fill(typed)
            checks[typed] = slug.evaluate("input => input.validity.patternMismatch")
        assert checks == {"Not A Slug!": True, "-edge": True, "agenda-2030": False, "b": False}
        assert not said, said
