"""Every error of the API is JSON {"error", "detail"} with the right status: never a 500, never a traceback."""

from __future__ import annotations

import logging

import pytest
from litestar.testing import TestClient

from tests.conftest import SESSION_JSON, make_people
from tests.integration.support import counts
from tests.web.conftest import token_headers
from workspace import i18n
from workspace.settings import Settings
from workspace.web.app import create_app


@pytest.fixture
def server_errors(caplog):
    """What the app logged as unhandled (a 500 leaves a trace here even if the body looks fine)."""
    caplog.set_level(logging.ERROR, logger="accord")
    return caplog


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert isinstance(body["error"], str) and body["error"].strip()
    for leak in ("Traceback", 'File "', "sqlalchemy", "psycopg"):
        assert leak not in response.text
    return body


@pytest.fixture
def committee(client, web_people):
    return token_headers(client, "committee@example.org")


@pytest.fixture
def scene(client, committee) -> dict[str, str]:
    session = client.post(
        "/api/processes/kutahya/sessions", json={**SESSION_JSON, "ref": "alianzas"}, headers=committee
    )
    assert session.status_code == 201, session.text
    rec = client.post(
        "/api/processes/kutahya/sessions/alianzas/recommendations",
        json={"text": "Gobernanza multinivel"},
        headers=committee,
    )
    assert rec.status_code == 201, rec.text
    return {"session": "alianzas", "recommendation": rec.json()["ref"]}


def test_malformed_json_is_400(client, committee):
    for body in (b"{not json", b'{"slug": "x",}', b"\xff\xfe", b""):
        error_of(
            client.post("/api/processes", content=body, headers={**committee, "content-type": "application/json"}), 400
        )


def test_a_body_of_the_wrong_shape_is_400_with_what_is_wrong(client, committee):
    body = error_of(client.post("/api/processes", json={"slug": "x", "titles": {"es": "X"}}, headers=committee), 400)
    assert "source_language" in str(body["detail"])
    body = error_of(
        client.post(
            "/api/processes",
            json={"slug": "x", "titles": {"es": "X"}, "source_language": "es", "colour": "red"},
            headers=committee,
        ),
        400,
    )
    assert "colour" in str(body["detail"])
    error_of(client.get("/api/processes/kutahya/recommendations?limit=many", headers=committee), 400)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            [
                "Expected text, got a whole number.",
                "This request takes no field “colour”.",
                "The field “email” is missing.",
                "Expected an object, got a list.",
                "The JSON body ends too soon.",
                "The body is not valid JSON (at byte 4).",
            ],
        ),
        (
            "es",
            [
                "Se esperaba texto; se recibió un número entero.",
                "Esta solicitud no admite el campo «colour».",
                "Falta el campo «email».",
                "Se esperaba un objeto; se recibió una lista.",
                "El cuerpo JSON termina antes de tiempo.",
                "El cuerpo no es JSON válido (en el byte 4).",
            ],
        ),
        (
            "fr",
            [
                "Attendu\u00a0: du texte\u202f; reçu\u00a0: un nombre entier.",
                "Cette requête n’accepte pas de champ «\u00a0colour\u00a0».",
                "Le champ «\u00a0email\u00a0» manque.",
                "Attendu\u00a0: un objet\u202f; reçu\u00a0: une liste.",
                "Le corps JSON s’interrompt trop tôt.",
                "Le corps n’est pas du JSON valide (à l’octet 4).",
            ],
        ),
    ],
)
def test_what_the_decoder_finds_wrong_is_said_in_the_readers_language(client, committee, lang, said):
    """The JSON decoder's findings are English sentences of a fixed set: each is said in the reader's language, the
    field named as sent; a wrong method or address says nothing more than its message (no "Not Found")."""
    headers = {"Accept-Language": lang, "Content-Type": "application/json"}
    details = []
    for body in ('{"email": 42}', '{"email": "a@b.test", "colour": 1}', "{}", "[1]", '{"email": "a@b', "nojson"):
        detail = error_of(client.post("/api/auth/sign-in-link", content=body, headers=headers), 400)["detail"]
        details.append(detail[0]["message"] if isinstance(detail, list) else detail)
    assert details == said
    missing = client.get("/api/processes/kutahya/memory", params={"lang": "en"}, headers={**committee, **headers})
    detail = error_of(missing, 400)["detail"]
    assert {"en": "The parameter “text” is required.", "es": "El parámetro «text» es obligatorio."}.get(
        lang, "Le paramètre «\u00a0text\u00a0» est obligatoire."
    ) in str(detail), detail
    assert error_of(client.get("/api/no-such-thing", headers=headers), 404)["detail"] is None
    assert error_of(client.delete("/api/auth/sign-in-link", headers=headers), 405)["detail"] is None


def test_not_signed_in_is_401(client, web_people):
    for method, path in [
        ("get", "/api/me"),
        ("get", "/api/processes/kutahya"),
        ("post", "/api/processes"),
        ("get", "/api/processes/kutahya/recommendations.csv"),
    ]:
        kwargs = {"json": {"slug": "x", "titles": {"es": "X"}, "source_language": "es"}} if method == "post" else {}
        body = error_of(getattr(client, method)(path, headers={"Accept-Language": "en"}, **kwargs), 401)
        assert body["error"] == "Please sign in first."
    # Without Accept-Language, a process's pages and API speak its source language to its members
    # only: to nobody signed in, a process answers as one that does not exist, in the default language.
    for slug in ("kutahya", "nowhere"):
        body = error_of(client.get(f"/api/processes/{slug}", headers={"Accept-Language": ""}), 401)
        assert body["error"] == "Please sign in first."
    member = token_headers(client, "member@example.org")
    body = error_of(client.get("/api/processes/kutahya/draft", headers={**member, "Accept-Language": ""}), 403)
    assert body["error"].startswith("Solo el comité de redacción")


def test_nobody_signed_in_creates_nothing(client, web_people, web_store):
    before = counts(web_store)
    error_of(
        client.post("/api/processes", json={"slug": "huerfano", "titles": {"es": "X"}, "source_language": "es"}), 401
    )
    assert counts(web_store) == before


def test_a_member_deciding_a_recommendation_is_403_and_nothing_changes(client, committee, scene):
    member = token_headers(client, "member@example.org")
    path = f"/api/processes/kutahya/recommendations/{scene['recommendation']}"
    body = error_of(client.post(f"{path}/decision", json={"status": "incorporated"}, headers=member), 403)
    assert body["error"] == "Only the drafting committee can decide on recommendations."
    assert body["detail"] == {"action": "decide_recommendation"}
    assert client.get(path, headers=member).json()["status"] == "open"


def test_an_observer_recording_a_session_is_403(client, committee):
    observer = token_headers(client, "observer@example.org")
    error_of(client.post("/api/processes/kutahya/sessions", json=SESSION_JSON, headers=observer), 403)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/processes/nowhere", "No process “nowhere”."),
        ("/api/processes/nowhere/sessions", "No process “nowhere”."),
        ("/api/processes/kutahya/sessions/nowhere", "No session “nowhere” in this process."),
        ("/api/processes/kutahya/recommendations/nowhere", "No recommendation “nowhere” in this process."),
        ("/api/processes/kutahya/recommendations?session=nowhere", "No session “nowhere” in this process."),
        ("/api/no-such-route", "This page does not exist."),
    ],
)
def test_unknown_things_are_404(client, committee, path, message):
    assert error_of(client.get(path, headers=committee), 404)["error"] == message


def test_an_outsider_gets_404_for_a_process_that_exists(client, committee):
    outsider = token_headers(client, "outsider@example.org")
    assert error_of(client.get("/api/processes/kutahya", headers=outsider), 404)["error"] == "No process “kutahya”."


def test_a_duplicate_slug_is_409(client, committee):
    data = {"slug": "kutahya", "titles": {"es": "Otra"}, "source_language": "es"}
    body = error_of(client.post("/api/processes", json=data, headers=committee), 409)
    assert body["error"] == "A process with the slug “kutahya” already exists."


def test_a_duplicate_session_reference_is_409(client, committee, scene):
    error_of(
        client.post("/api/processes/kutahya/sessions", json={**SESSION_JSON, "ref": "alianzas"}, headers=committee), 409
    )


def test_removing_the_last_committee_member_is_409(client, committee):
    error_of(client.delete("/api/processes/kutahya/members/committee@example.org", headers=committee), 409)


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        (
            "/api/processes",
            {"slug": "nuevo", "titles": {"es": "N"}, "source_language": "es", "languages": ["es", "de"]},
            "Unknown language code “de”: use one of “es”, “en”, “fr”.",
        ),
        ("/api/processes", {"slug": "Nuevo Proceso", "titles": {"es": "N"}, "source_language": "es"}, "Invalid slug"),
        (  # an empty phase is none of the document's phases, not the first one (found by the OpenAPI conformance)
            "/api/processes",
            {"slug": "nuevo", "titles": {"es": "N"}, "source_language": "es", "phase": ""},
            "Unknown phase “”",
        ),
        (
            "/api/processes",
            {"slug": "nuevo", "titles": {"es": "N"}, "source_language": "es", "timezone": ""},
            "Unknown time zone “”",
        ),
        (
            "/api/processes/kutahya/members",
            {"email": "t@example.org", "role": "translator", "languages": ["tr"]},
            "Unknown language code “tr”",
        ),
        ("/api/processes/kutahya/sessions", {**SESSION_JSON, "languages": ["es", "pt"]}, "Unknown language code “pt”"),
        (
            "/api/processes/kutahya/sessions",
            {**SESSION_JSON, "ends_at": "2021-05-26T08:00:00-03:00"},
            "cannot end before",
        ),
        (
            "/api/processes/kutahya/sessions/alianzas/recommendations",
            {"text": "t", "language": "de"},
            "Unknown language code “de”",
        ),
        ("/api/processes/kutahya/sessions/import", {"filename": "x.md", "text": "sin cabecera"}, "x.md:1: "),
    ],
)
def test_invalid_content_is_422_with_a_readable_message(client, committee, scene, web_store, path, data, message):
    before = counts(web_store)
    body = error_of(client.post(path, json=data, headers=committee), 422)
    assert message in body["error"]
    assert counts(web_store) == before


def test_an_unknown_language_names_the_code_in_the_detail(client, committee):
    data = {"slug": "nuevo", "titles": {"es": "N"}, "source_language": "de"}
    assert error_of(client.post("/api/processes", json=data, headers=committee), 422)["detail"] == {"code": "de"}


def test_a_malformed_concept_note_names_file_and_line(client, committee):
    note = '---\ntitle: "T"\nstarts_at: "2021-10-07T10:00:00+03:00"\nends_at: "ayer"\n---\nTexto\n'
    body = error_of(
        client.post(
            "/api/processes/kutahya/sessions/import", json={"filename": "nota.md", "text": note}, headers=committee
        ),
        422,
    )
    assert body["detail"] == {"file": "nota.md", "line": 4}
    assert body["error"].startswith("nota.md:4: ")


def test_a_body_larger_than_the_limit_is_413(db_url):
    app = create_app(
        Settings.from_env({}, database_url=db_url, secret_key="k" * 32, max_body_bytes=1000, jobs_in_process=False)
    )
    make_people(app.state.db)
    with TestClient(app) as client:
        headers = token_headers(client, "committee@example.org")
        small = {"slug": "pequeno", "titles": {"es": "P"}, "source_language": "es"}
        assert client.post("/api/processes", json=small, headers=headers).status_code == 201
        big = {"slug": "grande", "titles": {"es": "G" * 2000}, "source_language": "es"}
        error_of(client.post("/api/processes", json=big, headers=headers), 413)
        assert client.get("/api/processes/grande", headers=headers).status_code == 404
        # Said in the reader's language, the limit too (Litestar's own detail is English only).
        for language, error, detail in (
            (
                "fr",
                "La requête est trop volumineuse.",
                "Le corps de la requête dépasse {}, le maximum que ce serveur accepte.",
            ),
            (
                "es",
                "La solicitud es demasiado grande.",
                "El cuerpo de la solicitud supera {}, el máximo que acepta este servidor.",
            ),
            ("en", "The request is too large.", "The request body is over {}, the most this server accepts."),
        ):
            with i18n.locale_scope(language):
                size = i18n.format_size(1000)  # 1 ko, 1 kB: CLDR's spaces
            refused = error_of(
                client.post("/api/processes", json=big, headers={**headers, "Accept-Language": language}), 413
            )
            assert refused == {"error": error, "detail": detail.format(size)}
        page = client.post(
            "/signin",
            content=b"email=" + b"x" * 2000,
            headers={"Accept-Language": "fr", "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert (
            page.status_code == 413
            and "Le corps de la requête dépasse" in page.text
            and "Request Entity Too Large" not in page.text
        )


def test_a_wrong_method_is_405_in_json_saying_which_methods_the_path_has(client, committee):
    refused = client.delete("/api/me", headers=committee)
    error_of(refused, 405)
    assert {m.strip() for m in refused.headers["allow"].split(",")} >= {"GET"} and "DELETE" not in refused.headers[
        "allow"
    ]
    listed = client.patch("/api/processes", headers=committee)
    assert listed.status_code == 405 and {"GET", "POST"} <= {m.strip() for m in listed.headers["allow"].split(",")}


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/api/processes/kutahya/sessions", {**SESSION_JSON, "capacity": 10**20}),
        ("post", "/api/processes/kutahya/sessions", {**SESSION_JSON, "capacity": 3 * 10**9}),
        (
            "post",
            "/api/processes/kutahya/sessions",
            {**SESSION_JSON, "starts_at": "0001-01-01T00:00:00+05:00", "ends_at": "0001-01-01T01:00:00+05:00"},
        ),
        (
            "post",
            "/api/processes/kutahya/sessions",
            {**SESSION_JSON, "starts_at": "9999-12-31T23:00:00-05:00", "ends_at": "9999-12-31T23:30:00-05:00"},
        ),
        ("post", "/api/processes", {"slug": "p", "titles": {"es": "T"}, "source_language": "es", "place": "x" * 300}),
        ("delete", "/api/processes/kutahya/members/no-es-un-correo", None),
        ("put", "/api/me/locale", {"locale": "xx-YY"}),
    ],
    ids=["huge-capacity", "int32-capacity", "year-1", "year-10000", "long-place", "not-an-email", "bad-locale"],
)
def test_out_of_range_values_are_422_not_500(client, committee, server_errors, method, path, data):
    response = getattr(client, method)(path, headers=committee, **({"json": data} if data is not None else {}))
    error_of(response, 422)
    assert not server_errors.records


@pytest.mark.parametrize(
    ("method", "path", "name"),
    [
        ("delete", "/api/tokens/99999999999999999999", "token_id"),
        ("delete", "/api/tokens/0", "token_id"),
        ("get", "/api/processes/kutahya/recommendations?offset=99999999999999999999", "offset"),
        ("get", "/api/processes/kutahya/amendments/99999999999", "number"),  # 7, A7, D3: ten digits at most
        ("get", "/api/processes/kutahya/activity?limit=0", "limit"),
    ],
)
def test_a_number_outside_its_documented_range_is_400_naming_it(client, committee, server_errors, method, path, name):
    """Refused before any lookup, as the OpenAPI document says (minimum, maximum): what the database holds."""
    response = getattr(client, method)(path, headers=committee)
    detail = error_of(response, 400)
    assert name in str(detail)
    assert not server_errors.records


def test_a_query_parameter_the_operation_does_not_take_is_400_not_ignored(client, committee, scene):
    """A misspelt filter would otherwise answer the whole list, read as the filtered one."""
    misspelt = error_of(client.get("/api/processes/kutahya/recommendations?stauts=open", headers=committee), 400)
    assert (
        misspelt["error"]
        == "Unknown query parameter “stauts”: this operation takes limit, offset, q, session, status, theme."
    )
    assert misspelt["detail"] == {"parameter": "stauts"}
    none_taken = error_of(client.get("/api/processes/kutahya/sessions?page=2", headers=committee), 400)
    assert none_taken["error"] == "This operation takes no query parameter (“page” was given)."
    twice = error_of(client.get("/api/processes/kutahya/amendments?version=1&version=2", headers=committee), 400)
    assert twice["error"] == "The query parameter “version” is given more than once."
    # Each in the reader's language; what the operation takes is still answered, an empty filter filters nothing.
    french = client.get(
        "/api/processes/kutahya/recommendations?stauts=open", headers={**committee, "Accept-Language": "fr"}
    )
    assert french.status_code == 400 and "stauts" in french.json()["error"] and "Unknown" not in french.json()["error"]
    every = client.get("/api/processes/kutahya/recommendations?status=", headers=committee)
    assert every.status_code == 200 and [r["ref"] for r in every.json()["items"]] == [scene["recommendation"]]
    # Pages keep their own query strings (a form's leftovers): only the API refuses.
    assert client.get("/p/kutahya?utm_source=mail").status_code in (200, 303)


def test_a_recommendation_body_naming_another_session_is_422(client, committee, scene):
    other = client.post(
        "/api/processes/kutahya/sessions/alianzas/recommendations",
        json={"text": "Agua", "session": "otra"},
        headers=committee,
    )
    assert error_of(other, 422)["error"] == (
        "A new recommendation belongs to the session of its path, “alianzas”, not to “otra”."
    )
    same = client.post(
        "/api/processes/kutahya/sessions/alianzas/recommendations",
        json={"text": "Agua", "session": "alianzas"},
        headers=committee,
    )
    assert same.status_code == 201 and same.json()["session_ref"] == "alianzas"


def test_a_state_filter_on_a_translation_file_is_422(client, committee):
    response = client.get("/api/processes/kutahya/translations/en.xlf?state=missing", headers=committee)
    assert error_of(response, 422)["error"] == "A file holds every paragraph: the “state” filter is for the list."


def test_no_route_answers_a_500_to_odd_but_harmless_requests(client, committee, scene, server_errors):
    rec = scene["recommendation"]
    for method, path, data in [
        ("get", "/api/processes/%C3%BC", None),
        ("get", "/api/processes/kutahya/recommendations?limit=-5&offset=-5", None),
        ("get", "/api/processes/kutahya/activity?limit=100000000", None),
        ("get", "/api/processes/kutahya/recommendations?q=%25%5F%5C", None),
        ("put", f"/api/processes/kutahya/recommendations/{rec}", {"text": "t", "session": "nowhere"}),
        ("post", "/api/processes/kutahya/sessions/alianzas/recommendations", {"text": "x" * 20_001}),
        # a superscript one is a digit to str.isdigit, and no number to int()
        ("get", "/api/processes/kutahya/versions/%C2%B9", None),
        ("get", "/api/processes/kutahya/versions/%C2%B9/download", None),
        ("get", "/api/processes/kutahya/paragraphs/op_1/history?version=%C2%B9", None),
        ("post", "/api/processes/kutahya/versions", {"label": "Rev.9", "labels": {"en": "\u00b9"}}),
    ]:
        response = getattr(client, method)(path, headers=committee, **({"json": data} if data is not None else {}))
        assert response.status_code < 500, (path, response.text)
        if response.status_code >= 400:
            assert set(response.json()) == {"error", "detail"}
    assert not server_errors.records


def test_a_store_too_busy_to_write_is_503_with_retry_after(client, committee, monkeypatch):
    from workspace.domain.errors import Busy
    from workspace.services.declaration import draft

    def busy(*args, **kwargs):
        raise Busy("Accord is busy with other changes; please try again in a moment.")

    monkeypatch.setattr(draft, "circulate", busy)
    response = client.post("/api/processes/kutahya/versions", json={"label": "Rev.1"}, headers=committee)
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert response.json()["error"].startswith("Accord is busy")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        # Deep where the body takes any value (a list where an object is due is refused at its first bracket).
        (b'{"confirm": "kutahya", "keep_published": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
        (b'{"confirm": "a\xff\xfe", "keep_published": false}', "not UTF-8"),
    ],
)
def test_bodies_the_decoder_gives_up_on_are_400_with_a_reason(client, committee, body, reason):
    headers = {**committee, "content-type": "application/json"}
    response = client.request("DELETE", "/api/processes/kutahya", content=body, headers=headers)
    assert response.status_code == 400 and reason in response.json()["detail"]


def test_a_body_takes_json_values_as_they_are_a_number_is_no_boolean(client, committee):
    """Issue 65, finding 8: `1` and `0` were taken for booleans (and "5" for a number): Litestar converts a body's
    values leniently, as query parameters need. Every API body is now decoded with JSON's own types."""
    process = client.get("/api/processes/kutahya", headers=committee).json()
    body = {"titles": process["titles"], "source_language": process["source_language"]}
    for value, got in ((1, "a whole number"), (0, "a whole number"), ("true", "text")):
        refused = client.put("/api/processes/kutahya", json={**body, "members_see_emails": value}, headers=committee)
        said = {"message": f"Expected true or false, got {got}.", "key": "members_see_emails", "source": "body"}
        assert refused.status_code == 400 and refused.json()["detail"] == [said], refused.text
    circulated = client.post(
        "/api/processes/kutahya/versions", json={"label": "Rev.1", "renumber": 1}, headers=committee
    )
    assert circulated.status_code == 400 and circulated.json()["detail"][0]["key"] == "renumber", circulated.text
    assert client.get("/api/processes/kutahya", headers=committee).json() == process
    assert client.get("/api/processes/kutahya/versions", headers=committee).json() == []
    taken = client.put("/api/processes/kutahya", json={**body, "members_see_emails": True}, headers=committee)
    assert taken.status_code == 200 and taken.json()["members_see_emails"] is True, taken.text
    # A whole number is one as JSON Schema counts them (2.0 too), never as text.
    assert client.post("/api/inbox/read", json={"ids": [2.0]}, headers=committee).status_code == 201
    text = client.post("/api/inbox/read", json={"ids": ["2"]}, headers=committee)
    assert text.status_code == 400 and text.json()["detail"][0]["key"] == "ids[0]", text.text


@pytest.mark.parametrize(
    ("field", "value", "line"), [("organisers", "5", 5), ("languages", "12", 5), ("theme", "[1]", 5)]
)
def test_a_concept_note_field_of_the_wrong_type_is_422_with_file_and_line(
    client, committee, web_store, field, value, line
):
    note = (
        '---\ntitle: "T"\nstarts_at: "2021-10-07T10:00:00+03:00"\nends_at: "2021-10-07T11:00:00+03:00"\n'
        f"{field}: {value}\n---\nTexto\n"
    )
    before = counts(web_store)
    body = error_of(
        client.post(
            "/api/processes/kutahya/sessions/import", json={"filename": "nota.md", "text": note}, headers=committee
        ),
        422,
    )
    assert body["detail"] == {"file": "nota.md", "line": line}
    assert counts(web_store) == before


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x9f"])
def test_a_version_file_with_a_control_character_is_422_with_file_and_line_on_both_backends(
    client, committee, web_store, char
):
    text = f'---\nlabel: "Cero"\n---\n# Preámbulo\n\n1. Uno.\n2. Dos{char} y tres.\n'
    before = counts(web_store)
    body = error_of(
        client.post(
            "/api/processes/kutahya/versions/import", json={"filename": "cero.md", "text": text}, headers=committee
        ),
        422,
    )
    assert body["detail"] == {"file": "cero.md", "line": 7}
    assert body["error"].startswith("cero.md:7: ")
    assert counts(web_store) == before


def test_a_version_file_without_paragraph_names_the_file(client, committee):
    body = error_of(
        client.post(
            "/api/processes/kutahya/versions/import",
            json={"filename": "vacio.md", "text": '---\nlabel: "Cero"\n---\n'},
            headers=committee,
        ),
        422,
    )
    assert body["detail"]["file"] == "vacio.md" and body["error"].startswith("vacio.md:")
