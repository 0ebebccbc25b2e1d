"""An organisation's certificate for the PDF seal's tests: a PKCS#12 file made here, as an organisation's IT would
export theirs (a key, its self-signed certificate, a password)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.certificates import self_signed

PASSWORD = "sello-de-la-secretaría"
HOLDER = "Secretaría Mundial de CGLU"


def certificate_file(
    folder: Path, kind: str = "rsa", password: str = PASSWORD, valid: tuple[int, int] = (-1, 365)
) -> Path:
    """A PKCS#12 file in `folder` holding a `kind` ("rsa" or "ec") key and its certificate, named HOLDER, valid from
    and until the days `valid` counts from today."""
    key = rsa.generate_private_key(65537, 2048) if kind == "rsa" else ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, HOLDER), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CGLU")]
    )
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = self_signed(key, name, (timedelta(days=valid[0]), timedelta(days=valid[1])), (usage, True))
    path = folder / f"seal-{kind}-{valid[0]}-{valid[1]}.p12"
    encryption = serialization.BestAvailableEncryption(password.encode())
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"seal", key, certificate, None, encryption))
    return path


def certificate_of(path: Path, password: str = PASSWORD) -> x509.Certificate:
    _key, certificate, _others = pkcs12.load_key_and_certificates(path.read_bytes(), password.encode())
    assert certificate is not None
    return certificate


def validated(signature: Any, certificate: Path) -> Any:
    """pyHanko's validation of an embedded `signature` with the organisation's `certificate` as the trusted root. In a
    thread of its own: pyHanko validates through asyncio.run, which refuses a thread that runs an event loop (a test
    process's Playwright, after the browser tests)."""
    root = asn1_x509.Certificate.load(certificate_of(certificate).public_bytes(serialization.Encoding.DER))
    with ThreadPoolExecutor(1) as apart:
        return apart.submit(validate_pdf_signature, signature, ValidationContext(trust_roots=[root])).result()
