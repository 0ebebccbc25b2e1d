"""Standing check B.5: every page a role reaches from the demo process's overview, in Chromium at
390 px, in Spanish — no English interface text, no form the role may not submit, no sideways scroll.

One server per test process, and its browser (tests/e2e/conftest.py), serve the five roles, each walked by its
own test (so two processes share the walk). Each role walks the links within the process, breadth first, from its
overview; pages of the same shape (one session, one recommendation, one paragraph's history …) are
opened at most twice, so the walk stays short however large the demo.

- Untranslated: an English message of the catalog (a msgid with at least two words whose Spanish
  differs) visible on the Spanish page. The demo's content is Spanish, so what matches is interface.
- Forms: every POST form on a page must be one the role's permissions allow (the rules of
  workspace/domain/permissions.py); a form without a rule here fails too, so a new one is checked.
  The forms are not sent: an allowed write would change the demo under the next roles.
- Sideways scroll: document.documentElement.scrollWidth > clientWidth.
- Accessibility: axe-core (WCAG 2.1 A and AA rules, from the axe-playwright-python package) on the first page
  of each shape the committee, a translator and an observer reach (between them every page shape; the second
  page of a shape is the same template over other rows), at 390 and 1280 px (the colour contrast at 1280 only: the
  colours are the same at every width, and every cell is shown there): no serious or critical violation; the count
  of each page is printed.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from babel.messages.pofile import read_po
from playwright.sync_api import Browser

from tests.e2e.server import (
    ROOT,
    chromium_or_skip,
    demo_store,
    running_server,
)
from workspace.domain.permissions import Action, allows
from workspace.domain.vocabulary import Role
from workspace.services import accounts
from workspace.services.actor import SYSTEM
from workspace.store.db import make_store

chromium_or_skip()

pytestmark = pytest.mark.e2e

SLUG = "kutahya-2021"
START = f"/p/{SLUG}"
PASSWORD = "walk password 123"
ROLES = {
    "observer": "observador@demo.accord",
    "translator": "traductrice.fr@demo.accord",
    "member": "miembro@demo.accord",
    "committee": "comite@demo.accord",
    "admin": "admin@walk.accord",
}
PER_SHAPE = 2  # pages of one shape opened per role
PAGES_PER_ROLE = 80  # a walk that needs more has found a shape this test does not group

# POST forms of a process, by action (after /p/{slug}), and what the role needs to submit them.
FORM_RULES: list[tuple[re.Pattern[str], tuple[Action, ...]]] = [
    (re.compile(r"^/edit$"), (Action.EDIT_PROCESS,)),
    (re.compile(r"^/archive$"), (Action.EDIT_PROCESS,)),  # the committee archives the process
    (re.compile(r"^/members(/.*)?$"), (Action.MANAGE_MEMBERS,)),
    (re.compile(r"^/sessions/(new|import)$"), (Action.RECORD_SESSION,)),
    (re.compile(r"^/sessions/[^/]+/edit$"), (Action.RECORD_SESSION,)),
    (re.compile(r"^/sessions/[^/]+/recommendations$"), (Action.ADD_RECOMMENDATION,)),
    # Its author (a member) edits an open recommendation; the committee any.
    (re.compile(r"^/recommendations/[^/]+/edit$"), (Action.EDIT_ANY_RECOMMENDATION, Action.ADD_RECOMMENDATION)),
    (re.compile(r"^/recommendations/[^/]+/decision$"), (Action.DECIDE_RECOMMENDATION,)),
    (re.compile(r"^/declaration/draft/circulate$"), (Action.CIRCULATE,)),
    (re.compile(r"^/declaration/draft/renumber$"), (Action.EDIT_DRAFT,)),
    (re.compile(r"^/declaration/versions/\d+/labels$"), (Action.CIRCULATE,)),
    (re.compile(r"^/declaration/draft(/[^/]+)?/(add|edit|move|delete)$"), (Action.EDIT_DRAFT,)),
    (re.compile(r"^/declaration/draft/add$"), (Action.EDIT_DRAFT,)),
    (re.compile(r"^/declaration/paragraphs/[^/]+/restore$"), (Action.EDIT_DRAFT,)),
    (re.compile(r"^/declaration/links$"), (Action.LINK_RECOMMENDATION,)),
    (re.compile(r"^/declaration/import$"), (Action.CIRCULATE,)),
    (re.compile(r"^/amendments/(new|import)$"), (Action.PROPOSE_AMENDMENT,)),
    (re.compile(r"^/amendments/D?\d+/(edit|withdraw|refresh|cosponsor)$"), (Action.PROPOSE_AMENDMENT,)),
    (re.compile(r"^/amendments/(D?\d+/(decision|reopen)|compromise|voting)$"), (Action.DECIDE_AMENDMENT,)),
    (re.compile(r"^/amendments/(status(/[^/]+)?|deadline|silence)$"), (Action.NEGOTIATE,)),
    (re.compile(r"^/amendments/silence/objection$"), (Action.OBJECT,)),
    (re.compile(r"^/discuss/[^/]+$"), (Action.COMMENT,)),
    (re.compile(r"^/threads/D?\d+/(reply|comments/D?\d+/(edit|delete))$"), (Action.COMMENT,)),
    (re.compile(r"^/threads/D?\d+/(resolve|reopen)$"), (Action.RESOLVE_ANY_THREAD, Action.COMMENT)),  # or who opened it
    (re.compile(r"^/threads/D?\d+/follow$"), (Action.READ,)),
    (re.compile(r"^/translations/[a-z]{2}/approve$"), (Action.REVIEW_TRANSLATION,)),
    (re.compile(r"^/translations/[a-z]{2}/[^/]+$"), (Action.TRANSLATE,)),
    (re.compile(r"^/translations/[a-z]{2}/[^/]+/review$"), (Action.REVIEW_TRANSLATION,)),
    (re.compile(r"^/glossary$"), (Action.EDIT_GLOSSARY,)),
    (re.compile(r"^/glossary/proposals$"), (Action.TRANSLATE,)),  # a translator proposes a term
    # the committee decides on a proposed term, and so does a translator reviewing its languages
    (re.compile(r"^/glossary/proposals/\d+$"), (Action.EDIT_GLOSSARY, Action.REVIEW_TRANSLATION)),
    (re.compile(r"^/publish(/kept(/take-back)?)?$"), (Action.PUBLISH,)),  # and a leftover kept on purpose, or not
    (re.compile(r"^/delegations(/[^/]+(/delete)?)?$"), (Action.MANAGE_DELEGATIONS,)),
    (re.compile(r"^/members/delegation$"), (Action.MANAGE_MEMBERS,)),
    (re.compile(r"^/positions$"), (Action.TAKE_POSITION,)),
    (re.compile(r"^/brackets/[^/]+(/resolve)?$"), (Action.EDIT_DRAFT,)),
    (re.compile(r"^/submissions/(windows|compile)$"), (Action.NEGOTIATE,)),
    (re.compile(r"^/submissions/\d+/rendering$"), (Action.EDIT_DRAFT,)),  # a proposal in another language
    (re.compile(r"^/submissions$"), (Action.PROPOSE_AMENDMENT,)),
    (re.compile(r"^/amendments/D?\d+/renderings/[a-z]{2}$"), (Action.TRANSLATE,)),  # of the language (or committee)
    # a meeting (issue 66): the committee schedules and runs it (and its facilitators); a delegation speaks in it
    (re.compile(r"^/meetings$"), (Action.NEGOTIATE,)),
    (
        re.compile(r"^/meetings/\d+/(state|pointer|lights|floor/next|text/[^/]+|slots|votes|votes/\d+/close)$"),
        (Action.NEGOTIATE,),
    ),
    (re.compile(r"^/meetings/\d+/(floor|floor/\d+/remove|position|answer|votes/\d+/ballot)$"), (Action.TAKE_POSITION,)),
]
SITE_FORMS = {"/signout", "/language", "/inbox/read"}
ADMIN_FORMS = {"/delete"}  # an administrator deletes a process (no role in it may)
SKIP = re.compile(r"\.(csv|md|docx|zip)$|/export|/events")


def english_messages() -> list[str]:
    """The literal parts of English msgids whose Spanish is different: what must not show on a Spanish page."""
    with (ROOT / "locales" / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    spanish = {str(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in catalog if m.id}
    pending = Path("/work/i18n-pages.json")
    if pending.exists():  # messages written since the catalogs were last merged
        for msgid, langs in json.loads(pending.read_text()).items():
            spanish.setdefault(msgid, langs["es"] if isinstance(langs["es"], str) else langs["es"][0])
    found = set()
    for msgid, es in spanish.items():
        text = es if isinstance(es, str) else (es[0] if es else "")
        if text == msgid:
            continue
        for part in re.split(r"%\(\w+\)[sd]|\{\w+\}|%s", msgid):
            part = part.strip(" .:,;()“”\"'")
            if len(part) >= 10 and " " in part:
                found.add(part)
    return sorted(found, key=len, reverse=True)


KEYWORDS = {
    "new",
    "edit",
    "draft",
    "paragraphs",
    "versions",
    "compare",
    "coverage",
    "import",
    "declaration",
    "sessions",
    "recommendations",
    "members",
    "activity",
    "amendments",
    "threads",
    "discuss",
    "translations",
    "glossary",
    "status",
    "compilation",
    "disposition",
    "aligned",
    "publish",
    "publications",
    "parallel",
    "delegations",
    "consensus",
    "brackets",
    "clean",
    "submissions",
    "provenance",
    "renderings",
}


def shape(path: str) -> str:
    """A path with its refs generalised: /p/x/sessions/abc → /p/x/sessions/*, …/paragraphs/op_2 → …/paragraphs/*."""
    parts = path.split("/")
    return "/".join(part if i < 4 or part in KEYWORDS else "*" for i, part in enumerate(parts))


def form_allowed(action: str, role: str) -> bool | None:
    """Whether the role may submit a form posting to `action`; None when no rule covers it."""
    path = urlsplit(action).path
    if path in SITE_FORMS or not path.startswith(START + "/"):
        return True if path in SITE_FORMS else None
    rest = path[len(START) :]
    if rest in ADMIN_FORMS:
        return role == "admin"
    for pattern, needs in FORM_RULES:
        if pattern.match(rest):
            member_role = None if role == "admin" else Role(role)
            return any(allows(member_role, need, is_admin=role == "admin") for need in needs)
    return None


JS_VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    const other = el && el.closest('[lang]:not(html)');
    if (!el || other && other.lang !== document.documentElement.lang) continue;
    if (el.closest('script,style,textarea,option,[hidden]')) continue;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden') continue;
    out.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[placeholder],[aria-label],[title]'))
    out.push(el.getAttribute('placeholder') || '', el.getAttribute('aria-label') || '', el.getAttribute('title') || '');
  return out.join('\\n').replace(/\\s+/g, ' ');
}"""


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_WIDTHS = (390, 1280)
AXE_ROLES = {"committee", "translator", "observer"}  # between them every page a member sees, and the committee's own


COUNTED_BEST_PRACTICES = (
    "heading-order",
    *("accesskeys", "aria-dialog-name", "aria-text", "aria-treeitem-name", "frame-tested", "label-title-only"),
    "tabindex",
)
"""The best practices whose violations count here: headings that skip a level, and every best-practice rule of axe-core
that can find a serious or critical violation (the others, minor or moderate at most, ran on every page and never
counted)."""
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "rules": {rule: {"enabled": True} for rule in COUNTED_BEST_PRACTICES},
    "resultTypes": ["violations"],
}
CONTRAST_WIDTH = 1280
"""The width at which axe-core's colour contrast runs (two thirds of an audit's time): the stylesheet's colours are the
same at every width (test_the_colours_are_the_same_at_every_width), and at 1280 px every cell a phone hides is shown."""


def axe_options(width: int) -> dict[str, object]:
    rules = {rule: {"enabled": True} for rule in COUNTED_BEST_PRACTICES}
    if width != CONTRAST_WIDTH:
        rules["color-contrast"] = {"enabled": False}
    return {**AXE_OPTIONS, "rules": rules}


COLOUR = re.compile(r"(?<![-\w])([-\w]*color|background[-\w]*|opacity|filter|mix-blend-mode|--[-\w]+)\s*:")
"""A declaration that can change what colour text or its background shows: any colour, background, opacity, filter, or a
custom property (our colours are variables)."""


def test_the_colours_are_the_same_at_every_width() -> None:
    """What lets the colour contrast be audited at one width: no rule for a width sets a colour (a phone's rules lay
    out; only print, motion and the like may change colours)."""
    css = (ROOT / "workspace" / "web" / "static" / "accord.css").read_text(encoding="utf-8")
    blocks = re.findall(r"@media[^{]*\b(?:min|max)-width[^{]*\{((?:[^{}]*\{[^{}]*\})*[^{}]*)\}", css)
    assert blocks, "no rule for a width found: the pattern no longer reads the stylesheet"
    assert not [block for block in blocks if COLOUR.search(block)]


def accessibility(page, role: str, path: str, report: list[str]) -> list[str]:
    """axe-core (WCAG 2.1 AA) on the page at each width: its serious and critical violations as problems, every
    page's count in `report`. axe-core is in the page already (the context's init script)."""
    found: list[str] = []
    for width in AXE_WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        results = page.evaluate("(options) => axe.run(document, options)", axe_options(width))
        # WCAG's serious and critical, and headings that skip a level (a best practice, moderate for axe).
        grave = [
            v for v in results["violations"] if v["impact"] in ("serious", "critical") or v["id"] == "heading-order"
        ]
        report.append(f"{role} {path} at {width} px: {len(grave)} serious, critical or skipped heading levels")
        found += [
            f"{role} {path} at {width} px: {v['id']} ({v['impact']}) on {len(v['nodes'])} elements: "
            f"{v['nodes'][0]['target']} {v['nodes'][0]['failureSummary'][:160]!r}"
            for v in grave
        ]
    page.set_viewport_size({"width": 390, "height": 844})
    return found


def walk(page, base: str, role: str, english: list[str], report: list[str] | None = None) -> tuple[int, int, list[str]]:
    """(pages visited, pages left unvisited at the cap, problems); with `report`, each page's accessibility too."""
    problems: list[str] = []
    seen: set[str] = {START}
    shapes: dict[str, int] = {}
    audited: set[str] = set()
    queue = deque([START])
    visited = 0
    failed: list[str] = []  # the page's script (static/accord/): an error thrown by any of its modules
    page.on("pageerror", lambda error: failed.append(str(error)))
    while queue and visited < PAGES_PER_ROLE:
        path = queue.popleft()
        response = page.goto(base + path)
        visited += 1
        status = response.status if response else 0
        if status >= 400:
            problems.append(f"{role} {path}: HTTP {status}")
            continue
        data = page.evaluate(
            """(visible) => ({
              enhanced: document.documentElement.hasAttribute('data-enhanced'),
              wide: document.documentElement.scrollWidth > document.documentElement.clientWidth,
              width: document.documentElement.scrollWidth,
              links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
              forms: [...document.querySelectorAll('form')]
                       .filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'post')
                       .map(f => f.getAttribute('action') || location.pathname),
              text: ("""
            + JS_VISIBLE_TEXT
            + """)(),
            })""",
            None,
        )
        if not data["enhanced"] or failed:  # every module of the page's script ran, and none failed since
            problems.append(f"{role} {path}: its script did not run ({failed or 'not every module loaded'})")
            failed.clear()
        if data["wide"]:
            problems.append(f"{role} {path}: scrolls sideways at 390 px ({data['width']} px wide)")
        if report is not None and shape(path) not in audited:  # the second page of a shape is the same markup
            audited.add(shape(path))
            problems += accessibility(page, role, path, report)
        for message in english:
            if message in data["text"]:
                problems.append(f"{role} {path}: untranslated “{message}”")
        for action in data["forms"]:
            allowed = form_allowed(action, role)
            if allowed is None:
                problems.append(f"{role} {path}: a form posting to {action} has no rule in this test")
            elif not allowed:
                problems.append(f"{role} {path}: offers a form the role may not submit ({action})")
        for href in data["links"]:
            target = urlsplit(href).path if href.startswith("/") else ""
            if not target.startswith(START) or target in seen or SKIP.search(target):
                continue
            seen.add(target)
            key = shape(target)
            if shapes.get(key, 0) >= PER_SHAPE:
                continue
            shapes[key] = shapes.get(key, 0) + 1
            queue.append(target)
    return visited, len(queue), problems


@dataclass(frozen=True)
class Walk:
    """The demo on a server, a browser, and the English messages no Spanish page may show: one per test process,
    shared by the five roles' walks (they only read; the forms are not sent)."""

    url: str
    browser: Browser
    english: list[str]
    axe: str  # axe-core's script


@pytest.fixture(scope="module")
def demo_walk(tmp_path_factory: pytest.TempPathFactory, chromium: Browser) -> Iterator[Walk]:
    folder = tmp_path_factory.mktemp("walk")
    url = demo_store(folder)
    store = make_store(url)
    try:
        accounts.add_user(store, SYSTEM, ROLES["admin"], "Admin", is_admin=True)
        for email in ROLES.values():
            accounts.set_password(store, SYSTEM, email, PASSWORD)
    finally:
        store.dispose()
    with running_server(folder, url) as server:
        yield Walk(server.url, chromium, english_messages(), Axe().axe_script)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_walks_the_demo_process_in_spanish_at_phone_width(demo_walk: Walk, role: str) -> None:
    report: list[str] = []
    context = demo_walk.browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="es-ES",
        extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"},
    )
    if role in AXE_ROLES:  # in every page as it loads: read once by the browser, not sent again at each width
        context.add_init_script(demo_walk.axe)
    try:
        page = context.new_page()
        page.goto(demo_walk.url + "/signin")
        page.locator("#email").fill(ROLES[role])
        page.locator("#password").fill(PASSWORD)
        page.locator("#password").press("Enter")
        page.wait_for_url("**/processes")
        audit = report if role in AXE_ROLES else None
        visited, left, problems = walk(page, demo_walk.url, role, demo_walk.english, audit)
    finally:
        context.close()
    print(f"\nB.5 page walk: {role} {visited} pages")
    if report:
        print("axe-core (WCAG 2.1 AA), serious and critical violations per page:\n  " + "\n  ".join(report))
    # The walk saw more than its overview and ended because every shape was seen, not at the cap:
    # it stays short however large the demo grows.
    assert visited > 5 and left == 0, (visited, left)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])
