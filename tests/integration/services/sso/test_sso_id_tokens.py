"""The ID token's checks (issue 36), made by Authlib in services.sso: real tokens of a real OpenID provider
(tests/oidc_provider) for another audience and with another nonce, and tokens signed here with joserfc (the JOSE
library Authlib verifies with) for a wrong issuer, signature, algorithm and expiry. Each is refused naming its check;
the right token passes. A person's address is verified only by the source that gives it (finding 4 of issue 65),
on both backends."""

from __future__ import annotations

import json
import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, OctKey, RSAKey
from sqlalchemy import select

from tests.oidc_provider import ACCORD, LABEL, OTHER, TEST_URL, Client, sign_in_at_provider
from workspace.services.sso import OidcConfig, RefusedPerson, RefusedRequest, admin_claim_holds
from workspace.services.sso.claims import display_name, email_verified
from workspace.services.sso.errors import ProviderUnavailable
from workspace.services.sso.provider import Provider, provider_for
from workspace.store.models import User


def config_of(issuer: str, client: Client, redirect_uri: str) -> OidcConfig:
    return OidcConfig(issuer, client.client_id, client.client_secret, LABEL, False, "", redirect_uri)


def real_token(issuer: str, client: Client, redirect_uri: str) -> tuple[dict, str]:
    """A token response of the provider for `client` after a real sign-in, and its nonce."""
    provider = provider_for(config_of(issuer, client, redirect_uri))
    made = provider.start()
    answer = sign_in_at_provider(made["url"], "member", stop_at=redirect_uri)
    code = parse_qs(urlsplit(answer).query)["code"][0]
    return provider.exchange(code, made["code_verifier"]), made["nonce"]


def refused_check(provider: Provider, token: dict, nonce: str) -> str:
    with pytest.raises(RefusedRequest) as refused:
        provider.verify(token, nonce)
    assert refused.value.reason == "id_token"
    return refused.value.detail["check"]


def test_a_real_token_for_another_audience_or_with_another_nonce_is_refused(oidc_provider):
    accord = provider_for(config_of(oidc_provider.issuer, ACCORD, f"{TEST_URL}/auth/oidc/callback"))
    token, nonce = real_token(oidc_provider.issuer, ACCORD, f"{TEST_URL}/auth/oidc/callback")
    assert accord.verify(token, nonce)["sub"] == "member"
    assert refused_check(accord, token, "another sign-in's nonce") == "nonce"
    others, others_nonce = real_token(oidc_provider.issuer, OTHER, "http://other-app.test/callback")
    assert refused_check(accord, others, others_nonce) == "aud"  # a real token, signed by the provider, not for us


ISSUER = "https://id.example.org"


@cache
def key(name: str) -> RSAKey:
    """The provider's key ("provider"), or an impostor's under the same key id: made when a test first needs it."""
    return RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})


def signed(signer: object = None, header: dict | None = None, **claims: object) -> dict:
    signer = signer or key("provider")
    now = int(time.time())
    body = {"iss": ISSUER, "aud": ACCORD.client_id, "sub": "s-1", "nonce": "n-1", "iat": now, "exp": now + 300}
    body.update(claims)
    return {"id_token": jwt.encode(header or {"alg": "RS256", "kid": "k1"}, body, signer), "access_token": "a"}


def test_tokens_with_a_wrong_issuer_signature_algorithm_or_expiry_are_refused():
    provider = Provider(
        config_of(ISSUER, ACCORD, f"{TEST_URL}/auth/oidc/callback"),
        metadata={
            "issuer": ISSUER,
            "authorization_endpoint": f"{ISSUER}/auth",
            "token_endpoint": f"{ISSUER}/token",
            "jwks_uri": f"{ISSUER}/jwks",
            "jwks": KeySet([key("provider")]).as_dict(private=False),
            "id_token_signing_alg_values_supported": ["RS256"],
        },
    )
    assert provider.verify(signed(), "n-1")["sub"] == "s-1"
    assert refused_check(provider, signed(iss="https://impostor.example.org"), "n-1") == "iss"
    assert refused_check(provider, signed(key("impostor")), "n-1") == "signature"
    assert refused_check(provider, signed(exp=int(time.time()) - 600), "n-1") == "exp"
    assert refused_check(provider, signed(aud=["someone-else"]), "n-1") == "aud"
    assert refused_check(provider, signed(nonce=None), "n-1") == "nonce"
    # Signed with the client's own secret (HS256), as if the secret were the provider's key: not an algorithm it uses.
    hs256 = signed(OctKey.import_key(ACCORD.client_secret.encode() * 2), {"alg": "HS256", "kid": "k1"})
    assert refused_check(provider, hs256, "n-1") == "unsupported_algorithm"
    assert refused_check(provider, {"access_token": "a"}, "n-1") == "missing"
    assert refused_check(provider, {"id_token": "not.a.token", "access_token": "a"}, "n-1") == "decode_error"


def test_what_the_claims_say():
    assert email_verified({"email_verified": True}) and email_verified({"email_verified": "true"})
    assert email_verified({"xms_edov": True})  # Microsoft Entra ID's name for it
    assert not email_verified({"email_verified": 1}) and not email_verified({"email_verified": "false"})
    assert not email_verified({})
    assert admin_claim_holds({"groups": ["staff", "accord-admins"]}, "groups=accord-admins")
    assert not admin_claim_holds({"groups": ["staff"]}, "groups=accord-admins")
    assert admin_claim_holds({"role": "accord-admin"}, "role=accord-admin")
    assert admin_claim_holds({"accord_admin": True}, "accord_admin")
    assert not admin_claim_holds({"accord_admin": "yes"}, "accord_admin")
    assert admin_claim_holds({"realm_access": {"roles": ["accord-admin"]}}, "realm_access.roles=accord-admin")
    assert not admin_claim_holds({"realm_access": ["accord-admin"]}, "realm_access.roles=accord-admin")
    assert not admin_claim_holds({"flag": True}, "flag=True")  # a boolean is no text to compare
    assert display_name({"given_name": "Nora", "family_name": "Newcomer"}, "n@x.org") == "Nora Newcomer"
    assert display_name({"preferred_username": "nn"}, "n@x.org") == "nn"
    assert display_name({}, "nora@x.org") == "nora"


@pytest.mark.parametrize("body", ['{"sub": "s-1"}', "42", "[]", '"sub"', '[["sub", "s-1"]]', "null"])
def test_a_userinfo_that_is_no_json_object_is_an_unreadable_answer_not_a_crash(body):
    """A provider whose userinfo endpoint answers JSON that is no object: 502, the provider's answer cannot be read
    (a number was a 500, a list of pairs read as a person); an object is the person's claims."""

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Answer) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}"
        provider = Provider(
            config_of(ISSUER, ACCORD, f"{TEST_URL}/auth/oidc/callback"),
            metadata={
                "issuer": ISSUER,
                "authorization_endpoint": f"{url}/auth",
                "token_endpoint": f"{url}/token",
                "jwks_uri": f"{url}/jwks",
                "userinfo_endpoint": f"{url}/userinfo",
            },
        )
        token = {"access_token": "a", "token_type": "Bearer"}
        try:
            if body.startswith("{"):
                assert provider.userinfo(token) == {"sub": "s-1"}
                return
            with pytest.raises(ProviderUnavailable) as unreadable:
                provider.userinfo(token)
        finally:
            server.shutdown()
    assert unreadable.value.status == 502 and "cannot read" in str(unreadable.value.args[0])


def test_a_wrong_client_secret_is_a_setup_to_mend_not_a_used_code(oidc_provider):
    """The provider refuses Accord itself (invalid_client): 502, the sign-in set up wrongly, to tell an administrator;
    it read as "the code was used already" and sent the person to start again, in vain."""
    callback = f"{TEST_URL}/auth/oidc/callback"
    wrong = provider_for(config_of(oidc_provider.issuer, Client(ACCORD.client_id, "not the secret"), callback))
    made = wrong.start()
    answer = sign_in_at_provider(made["url"], "member", stop_at=callback)
    with pytest.raises(ProviderUnavailable) as refused:
        wrong.exchange(parse_qs(urlsplit(answer).query)["code"][0], made["code_verifier"])
    assert refused.value.status == 502 and refused.value.detail == {"error": "invalid_client"}
    assert "set up in a way Accord cannot use" in str(refused.value.args[0])


class _ForgedProvider(BaseHTTPRequestHandler):
    """A provider on loopback that answers what the test sets in `said`: its ID token's claims (signed with its own
    key, with the sign-in's nonce) and its userinfo."""

    said: ClassVar[dict[str, dict]] = {}

    def do_GET(self) -> None:
        issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path.endswith("/openid-configuration"):
            self._json(
                {
                    "issuer": issuer,
                    **{f"{name}_endpoint": f"{issuer}/{name}" for name in ("authorization", "token", "userinfo")},
                    "jwks_uri": f"{issuer}/jwks",
                    "id_token_signing_alg_values_supported": ["RS256"],
                }
            )
        elif self.path == "/jwks":
            self._json(KeySet([key("provider")]).as_dict(private=False))
        else:
            self._json(self.said["userinfo"])

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._json({**signed(iss=issuer, **self.said["id_token"]), "token_type": "Bearer"})

    def _json(self, value: object) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(value).encode())

    def log_message(self, *args: object) -> None:
        pass


def test_the_address_and_its_verification_come_from_one_source(store, people):
    """Issue 65, finding 4: an ID token saying only `email_verified: true` and a userinfo giving an existing account's
    address unverified signed in as that account. The address is verified only by a source that gives it."""
    from workspace.services.sso import flow

    with ThreadingHTTPServer(("127.0.0.1", 0), _ForgedProvider) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        issuer = f"http://127.0.0.1:{server.server_address[1]}"
        config = config_of(issuer, ACCORD, f"{TEST_URL}/auth/oidc/callback")

        def sign_in(id_token: dict, userinfo: dict):  # type: ignore[no-untyped-def]
            _ForgedProvider.said = {"id_token": id_token, "userinfo": userinfo}
            pending = {"nonce": "n-1", "verifier": "v" * 43, "next": "/processes", "at": int(time.time())}
            return flow.finish(store, config, {"code": "c", "state": "s"}, pending)

        try:
            member = people.member.email
            mixes = [
                ({"sub": "mix-1", "email_verified": True}, {"sub": "mix-1", "email": member, "email_verified": False}),
                ({"sub": "mix-2", "email": member}, {"sub": "mix-2", "email_verified": True}),
                ({"sub": "mix-3", "email": member, "email_verified": False}, {"sub": "mix-3", "email_verified": True}),
            ]
            for id_token, userinfo in mixes:
                with pytest.raises(RefusedPerson) as refused:
                    sign_in(id_token, userinfo)
                assert refused.value.reason == "unverified_email", (id_token, userinfo)
            with store.reader() as tx:
                assert tx.scalar(select(User.oidc_subject).where(User.email == member)) is None  # linked to no one
            # One source that gives the address and vouches for it: the ID token, or the userinfo naming it too.
            both = sign_in({"sub": "one", "email": member}, {"sub": "one", "email": member, "email_verified": True})
            assert both.actor.id == people.member.id
        finally:
            server.shutdown()
