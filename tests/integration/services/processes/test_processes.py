"""Processes and their members, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from msgspec.structs import replace
from sqlalchemy import select

from tests.conftest import PASSWORD, join
from tests.integration.support import dump
from workspace.domain.consultations.consultations import MemberDraft, ProcessDraft, ProcessSettings
from workspace.domain.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from workspace.domain.permissions import Action
from workspace.services import accounts, processes
from workspace.store.models import User

TANGER_FIELDS = {
    "slug": "tanger-2026",
    "titles": {"es": "Congreso de Tánger", "fr": "Congrès de Tanger"},
    "source_language": "es",
    "languages": ("es", "fr"),
    "timezone": "Africa/Casablanca",
    "places": {"es": "Tánger, Marruecos", "fr": "Tanger, Maroc"},
}
TANGER = ProcessDraft(**TANGER_FIELDS)


def members(store, actor, slug="kutahya") -> dict[str, tuple[str, list[str]]]:
    return {m.email: (m.role, m.languages) for m in processes.list_members(store, actor, slug)}


def test_the_creator_becomes_the_first_committee_member(store, people):
    view = processes.create_process(store, people.member, TANGER)
    assert (view.slug, view.my_role, view.languages, view.timezone) == (
        "tanger-2026",
        "committee",
        ["es", "fr"],
        "Africa/Casablanca",
    )
    assert set(view.can) == {a.value for a in Action}
    assert members(store, people.member, "tanger-2026") == {"member@example.org": ("committee", [])}


def test_a_second_process_with_the_same_slug_is_a_conflict(store, people):
    before = dump(store)
    with pytest.raises(Conflict) as caught:
        processes.create_process(store, people.member, replace(TANGER, slug="kutahya"))
    assert caught.value.params == {"slug": "kutahya"}
    assert dump(store) == before


def test_a_process_with_bad_values_is_refused_and_nothing_is_written(store, people):
    before = dump(store)
    for change in [
        {"languages": ("es", "de")},
        {"source_language": "tr"},
        {"slug": "Tánger"},
        {"timezone": "Africa/Tanger"},
        {"titles": {"fr": "Sans espagnol"}},
        {"places": {"fr": "x" * 201}},
        {"place": "x" * 201},
        {"places": {"de": "Tanger"}},
        {"places": {"xx": ""}},
        {"places": "Tánger"},
        {"titles": {"es": "Congreso", "zz": ""}},
    ]:
        with pytest.raises(InvalidInput):
            processes.create_process(store, people.member, ProcessDraft(**{**TANGER_FIELDS, **change}))
    assert dump(store) == before


def test_each_language_has_its_place_and_the_longest_accepted_is_kept_whole(store, people):
    longest = "Tánger " * 28 + "abcd"
    view = processes.create_process(
        store, people.member, ProcessDraft(**{**TANGER_FIELDS, "places": {"es": longest, "fr": "Tanger, Maroc"}})
    )
    assert view.places == {"es": longest, "fr": "Tanger, Maroc"} and len(view.places["es"]) == 200
    assert processes.get_process(store, people.member, "tanger-2026").places == view.places


def test_a_place_given_alone_is_the_source_languages_and_places_win_over_it():
    """A client (or an older process file) giving one `place` gives the source language's: never
    every edition's, which printed the Spanish place in the English date line."""
    alone = ProcessDraft(**{**TANGER_FIELDS, "places": None, "place": "Tánger"})
    assert alone.places == {"es": "Tánger"}
    both = ProcessDraft(**{**TANGER_FIELDS, "place": "Tánger", "places": {"es": "Tánger, Marruecos", "fr": "  "}})
    assert both.places == {"es": "Tánger, Marruecos"}  # an empty value is no place


def test_everyone_sees_only_their_processes_and_the_admin_sees_all(store, people):
    processes.create_process(store, people.outsider, TANGER)
    assert [p.slug for p in processes.list_processes(store, people.member)] == ["kutahya"]
    assert [(p.slug, p.my_role) for p in processes.list_processes(store, people.outsider)] == [
        ("tanger-2026", "committee")
    ]
    assert [(p.slug, p.my_role) for p in processes.list_processes(store, people.admin)] == [
        ("kutahya", None),
        ("tanger-2026", None),
    ]
    with pytest.raises(NotAuthenticated):
        processes.list_processes(store, None)


def test_get_process_tells_the_role_and_what_it_allows(store, people):
    for who, role, can in [
        ("committee", "committee", set(Action)),
        (
            "member",
            "member",
            {
                Action.READ,
                Action.ADD_RECOMMENDATION,
                Action.PROPOSE_AMENDMENT,
                Action.OBJECT,
                Action.COMMENT,
                Action.TAKE_POSITION,
            },
        ),
        ("translator", "translator", {Action.READ, Action.COMMENT, Action.TRANSLATE, Action.REVIEW_TRANSLATION}),
        ("observer", "observer", {Action.READ}),
        ("admin", None, set(Action)),
    ]:
        view = processes.get_process(store, getattr(people, who), "kutahya")
        assert view.my_role == role
        assert set(view.can) == {a.value for a in can}
        assert view.titles["es"] == "Declaración de Kütahya"


def test_an_outsider_learns_nothing_about_a_process(store, people):
    for slug in ["kutahya", "no-such-process"]:  # the same answer whether it exists or not
        with pytest.raises(NotFound) as caught:
            processes.get_process(store, people.outsider, slug)
        assert caught.value.render() == f"No process “{slug}”."
        with pytest.raises(NotFound):
            processes.list_members(store, people.outsider, slug)


def test_nobody_signed_in_reads_nothing(store, people):
    with pytest.raises(NotAuthenticated):
        processes.get_process(store, None, "kutahya")


def test_the_committee_updates_the_process_but_never_its_slug(store, people):
    # A whole new process's values, slug and all: only the settings are taken.
    view = processes.update_process(
        store,
        people.committee,
        "kutahya",
        ProcessDraft(
            slug="renamed",
            titles={"es": "Declaración de Kütahya 2021", "fr": "Déclaration"},
            source_language="es",
            languages=("es", "fr"),
            timezone="Europe/Istanbul",
            places={"es": "Kütahya, Turquía", "fr": "Kütahya, Turquie"},
            phase="drafting",
        ),
    )
    assert view.slug == "kutahya"
    again = processes.get_process(store, people.observer, "kutahya")
    assert (again.titles, again.languages, again.places, again.phase) == (
        {"es": "Declaración de Kütahya 2021", "fr": "Déclaration"},
        ["es", "fr"],
        {"es": "Kütahya, Turquía", "fr": "Kütahya, Turquie"},
        "drafting",
    )
    with pytest.raises(NotFound):
        processes.get_process(store, people.committee, "renamed")


def test_an_invalid_update_changes_nothing(store, people):
    before = dump(store)
    with pytest.raises(InvalidInput):
        processes.update_process(
            store,
            people.committee,
            "kutahya",
            ProcessSettings(titles={"es": "T"}, source_language="es", phase="over"),
        )
    assert dump(store) == before


# --- members ----------------------------------------------------------------------------------


def test_the_fixture_process_has_one_person_per_role(store, people):
    assert members(store, people.committee) == {
        "committee@example.org": ("committee", []),
        "member@example.org": ("member", []),
        "translator@example.org": ("translator", ["en"]),
        "observer@example.org": ("observer", []),
    }


def test_inviting_a_new_email_creates_no_account_and_keeps_the_role_for_when_it_is_accepted(store, people):
    view = processes.set_member(
        store,
        people.committee,
        "kutahya",
        MemberDraft(email="Elise@Ville.fr", name="Élise", role="translator", languages="fr, es"),
    )
    assert (view.email, view.name, view.role, view.languages, view.status) == (
        "elise@ville.fr",
        "",
        "translator",
        ["fr", "es"],
        "invited",
    )
    with store() as tx:
        assert tx.scalar(select(User).where(User.email == "elise@ville.fr")) is None
    with pytest.raises(NotAuthenticated):
        accounts.authenticate(store, "elise@ville.fr", "")
    join(store, people.committee, "kutahya", "elise@ville.fr", "translator", ("fr", "es"))
    assert members(store, people.committee)["elise@ville.fr"] == ("translator", ["fr", "es"])


def test_inviting_an_existing_account_does_not_touch_it(store, people):
    processes.create_process(store, people.outsider, TANGER)
    join(store, people.outsider, "tanger-2026", people.member, "observer")
    assert accounts.authenticate(store, "member@example.org", PASSWORD).name == "Member"
    assert members(store, people.member, "tanger-2026")["member@example.org"] == ("observer", [])


def test_setting_a_member_again_changes_the_role(store, people):
    processes.set_member(
        store,
        people.committee,
        "kutahya",
        MemberDraft(email="observer@example.org", role="translator", languages=("fr",)),
    )
    processes.set_member(
        store,
        people.committee,
        "kutahya",
        MemberDraft(email="translator@example.org", role="member", languages=("en",)),
    )
    got = members(store, people.committee)
    assert got["observer@example.org"] == ("translator", ["fr"])
    assert got["translator@example.org"] == ("member", [])
    assert processes.get_process(store, people.observer, "kutahya").my_role == "translator"


def test_a_bad_member_is_refused_and_nothing_is_written(store, people):
    before = dump(store)
    for data, message in [
        ({"email": "t@example.org", "role": "translator", "languages": ["de"]}, "Unknown language code “de”"),
        ({"email": "t@example.org", "role": "translator"}, "translator needs the languages"),
        ({"email": "t@example.org", "role": "chair"}, "Unknown role “chair”"),
        ({"email": "not an email", "role": "member"}, "is not an email address"),
    ]:
        with pytest.raises(InvalidInput) as caught:
            processes.set_member(store, people.committee, "kutahya", MemberDraft(**data))
        assert message in caught.value.render()
    assert dump(store) == before


def test_removing_a_member_takes_away_their_access(store, people):
    processes.remove_member(store, people.committee, "kutahya", "Observer@example.org")
    assert "observer@example.org" not in members(store, people.committee)
    with pytest.raises(NotFound):
        processes.get_process(store, people.observer, "kutahya")
    with pytest.raises(NotFound):
        processes.remove_member(store, people.committee, "kutahya", "observer@example.org")
    assert accounts.authenticate(store, "observer@example.org", PASSWORD).id == people.observer.id


@pytest.mark.parametrize("how", ["remove", "demote"])
def test_the_last_committee_member_cannot_leave_or_be_demoted(store, people, how):
    before = dump(store)
    with pytest.raises(Conflict) as caught:
        if how == "remove":
            processes.remove_member(store, people.committee, "kutahya", "committee@example.org")
        else:
            processes.set_member(
                store, people.committee, "kutahya", MemberDraft(email="committee@example.org", role="member")
            )
    assert "at least one committee member" in caught.value.render()
    assert dump(store) == before


def test_with_a_second_committee_member_the_first_may_step_down(store, people):
    processes.set_member(store, people.committee, "kutahya", MemberDraft(email="member@example.org", role="committee"))
    processes.set_member(store, people.member, "kutahya", MemberDraft(email="committee@example.org", role="observer"))
    assert members(store, people.member)["committee@example.org"] == ("observer", [])
    with pytest.raises(Forbidden):
        processes.set_member(
            store, people.committee, "kutahya", MemberDraft(email="committee@example.org", role="committee")
        )
    with pytest.raises(Conflict):
        processes.remove_member(store, people.member, "kutahya", "member@example.org")


def test_activity_is_newest_first_and_limited(store, people):
    entries = processes.list_activity(store, people.observer, "kutahya")
    assert [e.verb for e in entries] == ["member.joined", "member.invited"] * 3 + ["process.created"]
    assert entries[-1].actor == "Committee" and entries[0].actor == "Observer"
    assert [e.data.get("email") for e in entries[:6:2]] == [
        None
    ] * 3  # addresses are the committee's (test_member_privacy)
    entries = processes.list_activity(store, people.committee, "kutahya")
    assert [e.data["email"] for e in entries[:6:2]] == [
        "observer@example.org",
        "translator@example.org",
        "member@example.org",
    ]
    assert len(processes.list_activity(store, people.observer, "kutahya", limit=2)) == 2
    assert len(processes.list_activity(store, people.observer, "kutahya", limit=0)) == 1
    with pytest.raises(NotFound):
        processes.list_activity(store, people.outsider, "kutahya")
