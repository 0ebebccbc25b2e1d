"""An administrator disables an account (issue 36), through the API and the page on both backends: its sessions and
personal tokens end at once, it cannot sign in (nor get a token) until it is enabled again; nobody else may do it."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.web.conftest import form_post, sign_in, token_headers


def test_a_disabled_account_is_signed_out_everywhere_and_cannot_sign_in(client, web_people):
    admin = token_headers(client, web_people.admin.email)
    member = token_headers(client, web_people.member.email)
    assert client.get("/api/me", headers=member).status_code == 200
    # A personal token asked for with the password is the account's latest sign-in, by password.
    listed = {a["email"]: a for a in client.get("/api/admin/accounts", headers=admin).json()}
    assert listed[web_people.member.email]["last_sign_in_via"] == "password"
    assert listed[web_people.observer.email]["last_sign_in_via"] is None
    path = f"/api/admin/accounts/{web_people.member.email}"
    assert client.put(path, json={"disabled": True}, headers=member).status_code == 403
    assert client.put(path, json={"disabled": 1}, headers=admin).status_code == 422  # a boolean, as sent
    done = client.put(path, json={"disabled": True}, headers=admin)
    assert done.status_code == 200, done.text
    assert done.json()["disabled"] is True and done.json()["can_sign_in"] is False
    assert client.get("/api/me", headers=member).status_code == 401  # its token ended
    again = client.post(
        "/api/auth/token", json={"email": web_people.member.email, "password": PASSWORD, "name": "again"}
    )
    assert again.status_code == 401  # the same refusal as a wrong password
    assert client.put(path, json={"disabled": True}, headers=admin).status_code == 409  # disabled already
    own = client.put(f"/api/admin/accounts/{web_people.admin.email}", json={"disabled": True}, headers=admin)
    assert own.status_code == 409
    assert (
        client.put("/api/admin/accounts/nobody@example.org", json={"disabled": True}, headers=admin).status_code == 404
    )
    enabled = client.put(path, json={"disabled": False}, headers=admin)
    assert enabled.status_code == 200 and enabled.json()["disabled"] is False
    assert client.get("/api/me", headers=token_headers(client, web_people.member.email)).status_code == 200


def test_the_administrator_disables_from_the_accounts_page_and_the_browser_session_ends(client, web_people):
    from tests.web.pages.test_pages_support import html

    sign_in(client, web_people.member.email)
    member_cookies = dict(client.cookies)
    sign_in(client, web_people.admin.email)
    page = html(client.get("/admin/accounts"))
    forms = {
        f.select_one("input[name=email]")["value"]: f for f in page.select("form[action='/admin/accounts/access']")
    }
    assert web_people.admin.email not in forms and forms[web_people.member.email]["data-confirm"]
    done = form_post(client, "/admin/accounts/access", {"email": web_people.member.email, "disabled": "1"})
    assert done.status_code == 303, done.text
    assert "disabled" in html(client.get("/admin/accounts")).get_text()
    client.cookies.clear()
    client.cookies.update(member_cookies)
    assert client.get("/account", follow_redirects=False).status_code in (302, 303)  # signed out


def test_the_audit_trail_filters_by_process_person_and_date_as_a_list_and_csv(client, web_people):
    from tests.web.pages.test_pages_support import html

    admin = token_headers(client, web_people.admin.email)
    member = token_headers(client, web_people.member.email)
    client.put(f"/api/admin/accounts/{web_people.observer.email}", json={"disabled": True}, headers=admin)
    everything = client.get("/api/admin/audit", headers=admin)
    assert everything.status_code == 200, everything.text
    verbs = [e["verb"] for e in everything.json()]
    assert verbs[0] == "account.disabled" and "process.created" in verbs
    mine = client.get("/api/admin/audit", params={"person": web_people.admin.email}, headers=admin).json()
    assert mine and {e["person"] for e in mine} == {web_people.admin.email}
    of_process = client.get("/api/admin/audit", params={"process": "kutahya"}, headers=admin).json()
    assert of_process and {e["process"] for e in of_process} == {"kutahya"}
    later = client.get("/api/admin/audit", params={"since": "2999-01-01T00:00+00:00"}, headers=admin).json()
    assert later == []
    assert client.get("/api/admin/audit", params={"since": "yesterday"}, headers=admin).status_code == 422
    assert client.get("/api/admin/audit", params={"process": "nowhere"}, headers=admin).status_code == 404
    assert client.get("/api/admin/audit", headers=member).status_code == 403
    csv_file = client.get("/api/admin/audit.csv", params={"process": "kutahya"}, headers=admin)
    assert csv_file.status_code == 200 and csv_file.text.lstrip("\ufeff").startswith("at,process,person,verb,subject")
    sign_in(client, web_people.admin.email)
    page = html(
        client.get("/admin/audit", params={"person": web_people.admin.email}, headers={"Accept-Language": "fr"})
    )
    assert page.select("table.table tbody tr") and page.select_one("#audit-filter input[name=person]")["value"]


def test_the_accounts_page_is_paged_and_finds_an_account_by_part_of_its_address_or_name(client, web_people, web_store):
    """An organisation's thousands of accounts come a page at a time (ACCOUNTS_PAGE), in address order; the search
    finds an address or a name by any part of it, accents and case ignored, a `%` or `_` typed being the character
    itself."""
    from tests.web.pages.test_pages_support import html
    from workspace.services import accounts
    from workspace.services.accounts.users import ACCOUNTS_PAGE
    from workspace.services.actor import SYSTEM

    for n in range(ACCOUNTS_PAGE + 5):
        accounts.add_user(web_store, SYSTEM, f"person{n:03d}@example.net", f"Persona {n:03d}")
    accounts.add_user(web_store, SYSTEM, "ana_maria@example.net", "Ana María Pérez")
    accounts.add_user(web_store, SYSTEM, "ag@example.net", "ÁNGEL GARCÍA")
    accounts.add_user(web_store, SYSTEM, "fl@example.net", "François Lefèvre")
    everyone = sorted(u.email for u in accounts.list_users(web_store, SYSTEM))
    sign_in(client, web_people.admin.email)

    def listed(query: str) -> tuple[list[str], str]:
        answer = client.get(f"/admin/accounts?{query}")
        assert answer.status_code == 200, answer.text
        page = html(answer)
        rows = [row.select_one("th").contents[0].strip() for row in page.select("table.accounts tbody tr")]
        return rows, page.get_text(" ")

    first, text = listed("")
    assert first == everyone[:ACCOUNTS_PAGE] and f"1–{ACCOUNTS_PAGE} of {len(everyone)}" in text
    second, _ = listed("page=2&zone=Europe/Madrid")
    assert second == everyone[ACCOUNTS_PAGE:]
    assert listed("page=99")[0] == second  # past the end: the last page
    assert listed("q=PERSON10")[0] == [f"person{n}@example.net" for n in range(100, ACCOUNTS_PAGE + 5)]
    assert listed("q=maría pér")[0] == ["ana_maria@example.net"]  # a part of the name
    # Accents and case set aside, on both databases (SQLite's lower() folds ASCII only): as a person types a name.
    assert listed("q=angel")[0] == listed("q=ángel")[0] == listed("q=Ángel")[0] == ["ag@example.net"]
    assert listed("q=MARIA PEREZ")[0] == ["ana_maria@example.net"]
    assert listed("q=francois lefevre")[0] == listed("q=FRANÇOIS")[0] == ["fl@example.net"]
    assert listed("q=a_m")[0] == ["ana_maria@example.net"]  # “_” is itself, not any character
    assert listed("q=%25")[0] == []
    nothing, text = listed("q=nobody-here")
    assert nothing == [] and "No account's address or name holds “nobody-here”." in text
    assert client.get("/admin/accounts?page=0").status_code == 422
    for wrong, said in (("a%00b", "control character (U+0000)"), ("x" * 201, "at most 200 characters")):
        refused = client.get(f"/admin/accounts?q={wrong}")  # a NUL PostgreSQL refuses; longer than any name
        assert refused.status_code == 422 and said in refused.text, (refused.status_code, refused.text[-3000:])
    # An action taken on page 2 of a search, in a chosen zone, comes back there (not to the first page of everyone).
    reading = html(client.get("/admin/accounts?q=person&page=2&zone=Europe/Madrid"))
    form = next(f for f in reading.select("form") if f["action"].startswith("/admin/accounts/access"))
    assert form["action"] == "/admin/accounts/access?q=person&page=2&zone=Europe%2FMadrid"  # as the address had them
    fields = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    done = form_post(client, form["action"], fields)
    assert done.status_code == 303 and done.headers["location"] == form["action"].replace("/access", "")
    assert next(u for u in accounts.list_users(web_store, SYSTEM) if u.email == fields["email"]).disabled
    back = client.get(done.headers["location"])
    assert f"The account of {fields['email']} is disabled." in back.text and "Europe/Madrid" in back.text
    typed = form_post(client, "/admin/accounts/access?page=x", fields | {"disabled": "0"})
    assert typed.status_code == 303 and typed.headers["location"] == "/admin/accounts?page=x"  # done, and sent back
    assert client.get(typed.headers["location"]).status_code == 422  # where the page says what is wrong with it
    client.cookies.clear()
    sign_in(client, web_people.member.email)
    assert client.get("/admin/accounts?q=ana").status_code == 403
