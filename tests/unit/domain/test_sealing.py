"""Secrets sealed with the instance's secret key (domain/sealing.py), as properties: what is sealed opens, with that
key and for that purpose only; one changed bit of what is kept and it opens no more; no two seals of a secret
alike (a nonce each); nothing sealed without a lasting key."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.errors import Conflict
from workspace.domain.sealing import PREFIX, Unsealed, is_sealed, lasting, seal, unseal

keys = st.text(min_size=1, max_size=64)
purposes = st.sampled_from(["webhook secret", "another purpose"])


@settings(max_examples=examples(200))
@given(keys, purposes, st.binary(max_size=64), st.data())
def test_a_sealed_secret_opens_with_its_key_and_purpose_only(key, purpose, secret, data):
    kept = seal(key, purpose, secret)
    assert is_sealed(kept) and kept.startswith(PREFIX) and "\n" not in kept
    assert unseal(key, purpose, kept) == secret and seal(key, purpose, secret) != kept
    other = data.draw(keys.filter(lambda k: k != key))
    with pytest.raises(Unsealed):
        unseal(other, purpose, kept)
    with pytest.raises(Unsealed):
        unseal(key, "webhook secret" if purpose != "webhook secret" else "another purpose", kept)
    raw = bytearray(base64.urlsafe_b64decode(kept.removeprefix(PREFIX)))
    raw[data.draw(st.integers(0, len(raw) - 1))] ^= 1 << data.draw(st.integers(0, 7))
    with pytest.raises(Unsealed):  # the nonce, the sealed bytes or the tag: any changed bit is caught
        unseal(key, purpose, PREFIX + base64.urlsafe_b64encode(bytes(raw)).decode())


def test_nothing_is_sealed_without_a_lasting_key():
    assert lasting("a kept key") == "a kept key"
    for none in (None, ""):
        with pytest.raises(Conflict, match="no lasting secret key"):
            lasting(none)
    assert not is_sealed("whsec_AAAA")
