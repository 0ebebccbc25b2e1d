"""A publication's manifest and its signature (domain/publication/signing.py), as properties: any manifest's bytes
are canonical and read back as that manifest; a signature verifies for those bytes only, under that key only; the
key number a signature names is its key's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.examples import examples
from workspace.domain.publication.signing import (
    Manifest,
    ManifestFile,
    key_id_of,
    manifest_of,
    new_key,
    signature,
    signed_by,
    verified,
)

PASSWORD = "the instance's secret key"
KEY = new_key(PASSWORD)
OTHER = new_key(PASSWORD)
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
files = st.lists(
    st.builds(ManifestFile, text, st.sampled_from(["application/pdf", "application/json"]), st.integers(0, 2**40),
              st.text("0123456789abcdef", min_size=64, max_size=64)),
    max_size=5,
)  # fmt: skip
manifests = st.builds(
    Manifest,
    process=text,
    publication=st.integers(1, 10_000),
    symbol=text,
    version=text,
    languages=st.lists(st.sampled_from(["es", "en", "fr"]), unique=True),
    published_at=st.just("2021-10-08T09:00:00Z"),
    published_by=st.none() | text,
    corrigendum_of=st.none() | st.integers(1, 9),
    files=files,
    signed_at=st.just("2026-11-30T10:00:00Z"),
    signed_later=st.booleans(),
    key_id=st.just(KEY.key_id),
    checkpoint=st.none() | st.fixed_dictionaries({"count": st.integers(1, 10**6), "head": st.text("0123456789abcdef")}),
    inside=st.none() | text,
)


@settings(max_examples=examples(200))
@given(manifests)
def test_a_manifests_bytes_read_back_as_that_manifest_and_are_the_same_each_time(manifest):
    data = manifest.data()
    assert manifest_of(data) == manifest and manifest.data() == data and data.endswith(b"}\n")
    assert (b'"inside"' in data) == (manifest.inside is not None)  # the publication's own manifest has no such field


@settings(max_examples=examples(50))
@given(manifests, st.integers(0, 10**6), st.integers(0, 7))
def test_a_signature_verifies_its_bytes_only_under_its_key_only(manifest, at, bit):
    data = manifest.data()
    signed = signature(KEY.secret, PASSWORD, data, manifest.trusted_comment())
    assert verified(KEY.public_key, data, signed) == manifest.trusted_comment()
    assert signed_by(signed) == KEY.key_id
    assert verified(OTHER.public_key, data, signed) is None
    flipped = bytearray(data)
    flipped[at % len(data)] ^= 1 << bit
    assert verified(KEY.public_key, bytes(flipped), signed) is None


def test_a_key_number_is_minisigns_and_what_is_no_manifest_is_none():
    import minisign

    assert key_id_of(minisign.PublicKey.from_base64(KEY.public_key)) == KEY.key_id and len(KEY.key_id) == 16
    assert (
        manifest_of(b"{}") is None
        and manifest_of(b"not json") is None
        and manifest_of(b'{"accord_manifest": 1}') is None
    )
    assert signed_by(b"one line") is None
