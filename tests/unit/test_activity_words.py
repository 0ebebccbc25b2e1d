"""Every kind of entry the services write to the audit trail has its words (domain/labels.ACTIVITY_VERBS): the process's
activity and the administrators' audit trail say what was done, never "made a change" for a kind they were not told of.

The verbs are read from the code, not listed here: each `record(tx, actor, VERB, …)` call in workspace/services, its
verb a string, either branch of a conditional, a name given a string in the same function, or else (a verb looked up
in a table) the verb-shaped strings of the module's tables."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from workspace.domain.labels import ACTIVITY_VERBS

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


def recorded_verbs() -> dict[str, str]:
    """Each verb the services record, with the first place that records it."""
    verbs: dict[str, str] = {}
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
            for verb in found:
                verbs.setdefault(verb, f"{path.relative_to(SERVICES)}:{call.lineno}")
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
