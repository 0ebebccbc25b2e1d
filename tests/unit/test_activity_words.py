"""Every kind of entry the services write to the audit trail has its words (domain/labels.ACTIVITY_VERBS): the process's
activity and the administrators' audit trail say what was done, never "made a change" for a kind they were not told of;
and its audience (domain/processes/audience.AUDIENCES): who may read it, in the activity list and the live events.

The verbs are read from the code, not listed here: each `record(tx, actor, VERB, …)` call in workspace/services, its
verb a string, either branch of a conditional, a name given a string in the same function, or else (a verb looked up
in a table) the verb-shaped strings of the module's tables."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from workspace.domain.labels import ACTIVITY_VERBS
from workspace.domain.notifications.news import VERB_KINDS
from workspace.domain.permissions import allows
from workspace.domain.processes.audience import AUDIENCES, LADDER, READ_BY, Readers, audience_of, level_of, reads
from workspace.domain.vocabulary import Role

SERVICES = Path(__file__).resolve().parents[2] / "workspace" / "services"
VERB = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _verbs_of(call: ast.Call, function: ast.AST | None, module: ast.Module) -> set[str]:
    argument = call.args[2] if len(call.args) > 2 else next(k.value for k in call.keywords if k.arg == "verb")
    found = {s for s in _strings(argument) if VERB.match(s)}
    for name in (n.id for n in ast.walk(argument) if isinstance(n, ast.Name)):
        given = {
            s
            for a in ast.walk(function or module)
            if isinstance(a, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in a.targets)
            for s in _strings(a.value)
            if VERB.match(s)
        }
        tables = {
            s
            for a in module.body
            if isinstance(a, ast.Assign) and isinstance(a.value, ast.Dict)
            for s in _strings(a.value)
            if VERB.match(s)
        }
        found |= given or tables
    return found


@cache
def record_calls() -> tuple[tuple[str, ast.Call, set[str]], ...]:
    """Each `record(…)` call of the services: where it is, the call, and the verbs it may record (read once for
    all the tests here)."""
    return tuple(_record_calls())


def _record_calls() -> Iterator[tuple[str, ast.Call, set[str]]]:
    for path in sorted(SERVICES.rglob("*.py")):
        module = ast.parse(path.read_text(), str(path))
        functions = [n for n in ast.walk(module) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for call in ast.walk(module):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "record"):
                continue
            inside = [f for f in functions if f.lineno <= call.lineno <= (f.end_lineno or f.lineno)]
            function = max(inside, key=lambda f: f.lineno) if inside else None
            found = _verbs_of(call, function, module)
            assert found, f"{path.relative_to(SERVICES)}:{call.lineno}: a verb this test cannot read"
            yield f"{path.relative_to(SERVICES)}:{call.lineno}", call, found


def recorded_verbs() -> dict[str, str]:
    """Each verb the services record, with the first place that records it."""
    verbs: dict[str, str] = {}
    for where, _, found in record_calls():
        for verb in found:
            verbs.setdefault(verb, where)
    return verbs


def test_every_verb_the_services_record_has_its_words() -> None:
    verbs = recorded_verbs()
    assert len(verbs) > 60  # the reading finds them: the trail has some seventy kinds
    missing = {verb: where for verb, where in verbs.items() if verb not in ACTIVITY_VERBS}
    assert not missing, f"no words in domain/labels.ACTIVITY_VERBS for: {missing}"


def test_the_reading_finds_verbs_given_by_a_branch_a_name_or_a_table() -> None:
    verbs = recorded_verbs()
    assert {"process.archived", "process.unarchived", "member.added", "member.changed"} <= set(verbs)
    assert {"user.password_reset_asked", "user.sign_in_link_asked"} <= set(verbs)


def test_every_verb_the_services_record_has_its_audience() -> None:
    verbs = recorded_verbs()
    missing = {verb: where for verb, where in verbs.items() if verb not in AUDIENCES}
    assert not missing, f"no audience in domain/processes/audience.AUDIENCES for: {missing}"
    assert set(AUDIENCES) == set(ACTIVITY_VERBS), "the audiences and the words name the same kinds"


def test_the_administrators_kinds_are_recorded_in_no_process() -> None:
    """Who reads a process's entries reads them by their audience: a kind for administrators alone must not be
    recorded in a process, whose committee would read it."""
    for where, call, verbs in record_calls():
        if any(AUDIENCES.get(verb) is Readers.ADMINS for verb in verbs):
            process = (
                call.args[4]
                if len(call.args) > 4
                else next((k.value for k in call.keywords if k.arg == "process"), None)
            )
            assert process is None or (isinstance(process, ast.Constant) and process.value is None), where


def test_the_audiences_nest_for_every_role() -> None:
    """Each role reads a top of the ladder (the committee all of it, a translator the translators' and everyone's,
    the others everyone's): so each level has one numbering of what it reads."""
    for role in Role:
        read = [a for a in LADDER if allows(role, READ_BY[a])]
        assert read == list(LADDER[LADDER.index(level_of(role)) :]), role
        assert [a for a in LADDER if reads(level_of(role), a)] == read, role
    assert level_of(None, is_admin=True) is Readers.COMMITTEE


def test_an_entry_of_the_draft_is_the_committees_whatever_its_kind() -> None:
    assert audience_of("glossary.proposed", "glossary_proposal:1", {}) is Readers.TRANSLATORS
    assert audience_of("amendment.rendered", "amendment:7", {}) is Readers.PROCESS
    assert audience_of("amendment.rendered", "amendment:D3", {}) is Readers.COMMITTEE  # it names a draft item
    assert audience_of("position.set", "delegation:ARG", {"amendment": "D3"}) is Readers.COMMITTEE
    assert audience_of("position.set", "delegation:ARG", {"amendment": "A3"}) is Readers.PROCESS
    assert audience_of("thread.opened", "thread:4", {"version": "draft"}) is Readers.COMMITTEE
    assert audience_of("translation.approved", "paragraph:op_1", {"on_draft": True}) is Readers.COMMITTEE
    assert audience_of("no.such_kind", "", {}) is Readers.COMMITTEE  # an undeclared kind is the committee's


def test_news_is_of_kinds_everyone_in_the_process_reads() -> None:
    """Mails are told by finders that pick among the process's readers of the thing (services/notifications/
    recipients.py): a kind of news with a narrower audience would need its finder to narrow to it first."""
    assert {verb: AUDIENCES[verb] for verb in VERB_KINDS if AUDIENCES[verb] is not Readers.PROCESS} == {}
