"""The declaration pages, parsed: what each role sees, edits through forms, stale edits kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import restored
from tests.web.conftest import form_post, sign_in
from workspace.domain.declaration.declaration_commands import ImportVersion
from workspace.services.declaration import importing as version_import

ZERO = """---
label: "Borrador cero"
---
# Preámbulo

Reconociendo que las ciudades intermedias son polos de intermediación.

1. Nos comprometemos a fortalecer la gobernanza multinivel.
2. Pedimos apoyo a la financiación local.
"""
D = "/p/kutahya/declaration"


@pytest.fixture
def zero(web_store, web_people):
    return restored(
        web_store,
        "zero",
        lambda s: version_import.import_version(
            s, web_people.committee, "kutahya", ImportVersion(filename="zero.md", text=ZERO)
        ),
    )


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def test_members_read_the_circulated_text_but_not_the_working_draft(client, web_people, zero):
    sign_in(client, web_people.member.email)
    page = soup(client.get(D))
    assert page.h1.get_text(strip=True) == "Borrador cero"  # the file's label: its name alone (issue 67)
    # One numbering: each paragraph's printed reference, the preambular ones too (issue 67), never its eId.
    numbers = [n.get_text(strip=True) for n in page.select(".declaration .para-ref")]
    assert numbers == ["§\u00a01", "PP\u00a01", "OP\u00a01", "OP\u00a02"]
    nav = [a["href"] for a in page.select("nav.subnav a")]
    assert f"{D}/draft" not in nav and f"{D}/import" not in nav
    assert client.get(f"{D}/draft").status_code == 403


def test_the_committee_edits_a_paragraph_and_circulates(client, web_people, zero):
    sign_in(client, web_people.committee.email)
    page = soup(client.get(f"{D}/draft"))
    assert page.select("form[action$='/edit']") == []  # the draft page carries no form per paragraph
    assert page.select_one("li#op_2 a[href$='/declaration/draft/op_2']") is not None
    form = soup(client.get(f"{D}/draft/op_2")).select_one("form[action$='/op_2/edit']")
    base = form.select_one("input[name=base_revision]")["value"]
    saved = form_post(
        client,
        f"{D}/draft/op_2/edit",
        {"text": "Pedimos un apoyo firme a la financiación local.", "base_revision": base, "kind": "operative"},
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith("#op_2")
    circulated = form_post(client, f"{D}/draft/circulate", {"label": "Rev.1", "date": "2021-09-27", "note": ""})
    assert circulated.status_code == 303 and circulated.headers["location"] == f"{D}/versions/2"
    compare = soup(client.get(f"{D}/compare", params={"old": "1", "new": "2"}))
    changed = compare.select("section.change")
    assert [s["id"] for s in changed] == ["op_2"]
    assert [i.get_text() for i in changed[0].select("ins")] == ["un ", "firme "]
    assert changed[0].select("del") == []


def test_a_stale_edit_is_refused_with_the_typed_text_kept_and_the_change_shown(client, web_people, web_store, zero):
    sign_in(client, web_people.committee.email)
    base = soup(client.get(f"{D}/draft/op_1")).select_one("form[action$='/op_1/edit'] input[name=base_revision]")[
        "value"
    ]
    assert (
        form_post(
            client,
            f"{D}/draft/op_1/edit",
            {"text": "Texto de otra persona.", "base_revision": base, "kind": "operative"},
        ).status_code
        == 303
    )
    response = form_post(
        client,
        f"{D}/draft/op_1/edit",
        {"text": "Mi texto cuidadosamente escrito.", "base_revision": base, "kind": "operative"},
    )
    assert response.status_code == 409
    page = soup(response)
    box = page.select_one("#conflict")
    assert box is not None and box.select("ins")
    assert "Committee" in box.get_text()  # who changed it
    assert page.select_one("#edit-form textarea[name=text]").get_text() == "Mi texto cuidadosamente escrito."
    current = soup(client.get(f"{D}/draft/op_1")).select_one("#edit-form input[name=base_revision]")["value"]
    assert page.select_one("#edit-form input[name=base_revision]")["value"] == current != base


def test_a_stale_edit_of_other_words_is_offered_merged_with_the_three_texts_shown(client, web_people, zero):
    sign_in(client, web_people.committee.email)
    form = soup(client.get(f"{D}/draft/op_1")).select_one("#edit-form")
    base, text = (
        form.select_one("input[name=base_revision]")["value"],
        form.select_one("textarea[name=text]").get_text(),
    )
    words = text.split()
    theirs = " ".join([*words[:-1], "decididamente", words[-1]])  # a word added near the end
    mine = " ".join(["Hoy", *words])  # a word added at the start
    assert (
        form_post(
            client, f"{D}/draft/op_1/edit", {"text": theirs, "base_revision": base, "kind": "operative"}
        ).status_code
        == 303
    )
    response = form_post(client, f"{D}/draft/op_1/edit", {"text": mine, "base_revision": base, "kind": "operative"})
    assert response.status_code == 409
    page = soup(response)
    assert [s.h2.get_text() for s in page.select(".three-way section")] == [
        "Their change (the text now)",
        "Your change",
        "The text you both started from",
    ]
    assert page.select_one("#edit-form textarea[name=text]").get_text() == " ".join(
        ["Hoy", *words[:-1], "decididamente", words[-1]]
    )
    rival = form_post(
        client, f"{D}/draft/op_1/edit", {"text": "Otra redacción completa.", "base_revision": base, "kind": "operative"}
    )
    assert rival.status_code == 409  # the same words changed: the person's own text is kept to merge by hand
    assert soup(rival).select_one("#edit-form textarea[name=text]").get_text() == "Otra redacción completa."


def test_unknown_versions_and_paragraphs_are_404_pages(client, web_people, zero):
    sign_in(client, web_people.observer.email)
    for path in (f"{D}/versions/Rev.7", f"{D}/paragraphs/op_42"):
        response = client.get(path)
        assert response.status_code == 404 and soup(response).h1 is not None


def test_a_stale_add_opens_the_draft_at_the_paragraph_with_who_changed_it(client, web_people, zero):
    """A 409 on the draft page: the banner sits in the paragraph concerned and takes the focus
    (the browser scrolls there, no script), names who changed the draft and when; the typed text stays."""
    sign_in(client, web_people.committee.email)
    page = soup(client.get(f"{D}/draft"))
    order = page.select_one("form[action$='/draft/add'] input[name=base_order]")["value"]
    assert (
        form_post(
            client,
            f"{D}/draft/add",
            {"kind": "operative", "text": "Otra persona añade.", "after": "op_1", "base_order": order},
        ).status_code
        == 303
    )
    response = form_post(
        client, f"{D}/draft/add", {"kind": "operative", "text": "Mi párrafo.", "after": "op_1", "base_order": order}
    )
    assert response.status_code == 409
    page = soup(response)
    banner = page.select_one("li#op_1 #conflict")
    assert banner is not None and banner.has_attr("autofocus") and banner["role"] == "alert"
    assert "Committee" in banner.get_text()  # who changed it
    assert page.select_one("textarea[name=text]#add-text").get_text() == "Mi párrafo."
    assert page.select_one("#add-after option[selected]")["value"] == "op_1"
    assert len(page.select("[role=alert]")) == 1


def test_move_and_add_lists_show_the_beginning_of_each_paragraph(client, web_people, zero):
    sign_in(client, web_people.committee.email)
    for path, select in ((f"{D}/draft", "#add-after"), (f"{D}/draft/op_2", "#after")):
        options = {
            o["value"]: o.get_text(" ", strip=True)
            for o in soup(client.get(path)).select(f"{select} option")
            if o["value"]
        }
        assert options["op_1"].startswith("OP\u00a01 · Nos comprometemos a fortalecer"), options  # as it is printed


def test_deleting_a_paragraph_asks_first_without_inline_script(client, web_people, zero):
    """In the page's own dialog (issue 35): the form says what will happen, what cannot be undone and what its
    button reads; the page carries the dialog's parts; no script asks with the browser's confirm()."""
    sign_in(client, web_people.committee.email)
    page = soup(client.get(f"{D}/draft/op_2"))
    form = page.select_one("form[action$='/op_2/delete']")
    assert form["data-confirm"] == "Delete paragraph OP\u00a02 from the working draft?"  # as it is printed
    assert form["data-confirm-detail"].startswith("It leaves the working draft at once.")  # no eId (issue 67)
    assert form["data-confirm-button"] == "Delete OP\u00a02"
    parts = page.select_one("template#confirm-parts")
    assert parts.select_one("button[data-answer=cancel]").string == "Cancel"  # (get_text skips a template's text)
    sources = [s.get("src") for s in page.select("script")]
    assert "/static/accord/main.js" in sources and all(sources)  # no inline script
    script = client.get("/static/accord/confirm.js").text
    assert "form[data-confirm]" in script and "showModal" in script
    static = Path(__file__).resolve().parents[3] / "workspace" / "web"
    for path in [*static.glob("static/**/*.js"), *static.glob("templates/**/*.html")]:
        assert not re.search(r"\bconfirm\(", path.read_text(encoding="utf-8")), path


def test_the_history_restores_an_earlier_text_and_a_deleted_paragraph(client, web_people, zero):
    sign_in(client, web_people.committee.email)
    base = soup(client.get(f"{D}/draft/op_2")).select_one("#edit-form input[name=base_revision]")["value"]
    assert (
        form_post(
            client, f"{D}/draft/op_2/edit", {"text": "Texto nuevo.", "base_revision": base, "kind": "operative"}
        ).status_code
        == 303
    )
    page = soup(client.get(f"{D}/paragraphs/op_2"))
    forms = page.select("form[action$='/paragraphs/op_2/restore']")
    assert len(forms) == 1  # the created text; the current one is not offered
    fields = {i["name"]: i["value"] for i in forms[0].select("input[type=hidden]") if i["name"] != "_csrf_token"}
    response = form_post(client, f"{D}/paragraphs/op_2/restore", fields)
    assert response.status_code == 303 and response.headers["location"].endswith("#op_2")
    draft_page = soup(client.get(f"{D}/draft"))
    assert "Pedimos apoyo a la financiación local." in draft_page.select_one("li#op_2").get_text()

    current = soup(client.get(f"{D}/draft/op_2")).select_one("#edit-form input[name=base_revision]")["value"]
    assert form_post(client, f"{D}/draft/op_2/delete", {"base_revision": current}).status_code == 303
    page = soup(client.get(f"{D}/paragraphs/op_2"))
    forms = page.select("form[action$='/paragraphs/op_2/restore']")
    assert forms and all(f.select_one("input[name=base_revision]") is None for f in forms)
    fields = {i["name"]: i["value"] for i in forms[-1].select("input[type=hidden]") if i["name"] != "_csrf_token"}
    assert form_post(client, f"{D}/paragraphs/op_2/restore", fields).status_code == 303
    assert soup(client.get(f"{D}/draft")).select_one("li#op_2") is not None
    # Members see no restore button.
    sign_in(client, web_people.member.email)
    assert soup(client.get(f"{D}/paragraphs/op_2")).select("form[action$='/restore']") == []


def test_a_recommendation_is_linked_from_the_paragraph_and_from_the_recommendation(client, web_people, web_store, zero):
    from tests.conftest import SESSION
    from workspace.domain.consultations.consultation_commands import RecommendationFields
    from workspace.services import consultations

    session = consultations.create_session(web_store, web_people.committee, "kutahya", SESSION)
    first = consultations.add_recommendation(
        web_store, web_people.member, "kutahya", session.ref, RecommendationFields(text="Gobernanza multinivel")
    )
    second = consultations.add_recommendation(
        web_store, web_people.member, "kutahya", session.ref, RecommendationFields(text="Financiación local")
    )
    sign_in(client, web_people.committee.email)
    # From the paragraph: its page offers the recommendations, and the link brings back to it.
    form = soup(client.get(f"{D}/draft/op_1")).select_one("#link-form")
    assert {o["value"] for o in form.select("select[name=ref] option")} == {first.ref, second.ref}
    response = form_post(client, form["action"], {"eid": "op_1", "ref": first.ref, "back": "paragraph"})
    assert response.status_code == 303 and response.headers["location"] == f"{D}/draft/op_1#links"
    page = soup(client.get(f"{D}/draft/op_1"))
    assert [a.get_text() for a in page.select("section[aria-labelledby=links] ul.linked a")] == [first.ref]
    # From the recommendation: its page lists the draft's paragraphs, and shows those that take it up.
    path = f"/p/kutahya/recommendations/{second.ref}"
    form = soup(client.get(path)).select_one("#link-form")
    assert "OP\u00a01 · Nos comprometemos" in form.select_one("option[value=op_1]").get_text()  # as printed
    response = form_post(client, form["action"], {"ref": second.ref, "eid": "op_2"})
    assert response.status_code == 303 and response.headers["location"] == path + "#links"
    # Everyone who reads the recommendation sees the paragraphs that take it up, with their number and text.
    sign_in(client, web_people.observer.email)
    page = soup(client.get(path))
    linked = page.select("section[aria-labelledby=links] ul.linked li")
    assert len(linked) == 1 and "OP\u00a02 op_2" in linked[0].get_text(" ", strip=True)
    assert "Pedimos apoyo" in linked[0].get_text()
    assert page.select("#link-form") == [] and page.select("ul.linked form") == []


REV1 = """---
label: "Rev.1"
---
# Preámbulo

Reconociendo que las ciudades intermedias son **polos** de intermediación.

1. Nos comprometemos a fortalecer la gobernanza multinivel.
"""


@pytest.fixture
def rev1(web_store, web_people, zero):
    return version_import.import_version(
        web_store, web_people.committee, "kutahya", ImportVersion(filename="rev1.md", text=REV1)
    )


def test_compare_names_both_sides_renders_markdown_and_filters_by_count(client, web_people, rev1):
    sign_in(client, web_people.observer.email)
    page = soup(client.get(f"{D}/compare", params={"old": "1", "new": "2", "view": "sides"}))
    head = page.select_one(".sides-head")
    assert [s.get_text(strip=True) for s in head.select(".side")] == ["Borrador cero", "Rev.1"]
    modified = page.select_one("section.change-modified")
    assert modified.select_one(".side.new strong").get_text() == "polos"  # rendered, not **raw**
    assert "**" not in modified.get_text()
    inline = soup(client.get(f"{D}/compare", params={"old": "1", "new": "2"}))
    assert "**" not in inline.select_one("section.change-modified").get_text()
    # The counts are links that filter the list (no script).
    links = {a.get_text(" ", strip=True).split(":")[0]: a["href"] for a in inline.select(".change-counts a")}
    deleted = soup(client.get(f"{D}/compare" + links["Deleted"]))
    assert [s["id"] for s in deleted.select("section.change")] == ["op_2"]
    unchanged = soup(client.get(f"{D}/compare" + links["Unchanged"]))
    assert {s["id"] for s in unchanged.select("section.change")} == {"op_1", "hd_1"} or all(
        "change-unchanged" in s["class"] for s in unchanged.select("section.change")
    )


WRAPPED = """# Preámbulo

Reconociendo que las ciudades intermedias
son polos de intermediación.

1. Nos comprometemos a fortalecer
   la gobernanza multinivel.
"""
REWRAPPED = """# Preámbulo

Reconociendo que las
ciudades intermedias son polos de intermediación.

1. Nos comprometemos a reforzar la
   gobernanza multinivel.
"""


def test_a_rewrap_is_never_shown_as_a_change_inline_or_side_by_side(client, web_store, web_people):
    for label, text in (("Borrador cero", WRAPPED), ("Rev.1", REWRAPPED)):
        version_import.import_version(
            web_store, web_people.committee, "kutahya", ImportVersion(filename="v.md", text=text, label=label)
        )
    sign_in(client, web_people.observer.email)
    for view in ("inline", "sides"):
        page = soup(client.get(f"{D}/compare", params={"old": "1", "new": "2", "view": view, "all": "1"}))
        marked = [(tag.name, tag.get_text()) for tag in page.select("section.change ins, section.change del")]
        assert sorted(set(marked)) == [("del", "fortalecer"), ("ins", "reforzar")], view
        unchanged = [s for s in page.select("section.change") if "change-unchanged" in s["class"]]
        assert any("intermedias son polos" in " ".join(s.get_text().split()) for s in unchanged), view


def test_the_import_preview_says_which_paragraph_it_deletes_with_its_text(client, web_people, zero):
    sign_in(client, web_people.committee.email)
    response = client.post(
        f"{D}/import",
        data={"_csrf_token": client.cookies.get("accord_csrf") or "", "text": REV1, "filename": "rev1.md"},
        files={"file": ("rev1.md", REV1.encode(), "text/markdown")},
    )
    page = soup(response)
    deleted = page.select_one("ul.changes li.change-deleted")
    assert (
        "op_2" in deleted.get_text()
        and "Pedimos apoyo a la financiación local." in deleted.select_one("del").get_text()
    )
    modified = page.select_one("ul.changes li.change-modified")
    assert modified.select_one(".diff strong").get_text() == "polos" and "**" not in modified.get_text()


def test_versions_say_their_day_through_babel_not_iso(client, web_people, zero):
    sign_in(client, web_people.committee.email)
    assert form_post(client, f"{D}/draft/add", {"kind": "operative", "text": "Nuevo."}).status_code == 303
    assert (
        form_post(client, f"{D}/draft/circulate", {"label": "Rev.1", "date": "2021-09-27", "note": ""}).status_code
        == 303
    )
    for path, lang, day in (
        (D, "es", "27 de septiembre de 2021"),
        (f"{D}/versions/2", "fr", "27 septembre 2021"),
        (D, "en", "27 September 2021"),
    ):
        text = soup(client.get(path, headers={"Accept-Language": lang})).select_one("main").get_text(" ")
        assert "2021-09-27" not in text and day in text, (path, lang)


def test_the_import_preview_names_what_a_foreign_file_sets_aside_and_shows_its_sub_items(client, web_people):
    from pathlib import Path

    path = Path(__file__).parents[2] / "fixtures" / "negotiation" / "05-final.md"
    text = path.read_text(encoding="utf-8")
    sign_in(client, web_people.committee.email)
    response = client.post(
        f"{D}/import",
        data={"_csrf_token": client.cookies.get("accord_csrf") or "", "filename": path.name},
        files={"file": (path.name, text.encode(), "text/markdown")},
    )
    assert response.status_code == 200, response.text
    page = soup(response)
    notices = [li.get_text(" ", strip=True) for li in page.select("#notices li.notice")]
    assert any(n.startswith("05-final.md:10") and "image" in n for n in notices)
    assert any(n.startswith("05-final.md:2") and "layout" in n for n in notices)
    nested = page.select("table td.nested")
    assert nested and nested[0].get_text(strip=True).startswith("•")
    # Saved, the version shows its sub-items indented under their paragraph, unnumbered.
    confirm = {
        "_csrf_token": client.cookies.get("accord_csrf") or "",
        "filename": path.name,
        "text": text,
        "label": "",
        "confirm": "1",
        "base_draft": page.select_one("input[name=base_draft]")["value"],
    }
    saved = client.post(
        f"{D}/import", data=confirm, files={"file": ("", b"", "application/octet-stream")}
    )  # as the form sends it
    assert saved.url.path == f"{D}/versions/1", soup(saved).get_text(" ", strip=True)[:500]
    version = soup(saved)
    subs = version.select(".para-nested")
    assert len(subs) == 10 and all(
        s.get("data-depth") == "1" for s in subs
    )  # 2 in the preamble, 4 + 3 + 1 in commitments
    assert not any(s.select_one(".para-number") for s in subs)


# -- The reading page: what the Declaration tab opens on, for each role (issue 35) ------------------------------


def reading(client, role_email: str, path: str = D, **headers: str) -> BeautifulSoup:
    client.cookies.clear()
    sign_in(client, role_email)
    answer = client.get(path, headers=headers or None)
    assert answer.status_code == 200, answer.text[:500]
    return soup(answer)


def in_text(page: BeautifulSoup) -> BeautifulSoup:
    """The selection's parts (a <template>, whose content CSS selectors do not reach), as a document of their own."""
    parts = page.select_one("template#in-text")
    return BeautifulSoup(parts.decode_contents() if parts else "", "html.parser")


def bar_of(page: BeautifulSoup) -> set[str]:
    """What the selection bar offers: the buttons a selection shows."""
    return {b["data-in-text"] for b in in_text(page).select(".in-text-bar button")} - {"close"}


def chosen(select) -> str:
    return select.select_one("option[selected]")["value"]


LANDINGS = {
    # role: (the text it reads, what its selection bar offers)
    "committee": ("draft", {"comment", "suggest"}),
    "member": ("2", {"comment", "suggest"}),
    "translator": ("2", {"comment"}),
    "observer": ("2", set()),
}


@pytest.mark.parametrize("role", LANDINGS)
def test_the_declaration_tab_opens_the_reading_page_of_what_each_role_may_read(client, web_people, rev1, role):
    """The committee lands on the working draft (with a way to edit each paragraph), everyone else on the latest
    circulated version; each with the selection bar as far as the role may use it, the downloads of that text,
    the switcher (latest first, the draft only for the committee) and two texts to compare. No dead end left."""
    ref, bar = LANDINGS[role]
    page = reading(client, getattr(web_people, role).email)
    assert page.h1.get_text(strip=True) == ("Working draft" if ref == "draft" else "Rev.1")
    assert page.select_one("nav.subnav a[aria-current=page]").get_text(strip=True) == "Text"
    assert "Current text" not in page.get_text()
    text = page.select_one("article.declaration[data-window]")
    assert [p["id"] for p in text.select(".para[id]")] == ["hdg_1", "pre_1", "op_1"]
    assert bar_of(page) == bar
    assert (text.has_attr("data-in-text")) == bool(bar)
    if bar:
        assert {i["value"] for i in in_text(page).select("input[name=version]")} == {ref}
    # The downloads of this very text, in each language and side by side.
    downloads = [a["href"] for a in page.select("details.downloads a")]
    assert downloads and all(f"/versions/{ref}/download?" in href for href in downloads)
    assert any("lang=es-en-fr" in href for href in downloads)
    # The switcher: the draft (the committee's) then the circulated versions, latest first.
    switch = page.select_one("form.reading-switch")
    assert switch["method"] == "get" and switch["action"] == D
    options = [o["value"] for o in switch.select("select[name=version] option")]
    assert options == (["draft", "2", "1"] if role == "committee" else ["2", "1"])
    assert chosen(switch.select_one("select[name=version]")) == ref
    assert page.select_one(f"label[for={switch.select_one('select')['id']}]") is not None
    # Compare: two texts, the one read against the one before it, to the existing compare page.
    compare = page.select_one("form.reading-compare")
    assert compare["action"] == f"{D}/compare"
    old, new = compare.select_one("select[name=old]"), compare.select_one("select[name=new]")
    assert (chosen(old), chosen(new)) == (("2", "draft") if ref == "draft" else ("1", "2"))
    # Only the committee's draft has edit links; a version has its projector links.
    edits = [a["href"] for a in text.select("a.edit-link")]
    if ref == "draft":
        assert edits == [f"{D}/draft/{eid}" for eid in ("hdg_1", "pre_1", "op_1")]
        assert text.select("a.projector-link") == []
        assert page.select_one(f".version-actions a[href='{D}/draft']") is not None
    else:
        assert edits == [] and len(text.select("a.projector-link")) == 3
        assert page.select_one(f".version-actions a[href='{D}/versions/2/crosswalk']") is not None


def test_the_reading_page_is_kept_and_gzipped_for_every_reader(client, web_people, rev1):
    """Rendered once per screen and gzipped itself (the handler's GZIPS_ITSELF), at the tab's address too."""
    for person in (web_people.member, web_people.committee):
        client.cookies.clear()
        sign_in(client, person.email)
        first = client.get(D, headers={"Accept-Encoding": "gzip"})
        again = client.get(D, headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]})
        assert first.headers["content-encoding"] == "gzip" and '<article class="declaration"' in first.text
        assert again.status_code == 304


def test_the_switcher_opens_another_text_and_keeps_the_edition(client, web_people, rev1):
    client.cookies.clear()
    sign_in(client, web_people.member.email)
    moved = client.get(D, params={"version": "1", "lang": "fr"}, follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"{D}/versions/1?lang=fr"
    by_label = client.get(D, params={"version": "Rev.1"}, follow_redirects=False)
    assert by_label.headers["location"] == f"{D}/versions/Rev.1"
    assert soup(client.get(by_label.headers["location"])).h1.get_text(strip=True) == "Rev.1"
    refused = client.get(D, params={"version": "draft"})
    assert refused.status_code == 403 and "Only the drafting committee can read the working draft" in refused.text
    # The edition switch stays on the tab's address.
    page = reading(client, web_people.member.email, f"{D}?lang=en")
    assert [a["href"] for a in page.select("nav.edition-switch a")] == [f"{D}?lang={c}" for c in ("es", "en", "fr")]
    assert page.select_one("nav.edition-switch a[aria-current=page]").get_text(strip=True) == "English"
    assert page.select_one("form.reading-switch input[name=lang]")["value"] == "en"
    assert "no translation into English yet" in page.select_one("main").get_text(" ")
    # The committee reads a version too, and goes back to the draft from its switcher.
    page = reading(client, web_people.committee.email, f"{D}/versions/1")
    switch = page.select_one("form.reading-switch select")
    assert [o["value"] for o in switch.select("option")] == ["draft", "2", "1"] and chosen(switch) == "1"
    assert bar_of(page) == {"comment", "suggest"} and page.select("a.projector-link")
    compare = page.select_one("form.reading-compare")
    assert (chosen(compare.select_one("[name=old]")), chosen(compare.select_one("[name=new]"))) == ("1", "2")
    assert client.get(D, params={"version": "draft"}).status_code == 200


def test_the_switcher_names_versions_in_the_readers_language(client, web_people, rev1):
    client.cookies.clear()
    sign_in(client, web_people.committee.email)
    named = form_post(client, f"{D}/versions/1/labels", {"label_en": "Zero draft", "label_fr": "Avant-projet"})
    assert named.status_code == 303
    for lang, label in (("es", "Borrador cero"), ("en", "Zero draft"), ("fr", "Avant-projet")):
        page = reading(client, web_people.observer.email, **{"Accept-Language": lang})
        options = [o.get_text(strip=True) for o in page.select("form.reading-switch option")]
        assert options[1].startswith(label), (lang, options)
        assert [o.get_text(strip=True) for o in page.select("form.reading-compare [name=old] option")][1] == label


EMPTY = {
    "es": "Todavía no se ha distribuido ninguna versión.",
    "en": "No version has been circulated yet.",
    "fr": "Aucune version n’a encore été diffusée.",
}


def test_before_anything_is_circulated_readers_are_told_so_and_the_committee_reads_its_draft(client, web_people):
    for role in ("member", "translator", "observer"):
        for lang, said in EMPTY.items():
            page = reading(client, getattr(web_people, role).email, **{"Accept-Language": lang})
            assert page.select_one(".empty-text strong").get_text(strip=True) == said
            assert page.select("article.declaration") == [] and page.select("form.reading-switch") == []
    page = reading(client, web_people.committee.email)
    assert page.h1.get_text(strip=True) == "Working draft"
    assert "The working draft is empty" in page.select_one("article.declaration").get_text()
    client.cookies.clear()
    sign_in(client, web_people.committee.email)
    assert form_post(client, f"{D}/draft/add", {"kind": "operative", "text": "Un primer párrafo."}).status_code == 303
    page = soup(client.get(D))
    assert [p.get_text(strip=True) for p in page.select("article.declaration .para-text")] == ["Un primer párrafo."]
    assert page.select_one("article.declaration a.edit-link") is not None
    assert page.select("form.reading-compare") == []  # one text only: nothing to compare yet
    assert [o["value"] for o in page.select("form.reading-switch option")] == ["draft"]


def test_comment_and_suggest_from_the_reading_page_on_a_version_and_on_the_draft(client, web_people, rev1):
    """The selection bar's forms, as the page carries them, open a thread and file an amendment: a member's on the
    latest version, the committee's on the working draft."""
    for person, ref in ((web_people.member, "2"), (web_people.committee, "draft")):
        page = reading(client, person.email)
        text = page.select_one(".para#op_1")["data-text"]
        comment = in_text(page).select_one("form[data-form=comment]")
        fields = {
            i["name"]: i.get("value", "") for i in comment.select("input[type=hidden]") if i["name"] != "_csrf_token"
        }
        words = " ".join(text.split()[:3])
        opened = form_post(
            client,
            comment["action"].replace("EID", "op_1"),
            {  # as the page's script sends it: the paragraph's id in the path and in the form
                **fields,
                "eid": "op_1",
                "exact": words,
                "prefix": "",
                "suffix": text[len(words) : len(words) + 20],
                "body": "¿Por qué?",
            },
        )
        # Back on the reading page it was opened from, at the paragraph (issue 67): the reader stays with the text.
        assert opened.status_code == 303 and opened.headers["location"] == f"{D}?lang=es&page=1#op_1", ref
        suggest = in_text(page).select_one("form[data-form=suggest]")
        fields = {
            i["name"]: i.get("value", "") for i in suggest.select("input[type=hidden]") if i["name"] != "_csrf_token"
        }
        filed = form_post(
            client,
            suggest["action"],
            {**fields, "eid": "op_1", "text": text + " Y más.", "rationale": "Más claro.", "action": "propose"},
        )
        assert filed.status_code == 303 and "/amendments/" in filed.headers["location"], filed.text[:300]
        again = soup(client.get(D))
        kinds = {li["data-kind"] for li in again.select(".para#op_1 .para-marks li")}
        assert kinds == {"thread", "amendment"}, ref
