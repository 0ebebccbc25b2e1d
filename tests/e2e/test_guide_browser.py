"""The README's guide, walked in Chromium (issue 67, item 12): each role's first steps, as the README writes them, on
the demo that `make run` loads, and the screenshot of each step written where the README shows it.

The guide is the README's "Guide" section. Each role is a `###` heading naming its demo account in backticks (none
for the public), then numbered steps; a step's words before " — " say what to do: "Click **name**" (a link or a
button by its accessible name: exactly, else a name holding those words; the first on the page when several
match) or "Scroll down to **words**" (the text brought to the middle of the screen). An English gloss in
brackets, "**Enmiendas** (*Amendments*)", must be what the Spanish catalog translates as that name, so the English
reader's words stay true too. A step that no longer matches the app fails here, naming the step and what the page
offers instead.

After each step the viewport (1280 × 800) is saved as JPEG, quality 60, to docs/guide/<role>-<n>.jpg: the images the
README links are the ones this test made, remade at each run. The test fails when the README links an image it did
not make, or when docs/guide holds one the README does not link.

The store is the one `make run` makes: a migrated SQLite file and `accord demo` itself (every process of drafts/,
the demo accounts and their password), whose password and accounts the README must give as it prints them; one
server, one browser context per role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urldefrag

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from playwright.sync_api import Locator, Page, expect

from tests.e2e.server import ROOT, chromium_or_skip, running_server
from workspace.cli import main

chromium_or_skip()

pytestmark = pytest.mark.e2e

README = ROOT / "README.md"
SHOTS = ROOT / "docs" / "guide"
ROLES = ("committee", "member", "translator", "administrator", "public")
STEPS = 5
VIEWPORT = {"width": 1280, "height": 800}
QUALITY = 60
SHOT = re.compile(r"docs/guide/([a-z]+)-(\d+)\.jpg")
NAMES = (
    "els => els.map(e => (e.getAttribute('aria-label') || e.innerText).replace(/\\s+/g, ' ').trim()).filter(Boolean)"
)
"""What a page offers to click, for the message of a step that names something else."""
ACTION = re.compile(
    r"(?P<verb>click|scroll down to|scroll to) \*\*(?P<name>[^*]+)\*\*(?: \(\*(?P<gloss>[^*]+)\*\))?", re.IGNORECASE
)


@dataclass(frozen=True)
class Action:
    verb: str  # "click" or "scroll"
    name: str
    gloss: str | None


@dataclass(frozen=True)
class Step:
    where: str  # "committee, step 3": for the messages
    number: int
    actions: tuple[Action, ...]
    line: str


@dataclass(frozen=True)
class Role:
    slug: str
    heading: str
    account: str | None
    steps: tuple[Step, ...]
    shots: frozenset[str]  # the images its block links, relative to the repository


def section(text: str, title: str) -> str:
    """The README's `## title` section, up to the next `## ` heading."""
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert found, f"README.md has no '## {title}' section"
    return found.group(1)


def doing_part(line: str) -> str:
    """A step's words before its " — " (a name in bold may hold one: "… Local — Córdoba 2021")."""
    kept = []
    for piece in re.split(r"(\*\*[^*]+\*\*)", line):
        if not piece.startswith("**") and " — " in piece:
            kept.append(piece.split(" — ", 1)[0])
            break
        kept.append(piece)
    return "".join(kept)


def step_of(role: str, line: str, number: int) -> Step:
    where = f"README guide, {role}, step {number}"
    doing = doing_part(line)
    actions = tuple(
        Action("click" if m["verb"].lower() == "click" else "scroll", m["name"], m["gloss"])
        for m in ACTION.finditer(doing)
    )
    assert actions, f"{where} says nothing this test can do (Click **…**, Scroll down to **…**): {line}"
    assert doing.count("**") == 2 * len(actions), f"{where}: a bold name that is no action: {line}"
    return Step(where, number, actions, line)


def roles_of(guide: str) -> list[Role]:
    roles = []
    for block in re.split(r"^### ", guide, flags=re.MULTILINE)[1:]:
        heading, _, body = block.partition("\n")
        account = re.search(r"`([^`\s]+@[^`\s]+)`", heading)
        shots = {m.group(0) for m in SHOT.finditer(body)}
        slugs = {SHOT.fullmatch(s)[1] for s in shots}  # type: ignore[index]
        assert len(slugs) == 1, f"README guide, {heading}: its images must be docs/guide/<role>-<n>.jpg, one role"
        slug = slugs.pop()
        lines = re.finditer(r"^(\d+)\. (.+(?:\n {3}\S.*)*)", body, re.MULTILINE)  # a step, and its wrapped lines
        steps = tuple(step_of(slug, " ".join(m[2].split()), int(m[1])) for m in lines)
        assert [s.number for s in steps] == list(range(1, len(steps) + 1)), f"README guide, {heading}: steps 1, 2 …"
        roles.append(Role(slug, heading, account[1] if account else None, steps, frozenset(shots)))
    return roles


@cache
def spanish_catalog() -> dict[str, set[str]]:
    """Each Spanish translation of the catalog, with the English msgids it translates."""
    catalog = read_po((ROOT / "locales" / "es" / "LC_MESSAGES" / "messages.po").open("rb"))
    found: dict[str, set[str]] = {}
    for message in catalog:
        if message.id and isinstance(message.id, str) and isinstance(message.string, str):
            found.setdefault(message.string, set()).add(message.id)
    return found


def demo_made_as_make_run_makes_it(sqlite_url: str) -> tuple[str, str]:
    """`accord demo` on a migrated database, as `make run` runs it: the password and accounts it printed."""
    result = CliRunner().invoke(
        main, ["demo"], env={"ACCORD_DATABASE_URL": sqlite_url, "ACCORD_SECRET_KEY": "guide-secret-0123456789abcdef"}
    )
    assert result.exit_code == 0, result.output
    printed = re.search(r"Demo accounts \(password: (\S+)\):", result.output)
    assert printed, result.output
    return printed[1], result.output[printed.end() :]


def target(page: Page, step: Step, name: str) -> Locator:
    """The link or button the step names, as a person finds it on the screen."""
    for exact in (True, False):
        found = (
            page.get_by_role("link", name=name, exact=exact)
            .or_(page.get_by_role("button", name=name, exact=exact))
            .filter(visible=True)
        )
        if found.count():
            return found.first
    offered = page.locator("a:visible, button:visible").evaluate_all(NAMES)
    raise AssertionError(
        f"{step.where}: no link or button «{name}» on {page.url}\n  {step.line}\n"
        f"  the page offers: {' · '.join(dict.fromkeys(offered))}"
    )


def perform(page: Page, step: Step) -> None:
    for action in step.actions:
        if action.gloss is not None:
            glosses = spanish_catalog().get(action.name, set())
            assert action.gloss in glosses, (
                f"{step.where}: the catalog translates «{action.name}» from {sorted(glosses)}, not «{action.gloss}»"
            )
        if action.verb == "scroll":
            words = page.get_by_text(action.name).first
            expect(words, f"{step.where}: «{action.name}» on {page.url}").to_be_visible()
            words.evaluate("e => e.scrollIntoView({block: 'center'})")
            continue
        clicked = target(page, step, action.name)
        href = clicked.evaluate("e => e.href || ''")
        before = page.url
        clicked.click()
        if href and href != before:  # a link: until the browser is there (another page, or a place on this one)
            page.wait_for_url(lambda url, before=before: url != before)
        page.wait_for_load_state()
    page.wait_for_function("() => !document.querySelector('.htmx-request') && document.fonts.status === 'loaded'")


def walk(browser, base: str, role: Role, password: str) -> set[str]:
    """The role's steps in a context of its own; the images written, relative to the repository."""
    context = browser.new_context(locale="es-ES", viewport=VIEWPORT)
    page = context.new_page()
    if role.account:
        page.goto(f"{base}/signin")
        page.locator("#email").fill(role.account)
        page.locator("#password").fill(password)
        page.locator("#password").press("Enter")
        page.wait_for_url("**/processes")
    else:
        page.goto(f"{base}/")
    written = set()
    for step in role.steps:
        perform(page, step)
        shot = f"docs/guide/{role.slug}-{step.number}.jpg"
        (ROOT / shot).write_bytes(page.screenshot(type="jpeg", quality=QUALITY, animations="disabled", caret="hide"))
        written.add(shot)
        assert urldefrag(page.url)[0].startswith(base), f"{step.where} left Accord: {page.url}"
    context.close()
    return written


def test_the_readme_opens_with_its_two_commands_and_then_the_guide():
    text = README.read_text(encoding="utf-8")
    assert "```\nmake run\nmake test\n```" in section(text, "Quick start")
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings[:2] == ["Quick start", "Guide"]


def test_each_role_follows_the_readme_guide_and_its_screenshots_are_made(tmp_path, sqlite_url, browser):
    guide = section(README.read_text(encoding="utf-8"), "Guide")
    roles = roles_of(guide)
    assert [r.slug for r in roles] == list(ROLES)
    assert all(len(r.steps) == STEPS for r in roles), [(r.slug, len(r.steps)) for r in roles]
    stated = re.search(r"password(?: is)?\s+`([^`]+)`", guide)
    assert stated, "README guide: say the demo accounts' password (password `…`)"
    password, accounts = demo_made_as_make_run_makes_it(sqlite_url)
    assert stated[1] == password, f"README guide says the password is {stated[1]}, `accord demo` sets {password}"
    named = set(re.findall(r"`([^`\s]+@demo\.accord)`", guide))
    assert named and all(f" {email} " in accounts for email in named), (named, accounts)

    SHOTS.mkdir(parents=True, exist_ok=True)
    written: set[str] = set()
    with running_server(tmp_path, sqlite_url) as server:
        for role in roles:
            written |= walk(browser, server.url, role, password)

    linked = set().union(*(r.shots for r in roles))
    assert linked <= written, f"README guide links images no step made: {sorted(linked - written)}"
    kept = {str(p.relative_to(ROOT)) for p in SHOTS.glob("*.jpg")}
    assert kept <= linked, f"docs/guide holds images the README does not show (remove them): {sorted(kept - linked)}"
