"""How the closed sets of the domain read to a person: message ids, translated where they are shown
(pages, mails), so every reader of a role or a decision sees the same words."""

from __future__ import annotations

from typing import Self

from .errors import N_, Words


class Label(Words):
    """A label whose words agree with a noun: the noun is its gettext context ("Open" is "Abierta" for an
    amendment, "Abierto" for a paragraph), translated with pgettext wherever it is shown."""

    context: str

    def __new__(cls, context: str, message: str) -> Self:
        made = super().__new__(cls, message)
        made.context = context
        return made

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # pickled with an error that names it
        return self.context, str(self)


def C_(context: str, message: str) -> Label:
    """Mark a label for extraction with its context (`-k C_:1c,2`)."""
    return Label(context, message)


ROLES = {
    "committee": N_("Drafting committee"),
    "member": N_("Member"),
    "translator": N_("Translator"),
    "observer": N_("Observer"),
}
PHASES = {
    "consultation": N_("Consultation"),
    "drafting": N_("Drafting"),
    "negotiation": N_("Negotiation"),
    "translation": N_("Translation"),
    "published": N_("Published"),
}
STATUSES = {
    "open": C_("recommendation", "Open"),
    "incorporated": C_("recommendation", "Incorporated"),
    "partly_incorporated": C_("recommendation", "Partly incorporated"),
    "not_retained": C_("recommendation", "Not retained"),
}

PARAGRAPH_KINDS = {
    "heading": N_("Heading"),
    "preambular": N_("Preambular paragraph"),
    "operative": N_("Operative paragraph"),
}
AMENDMENT_KINDS = {
    "modify": N_("Modify"),
    "insert": N_("Insert a paragraph"),
    "delete": C_("amendment kind", "Delete"),
}
AMENDMENT_STATUSES = {
    "open": C_("amendment", "Open"),
    "accepted": C_("amendment", "Accepted"),
    "accepted_as_modified": C_("amendment", "Accepted as modified"),
    "merged": C_("amendment", "Merged into a compromise"),
    "rejected": C_("amendment", "Rejected"),
    "moot": C_("amendment", "Moot"),
    "withdrawn": C_("amendment", "Withdrawn"),
}
DECISIONS = {k: AMENDMENT_STATUSES[k] for k in ("accepted", "accepted_as_modified", "rejected", "moot")}
REBASE_STATES = {
    "applies": N_("Applies"),
    "conflict": N_("Conflict"),
    "obsolete": N_("Obsolete"),
}
NEGOTIATION_STATUSES = {
    "open": C_("paragraph", "Open"),
    "agreed_ad_ref": C_("paragraph", "Agreed ad ref."),
    "agreed": C_("paragraph", "Agreed"),
    "bracketed": C_("paragraph", "Bracketed"),
    "pending": C_("paragraph", "Pending"),
    "agreed_informals": C_("paragraph", "Agreed in informals"),
    "reopened": C_("paragraph", "Reopened"),
}
# The room's level of agreement on a paragraph (domain.delegations.positions.Level).
PROPOSAL_KINDS = {
    "modify": C_("proposal", "New wording"),
    "insert": C_("proposal", "A new paragraph after it"),
    "delete": C_("proposal", "Deletion"),
}
# How a paragraph of a streamlined text came from the compilation before it (the provenance table).
RENDERING_STATES = {
    "to_render": C_("rendering", "to render"),
    "rendered": C_("rendering", "rendered"),
    "approved": C_("rendering", "approved"),
    "original": C_("rendering", "original"),
}
APPROACHES = {
    "kept": C_("provenance", "kept"),
    "amended": C_("provenance", "amended"),
    "moved": C_("provenance", "moved"),
    "merged": C_("provenance", "merged"),
    "new": C_("provenance", "new"),
    "dropped": C_("provenance", "dropped"),
}
BRACKET_STATES = {
    "open": C_("bracket", "Open"),
    "agreed": C_("bracket", "Agreed"),
    "dropped": C_("bracket", "Dropped"),
}
AGREEMENT_LEVELS = {
    "not_discussed": C_("paragraph", "Not discussed"),
    "under_negotiation": C_("paragraph", "Under negotiation"),
    "agreed_informals": C_("paragraph", "Agreed in informals"),
    "agreed_ad_ref": C_("paragraph", "Agreed ad ref."),
    "agreed_plenary": C_("paragraph", "Agreed in plenary"),
    "reopened": C_("paragraph", "Reopened"),
}
STANCES = {
    "supports": N_("Supports"),
    "can_live_with": N_("Can live with"),
    "reservation": N_("Reservation"),
    "objects": N_("Objects"),
}
BALLOTS = {
    "for": C_("vote", "For"),
    "against": C_("vote", "Against"),
    "abstain": C_("vote", "Abstaining"),
}
DELEGATION_KINDS = {
    "member_state": N_("Member State"),
    "city": N_("City or local government"),
    "region": N_("Region"),
    "network": N_("Network"),
    "organisation": N_("Organisation"),
    "group": N_("Group of delegations"),
}
SILENCE_STATES = {
    "running": N_("Under silence"),
    "adopted": N_("Adopted"),
    "broken": N_("Silence broken"),
}

ANCHOR_STATES = {
    "exact": N_("Exact"),
    "moved": N_("Moved"),
    "fuzzy": N_("Approximate"),
    "outdated": N_("Outdated"),
}
THREAD_STATUSES = {
    "open": C_("thread", "Open"),
    "resolved": C_("thread", "Resolved"),
}

TRANSLATION_STATES = {
    "missing": C_("translation", "Missing"),
    "draft": C_("translation", "Draft"),
    "translated": C_("translation", "Translated"),
    "approved": C_("translation", "Approved"),
    "outdated": C_("translation", "Outdated"),
}

# What keeps a version from being published, by kind (the gate's groups).
BLOCKER_KINDS = {
    "place": N_("Places of adoption"),
    "alignment": N_("Editions out of line with the source"),
    "translation": N_("Translations not approved"),
    "brackets": N_("Square brackets left"),
    "character": N_("Characters no file can carry"),
    "glyph": N_("Characters no font of the PDF can show"),
    "amendment": N_("Amendments still open"),
    "status": N_("Paragraphs not agreed"),
    "tag": N_("Compile tags left"),
    "replaced": N_("Paragraphs beside the proposal meant to replace them"),
    "placeholder": N_("Placeholders left"),
    "footnote": N_("Footnote markers without a definition"),
}

# How a form names its fields: an error names the field as the person sees it, never its code.
FIELD_LABELS = {
    "title": N_("Title"),
    "starts_at": N_("Starts"),
    "ends_at": N_("Ends"),
    "timezone": N_("Time zone"),
    "place": N_("Place"),
    "platform": N_("Online platform"),
    "capacity": N_("Capacity"),
    "organisers": N_("Organisers"),
    "theme": N_("Theme"),
    "summary": N_("Summary"),
    "text": N_("Text"),
    "author": N_("Author"),
    "organisation": N_("Organisation"),
    "themes": N_("Themes"),
    "language": N_("Language"),
    "languages": N_("Languages"),
    "session": N_("Session"),
    "name": N_("Name"),
    "email": N_("Email"),
    "password": N_("Password"),
    "role": N_("Role"),
    "slug": N_("Short name"),
    "source_language": N_("Source language"),
    "reason": N_("Reason"),
    "rationale": N_("Rationale"),
    "note": N_("Note"),
    "body": N_("Your comment"),
    "symbol": N_("Document symbol"),
    "version": N_("Version"),
    "label": N_("Label"),
    "kind": N_("Kind of paragraph"),
    "status": N_("Status"),
    "deadline": N_("Deadline"),
    "phase": N_("Phase"),
    "confirm": N_("Confirmation"),
    "es": N_("Title in Spanish"),
    "en": N_("Title in English"),
    "fr": N_("Title in French"),
}


# What an activity entry's verb says in the process's activity (web: the `activity_label` filter).
ACTIVITY_VERBS = {
    "process.created": N_("opened the process"),
    "process.updated": N_("changed the process settings"),
    "process.imported": N_("imported the process"),
    "process.exported": N_("exported the process"),
    "process.deleted": N_("deleted a process"),
    "process.archived": N_("archived the process"),
    "process.unarchived": N_("took the process out of the archive"),
    "member.added": N_("added a member"),
    "member.changed": N_("changed a member's role"),
    "member.removed": N_("removed a member"),
    "member.invited": N_("invited a member"),
    "member.invitation_withdrawn": N_("withdrew an invitation"),
    "member.joined": N_("joined the process"),
    "member.delegation": N_("named the delegation a member speaks for"),
    "account.disabled": N_("disabled an account"),
    "account.enabled": N_("enabled an account"),
    "account.erased": N_("erased an account"),
    "webhook.added": N_("added a webhook"),
    "webhook.removed": N_("removed a webhook"),
    "user.added": N_("added an account"),
    "user.password_set": N_("chose a new password"),
    "user.password_reset_asked": N_("asked for a link to choose a new password"),
    "user.sign_in_link_asked": N_("asked for a link to sign in"),
    "user.sso_linked": N_("linked an account to the organisation's sign-in"),
    "user.sso_created": N_("created an account through the organisation's sign-in"),
    "user.sso_refused": N_("was refused a sign-in through the organisation's account"),
    "user.admin_by_claim": N_("changed an administrator right from the organisation's sign-in"),
    "user.unsubscribed": N_("unsubscribed from an email"),
    "delegation.added": N_("added a delegation"),
    "delegation.changed": N_("changed a delegation"),
    "delegation.renamed": N_("renamed a delegation"),
    "delegation.merged": N_("merged two delegations"),
    "delegation.deleted": N_("deleted a delegation"),
    "word_author.mapped": N_("said which delegation a Word author is"),
    "word_author.forgotten": N_("forgot which delegation a Word author is"),
    "position.set": N_("recorded a delegation's position"),
    "meeting.state": N_("changed a meeting's state"),
    "meeting.pointer": N_("moved a meeting to a paragraph"),
    "meeting.light": N_("set a paragraph's light in a meeting"),
    "meeting.floor": N_("changed a meeting's floor"),
    "meeting.text": N_("typed into a paragraph in a meeting"),
    "meeting.slot": N_("asked for an alternative text in a meeting"),
    "meeting.vote": N_("changed a vote in a meeting"),
    "draft.renumbered": N_("renumbered the working draft"),
    "session.created": N_("recorded a session"),
    "session.updated": N_("edited a session"),
    "recommendation.added": N_("added a recommendation"),
    "recommendation.edited": N_("edited a recommendation"),
    "recommendation.decided": N_("decided on a recommendation"),
    "recommendation.linked": N_("linked a recommendation to a paragraph"),
    "recommendation.unlinked": N_("unlinked a recommendation from a paragraph"),
    "paragraph.added": N_("added a paragraph"),
    "paragraph.edited": N_("edited a paragraph"),
    "paragraph.moved": N_("moved a paragraph"),
    "paragraph.deleted": N_("deleted a paragraph"),
    "paragraph.restored": N_("restored a paragraph"),
    "paragraph.status": N_("changed the status of a paragraph"),
    "version.circulated": N_("circulated a version"),
    "version.labelled": N_("named a version in other languages"),
    "version.imported": N_("imported a version"),
    "version.deadline": N_("set a deadline for amendments"),
    "silence.started": N_("started a silence procedure"),
    "silence.objection": N_("broke the silence"),
    "amendment.proposed": N_("proposed an amendment"),
    "amendment.edited": N_("edited an amendment"),
    "amendment.cosponsored": N_("co-sponsored an amendment"),
    "amendment.withdrawn": N_("withdrew an amendment"),
    "amendment.decided": N_("decided on an amendment"),
    "amendment.compromise": N_("proposed a compromise text"),
    "amendment.refreshed": N_("brought an amendment up to date"),
    "amendment.reopened": N_("reopened an amendment"),
    "amendment.rendered": N_("rendered an amendment in another language"),
    "amendments.imported": N_("imported amendments from a Word file"),
    "bracket.marked": N_("put a passage in brackets"),
    "bracket.resolved": N_("resolved a bracket"),
    "submission.filed": N_("filed a submission"),
    "submission.rendered": N_("rendered a submission in another language"),
    "submissions.window": N_("set the window for submissions"),
    "submissions.compiled": N_("compiled the submissions"),
    "translation.saved": N_("saved a translation"),
    "translation.confirmed": N_("confirmed a translation"),
    "translation.approved": N_("approved a translation"),
    "translation.rejected": N_("sent a translation back"),
    "translation.imported": N_("imported translations"),
    "glossary.updated": N_("changed the glossary"),
    "glossary.proposed": N_("proposed a glossary term"),
    "glossary.term_approved": N_("approved a glossary term"),
    "glossary.term_rejected": N_("rejected a glossary term"),
    "publication.published": N_("published a version"),
    "leftover.kept": N_("kept a leftover of the negotiation on purpose"),
    "leftover.taken_back": N_("took back a leftover kept on purpose"),
    "token.created": N_("created an access token"),
    "token.revoked": N_("revoked an access token"),
    "thread.opened": N_("opened a thread"),
    "thread.resolved": N_("resolved a thread"),
    "thread.reopened": N_("reopened a thread"),
    "comment.added": N_("commented"),
    "comment.edited": N_("edited a comment"),
    "comment.deleted": N_("deleted a comment"),
}
UNKNOWN_CHANGE = N_("made a change")  # an entry of a kind the page does not know yet: in words, never a code
