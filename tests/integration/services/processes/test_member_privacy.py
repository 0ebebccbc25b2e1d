"""What members see of each other, on SQLite and PostgreSQL: names, roles and languages; e-mail
addresses only for the committee, or for everyone once the committee allows it."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from tests.integration.services.amendments.test_amendments import propose
from tests.integration.services.comments.test_threads import on_phrase
from tests.integration.services.declaration.test_declaration import ZERO
from workspace.domain.consultations.consultations import ProcessSettings
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.domain.errors import ImportFailed
from workspace.domain.transfer.draft_format import parse_process_file
from workspace.services import amendments, comments, processes, transfer
from workspace.services.declaration import importing as version_import

P = "kutahya"


def allow_emails(store, people, allowed: bool = True) -> None:
    now = processes.get_process(store, people.committee, P)
    settings = ProcessSettings(
        titles=now.titles,
        source_language=now.source_language,
        languages=now.languages,
        timezone=now.timezone,
        places=now.places,
        phase=now.phase,
        members_see_emails=allowed,
    )
    assert processes.update_process(store, people.committee, P, settings).members_see_emails is allowed


def addresses(values: object) -> list[str]:
    """Every e-mail address in a structure (a view, its data), wherever it hides."""
    text = repr(values)
    return [word.strip("'\",:()[]{}") for word in text.split() if "@example.org" in word]


def test_members_see_names_but_no_addresses_unless_the_committee_allows_it(store, people):
    for reader in (people.member, people.translator, people.observer):
        seen = {m.name: m.email for m in processes.list_members(store, reader, P)}
        assert set(seen) == {"Committee", "Member", "Translator", "Observer"}
        assert {name: email for name, email in seen.items() if email} == {reader.name: reader.email}  # only their own
    assert {m.email for m in processes.list_members(store, people.committee, P)} == {
        f"{role}@example.org" for role in ("committee", "member", "translator", "observer")
    }
    assert processes.get_process(store, people.member, P).members_see_emails is False

    allow_emails(store, people)
    assert processes.get_process(store, people.member, P).members_see_emails is True
    assert {m.email for m in processes.list_members(store, people.observer, P)} == {
        f"{role}@example.org" for role in ("committee", "member", "translator", "observer")
    }
    allow_emails(store, people, False)
    assert [m.email for m in processes.list_members(store, people.member, P) if m.name == "Committee"] == [None]


def test_the_activity_and_the_live_events_carry_no_addresses_for_members(store, people):
    for reader in (people.member, people.translator, people.observer):
        trail = processes.list_activity(store, reader, P)
        assert {a.verb for a in trail} >= {"member.invited", "member.joined"}
        assert addresses([(a.subject, a.data) for a in trail]) == []
        events = comments.events_after(store, reader, P, 0).events
        assert events and addresses([(e.subject, e.data) for e in events]) == []
    committee = processes.list_activity(store, people.committee, P)
    assert "member@example.org" in addresses([(a.subject, a.data) for a in committee])
    allow_emails(store, people)
    assert "translator@example.org" in addresses(
        [(a.subject, a.data) for a in processes.list_activity(store, people.member, P)]
    )


def test_filters_by_address_tell_a_member_nothing(store, people):
    version_import.import_version(store, people.committee, P, ImportVersion(filename="zero.md", text=ZERO))
    propose(store, people.committee)
    comments.open_thread(store, people.committee, P, on_phrase("gobernanza multinivel"))
    email = people.committee.email
    # By name, anyone finds them; by address, only who may see addresses.
    assert [a.number for a in amendments.list_amendments(store, people.member, P, proposer="Committee")] == [1]
    assert amendments.list_amendments(store, people.member, P, proposer=email) == []
    assert [t.id for t in comments.list_threads(store, people.member, P, author="Committee")] == [1]
    assert comments.list_threads(store, people.member, P, author=email) == []
    assert [a.number for a in amendments.list_amendments(store, people.committee, P, proposer=email)] == [1]
    assert [t.id for t in comments.list_threads(store, people.committee, P, author=email)] == [1]
    # One's own address is one's own.
    propose(store, people.member)
    assert [a.number for a in amendments.list_amendments(store, people.member, P, proposer=people.member.email)] == [2]
    allow_emails(store, people)
    assert [a.number for a in amendments.list_amendments(store, people.member, P, proposer=email)] == [1]


def test_the_setting_is_off_for_a_new_process_and_the_form_builders_keep_it(store, people):
    settings = ProcessSettings(titles={"es": "T"}, source_language="es")
    assert settings.members_see_emails is False
    assert replace(settings, members_see_emails=True).members_see_emails is True


@pytest.mark.parametrize("allowed", [True, False])
def test_the_setting_travels_in_the_process_folder(store, people, allowed, tmp_path):
    allow_emails(store, people, allowed)
    transfer.export_folder(store, people.committee, P, tmp_path / "out")
    toml = (tmp_path / "out" / "process.toml").read_text()
    assert ("members_see_emails = true" in toml) is allowed  # written only when on: older files stay as they were
    assert parse_process_file(toml, "process.toml")[0].members_see_emails is allowed
    with pytest.raises(ImportFailed) as refused:
        parse_process_file(
            toml.replace("members_see_emails = true\n", "").replace("[title]", 'members_see_emails = "yes"\n\n[title]'),
            "process.toml",
        )
    assert refused.value.params["field"] == "members_see_emails" and "true or false" in refused.value.message
