"""A whole consultation through the JSON API, as a script of the secretariat would drive it."""

from __future__ import annotations

import csv
import io

from tests.conftest import PASSWORD

NOTE = """---
title: "Justicia climática"
starts_at: "2021-10-06T14:00:00+02:00"
ends_at: "2021-10-06T15:30:00+02:00"
place: "Kütahya"
organisers: ["CGLU"]
languages: ["es", "en", "fr"]
capacity: 60
theme: "Clima"
---
Las ciudades intermedias ante la emergencia climática.
"""


def token(client, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/auth/token", json={"email": email, "password": password, "name": "flujo"})
    assert response.status_code == 201, response.text
    assert response.json()["token"].startswith("acc_")
    return {"Authorization": f"Bearer {response.json()['token']}"}


def ok(response, status: int = 200):
    assert response.status_code == status, response.text
    return response.json()


def test_a_consultation_from_the_first_session_to_the_csv(client, web_people, web_store):
    lucia = token(client, "outsider@example.org")  # anyone signed in may open a process

    # 1. open the process: the creator is its committee
    process = ok(
        client.post(
            "/api/processes",
            headers=lucia,
            json={
                "slug": "kutahya-2021",
                "titles": {"es": "Declaración de Kütahya", "fr": "Déclaration de Kütahya"},
                "source_language": "es",
                "languages": ["es", "en", "fr"],
                "timezone": "Europe/Istanbul",
                "places": {"es": "Kütahya, Turquía", "en": "Kütahya, Türkiye", "fr": "Kütahya, Turquie"},
            },
        ),
        201,
    )
    assert (process["slug"], process["my_role"]) == ("kutahya-2021", "committee")
    assert process["places"] == {"es": "Kütahya, Turquía", "en": "Kütahya, Türkiye", "fr": "Kütahya, Turquie"}
    assert "decide_recommendation" in process["can"]

    # 2. invite a member (nothing is made for a new address until it accepts) and an existing translator
    invited = ok(
        client.post(
            "/api/processes/kutahya-2021/members",
            headers=lucia,
            json={"email": "Tomas@Ciudad.example", "name": "Tomás", "role": "member"},
        ),
        201,
    )
    assert {k: invited[k] for k in ("email", "name", "role", "languages", "status")} == {
        "email": "tomas@ciudad.example",
        "name": "",
        "role": "member",
        "languages": [],
        "status": "invited",
    }
    link = invited["invitation"].split("/invitations/", 1)[1]
    assert invited["invitation"].startswith(
        "http://127.0.0.1:8000/invitations/"
    )  # the public URL, not the request's host
    translator_link = ok(
        client.post(
            "/api/processes/kutahya-2021/members",
            headers=lucia,
            json={"email": "translator@example.org", "role": "translator", "languages": ["fr"]},
        ),
        201,
    )["invitation"]
    assert client.post("/api/auth/token", json={"email": "tomas@ciudad.example", "password": ""}).status_code == 401
    assert ok(client.get(f"/api/invitations/{link}"))["role"] == "member"
    assert ok(
        client.post(f"/api/invitations/{link}", json={"name": "Tomás", "password": "contraseña de Tomás"}), 201
    ) == {"slug": "kutahya-2021"}
    tomas = token(client, "tomas@ciudad.example", "contraseña de Tomás")
    translator = token(client, "translator@example.org", PASSWORD)
    ok(client.post(f"/api/invitations/{translator_link.rsplit('/', 1)[1]}/accept", headers=translator), 201)
    members = ok(client.get("/api/processes/kutahya-2021/members", headers=lucia))
    assert {m["email"]: m["role"] for m in members} == {
        "outsider@example.org": "committee",
        "tomas@ciudad.example": "member",
        "translator@example.org": "translator",
    }
    # A member sees who is in, and no address but their own (unless the committee allows it).
    members = ok(client.get("/api/processes/kutahya-2021/members", headers=tomas))
    assert sorted((m["name"], m["email"]) for m in members) == [
        ("Outsider", None),
        ("Tomás", "tomas@ciudad.example"),
        ("Translator", None),
    ]

    # 3. record two sessions: one from a form (local time in the process zone), one from a concept note
    opening = ok(
        client.post(
            "/api/processes/kutahya-2021/sessions",
            headers=lucia,
            json={
                "title": "Apertura: territorios igualitarios",
                "starts_at": "2021-10-06T10:00",
                "ends_at": "2021-10-06T11:00",
                "organisers": ["CGLU", "Municipio de Kütahya"],
                "languages": ["es", "en"],
                "capacity": 200,
            },
        ),
        201,
    )
    assert (opening["ref"], opening["starts_at"], opening["utc_offset_minutes"]) == (
        "apertura-territorios-igualitarios",
        "2021-10-06T10:00:00+03:00",
        180,
    )
    climate = ok(
        client.post(
            "/api/processes/kutahya-2021/sessions/import", headers=lucia, json={"filename": "clima.md", "text": NOTE}
        ),
        201,
    )
    assert (climate["ref"], climate["starts_at"], climate["capacity"]) == ("clima", "2021-10-06T14:00:00+02:00", 60)
    assert ok(client.get("/api/processes/kutahya-2021/sessions/clima", headers=tomas)) == climate
    assert [s["ref"] for s in ok(client.get("/api/processes/kutahya-2021/sessions", headers=tomas))] == [
        "apertura-territorios-igualitarios",
        "clima",
    ]

    # 4. the member brings recommendations; the translator may not
    first = ok(
        client.post(
            "/api/processes/kutahya-2021/sessions/clima/recommendations",
            headers=tomas,
            json={
                "text": "Crear fondos climáticos accesibles a las ciudades intermedias.",
                "organisation": "Ciudad de Tomás",
                "themes": ["Clima", "Financiación"],
            },
        ),
        201,
    )
    assert (first["ref"], first["language"], first["themes"], first["status"], first["created_by"]) == (
        "clima-r01",
        "es",
        ["clima", "financiación"],
        "open",
        "Tomás",
    )
    second = ok(
        client.post(
            "/api/processes/kutahya-2021/sessions/apertura-territorios-igualitarios/recommendations",
            headers=tomas,
            json={"text": "Garantizar la igualdad territorial.", "themes": ["igualdad"]},
        ),
        201,
    )
    translator = token(client, "translator@example.org")
    assert (
        client.post(
            "/api/processes/kutahya-2021/sessions/clima/recommendations", headers=translator, json={"text": "No puedo"}
        ).status_code
        == 403
    )
    edited = ok(
        client.put(
            f"/api/processes/kutahya-2021/recommendations/{first['ref']}",
            headers=tomas,
            json={
                "text": "Crear fondos climáticos directos para las ciudades intermedias.",
                "organisation": "Ciudad de Tomás",
                "themes": ["clima", "financiación"],
            },
        )
    )
    assert edited["text"].startswith("Crear fondos climáticos directos")
    assert edited["created_by"] == "Tomás" and edited["updated_at"] > first["updated_at"]

    # 5. filter
    page = ok(client.get("/api/processes/kutahya-2021/recommendations", headers=translator, params={"theme": "CLIMA"}))
    assert ([i["ref"] for i in page["items"]], page["total"]) == (["clima-r01"], 1)
    assert page["items"][0]["created_by"] == "Tomás"
    page = ok(
        client.get(
            "/api/processes/kutahya-2021/recommendations",
            headers=translator,
            params={"q": "IGUALDAD territorial", "status": "open"},
        )
    )
    assert [i["ref"] for i in page["items"]] == [second["ref"]]
    assert page["themes"] == ["clima", "financiación", "igualdad"]

    # 6. decide: the member may not, the committee does, and a refusal needs a reason
    decision = f"/api/processes/kutahya-2021/recommendations/{second['ref']}/decision"
    assert client.post(decision, headers=tomas, json={"status": "incorporated"}).status_code == 403
    assert client.post(decision, headers=lucia, json={"status": "not_retained"}).status_code == 422
    decided = ok(client.post(decision, headers=lucia, json={"status": "not_retained", "reason": "Ya en op_2."}))
    assert (decided["status"], decided["reason"], decided["created_by"]) == ("not_retained", "Ya en op_2.", "Tomás")
    assert decided["updated_at"] > decided["created_at"]
    assert (
        client.put(
            f"/api/processes/kutahya-2021/recommendations/{second['ref']}", headers=tomas, json={"text": "Otra vez"}
        ).status_code
        == 403
    )
    page = ok(
        client.get("/api/processes/kutahya-2021/recommendations", headers=tomas, params={"status": "not_retained"})
    )
    assert [i["ref"] for i in page["items"]] == [second["ref"]]
    assert page["counts"] == {"open": 1, "not_retained": 1}

    # 7. the CSV, filtered as the list
    response = client.get("/api/processes/kutahya-2021/recommendations.csv", headers=tomas, params={"session": "clima"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="kutahya-2021-recommendations.csv"'
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0].keys() == {
        "ref",
        "session_ref",
        "session_title",
        "language",
        "author",
        "organisation",
        "themes",
        "status",
        "reason",
        "text",
    }
    assert [(r["ref"], r["session_title"], r["themes"], r["status"]) for r in rows] == [
        ("clima-r01", "Justicia climática", "clima; financiación", "open")
    ]

    # 8. the audit trail tells the story, newest first
    activity = ok(client.get("/api/processes/kutahya-2021/activity", headers=tomas))
    assert [a["verb"] for a in activity][:3] == [
        "recommendation.decided",
        "recommendation.edited",
        "recommendation.added",
    ]
    assert activity[-1]["verb"] == "process.created" and activity[-1]["actor"] == "Outsider"

    # 9. and the process stays invisible to people outside it
    assert client.get("/api/processes/kutahya-2021", headers=token(client, "observer@example.org")).status_code == 404
