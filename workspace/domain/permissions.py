"""Who may do what in a process: one table, checked by every service before it acts."""

from __future__ import annotations

from enum import StrEnum

from .errors import N_, Forbidden
from .vocabulary import Role


class Action(StrEnum):
    READ = "read"
    EDIT_PROCESS = "edit_process"
    MANAGE_MEMBERS = "manage_members"
    RECORD_SESSION = "record_session"
    ADD_RECOMMENDATION = "add_recommendation"
    EDIT_ANY_RECOMMENDATION = "edit_any_recommendation"
    DECIDE_RECOMMENDATION = "decide_recommendation"
    EXPORT = "export"
    READ_DRAFT = "read_draft"
    EDIT_DRAFT = "edit_draft"
    CIRCULATE = "circulate"
    LINK_RECOMMENDATION = "link_recommendation"
    PROPOSE_AMENDMENT = "propose_amendment"
    DECIDE_AMENDMENT = "decide_amendment"
    NEGOTIATE = "negotiate"  # paragraph statuses, deadlines, silence procedures
    OBJECT = "object"  # a written objection during a silence procedure
    COMMENT = "comment"  # open comment threads and reply
    RESOLVE_ANY_THREAD = "resolve_any_thread"  # resolve or reopen anyone's thread (a thread's opener may too)
    TRANSLATE = "translate"  # write translations (a translator: in the languages of their membership)
    REVIEW_TRANSLATION = "review_translation"  # approve or send back (a translator given the right: in those languages)
    EDIT_GLOSSARY = "edit_glossary"
    PUBLISH = "publish"  # see the gate, publish the final text, issue a corrigendum
    MANAGE_DELEGATIONS = "manage_delegations"  # keep the delegations, act on behalf of any of them
    TAKE_POSITION = "take_position"  # record where one's delegation stands


_ALL = set(Role)
ALLOWED: dict[Action, set[Role]] = {
    Action.READ: _ALL,
    Action.EDIT_PROCESS: {Role.COMMITTEE},
    Action.MANAGE_MEMBERS: {Role.COMMITTEE},
    Action.RECORD_SESSION: {Role.COMMITTEE},
    # Members bring recommendations from their sessions; the committee decides on them.
    Action.ADD_RECOMMENDATION: {Role.COMMITTEE, Role.MEMBER},
    Action.EDIT_ANY_RECOMMENDATION: {Role.COMMITTEE},
    Action.DECIDE_RECOMMENDATION: {Role.COMMITTEE},
    Action.EXPORT: {Role.COMMITTEE},
    # The working draft is the committee's desk; everyone reads what it circulates.
    Action.READ_DRAFT: {Role.COMMITTEE},
    Action.EDIT_DRAFT: {Role.COMMITTEE},
    Action.CIRCULATE: {Role.COMMITTEE},
    Action.LINK_RECOMMENDATION: {Role.COMMITTEE},
    # Members amend and object; the committee decides and runs the negotiation.
    Action.PROPOSE_AMENDMENT: {Role.COMMITTEE, Role.MEMBER},
    Action.DECIDE_AMENDMENT: {Role.COMMITTEE},
    Action.NEGOTIATE: {Role.COMMITTEE},
    Action.OBJECT: {Role.COMMITTEE, Role.MEMBER},
    # Everyone but observers discusses the text; the committee answers and resolves.
    Action.COMMENT: {Role.COMMITTEE, Role.MEMBER, Role.TRANSLATOR},
    Action.RESOLVE_ANY_THREAD: {Role.COMMITTEE},
    # Translators keep the languages in step; the committee reviews (or gives a translator the right).
    Action.TRANSLATE: {Role.COMMITTEE, Role.TRANSLATOR},
    Action.REVIEW_TRANSLATION: {Role.COMMITTEE, Role.TRANSLATOR},
    Action.EDIT_GLOSSARY: {Role.COMMITTEE},
    Action.PUBLISH: {Role.COMMITTEE},
    # The committee keeps who negotiates; delegations (through their members) say where they stand.
    Action.MANAGE_DELEGATIONS: {Role.COMMITTEE},
    Action.TAKE_POSITION: {Role.COMMITTEE, Role.MEMBER},
}

_REFUSALS: dict[Action, str] = {
    Action.READ: N_("You are not a member of this process."),
    Action.EDIT_PROCESS: N_("Only the drafting committee can change the process."),
    Action.MANAGE_MEMBERS: N_("Only the drafting committee can invite people or change roles."),
    Action.RECORD_SESSION: N_("Only the drafting committee can record consultation sessions."),
    Action.ADD_RECOMMENDATION: N_("Only committee members and members can add recommendations."),
    Action.EDIT_ANY_RECOMMENDATION: N_("Only the drafting committee can edit this recommendation."),
    Action.DECIDE_RECOMMENDATION: N_("Only the drafting committee can decide on recommendations."),
    Action.EXPORT: N_("Only the drafting committee can export the process."),
    Action.READ_DRAFT: N_(
        "Only the drafting committee can read the working draft; circulated versions are open to all members."
    ),
    Action.EDIT_DRAFT: N_("Only the drafting committee can edit the working draft."),
    Action.CIRCULATE: N_("Only the drafting committee can circulate a version."),
    Action.LINK_RECOMMENDATION: N_("Only the drafting committee can link recommendations to paragraphs."),
    Action.PROPOSE_AMENDMENT: N_("Only committee members and members can propose amendments."),
    Action.DECIDE_AMENDMENT: N_("Only the drafting committee can decide on amendments."),
    Action.NEGOTIATE: N_("Only the drafting committee can set how the negotiation stands."),
    Action.OBJECT: N_("Only committee members and members can object."),
    Action.COMMENT: N_("Observers read the discussion; only committee members, members and translators can comment."),
    Action.RESOLVE_ANY_THREAD: N_(
        "Only the drafting committee, or whoever opened the thread, can resolve or reopen it."
    ),
    Action.TRANSLATE: N_("Only translators and the drafting committee can write translations."),
    Action.REVIEW_TRANSLATION: N_(
        "Only the drafting committee and reviewers of this language can approve translations."
    ),
    Action.EDIT_GLOSSARY: N_("Only the drafting committee can edit the glossary."),
    Action.PUBLISH: N_("Only the drafting committee can publish the declaration."),
    Action.MANAGE_DELEGATIONS: N_("Only the drafting committee can keep the delegations of a process."),
    Action.TAKE_POSITION: N_("Only committee members and members can record a delegation's position."),
}


def allows(role: Role | None, action: Action, *, is_admin: bool = False) -> bool:
    """True if a person with `role` in the process (or a global admin) may take `action`."""
    if is_admin:
        return True
    return role is not None and role in ALLOWED[action]


def require(role: Role | None, action: Action, *, is_admin: bool = False) -> None:
    """Raise Forbidden with a reason unless `allows`."""
    if not allows(role, action, is_admin=is_admin):
        raise Forbidden(_REFUSALS[action], detail={"action": action.value})
