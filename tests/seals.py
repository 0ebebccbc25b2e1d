"""An organisation's certificate for the PDF seal's tests: a PKCS#12 file made here, as an organisation's IT would
export theirs (a key, its self-signed certificate, a password)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "sello-de-la-secretaría"
HOLDER = "Secretaría Mundial de CGLU"


def certificate_file(folder: Path, kind: str = "rsa", password: str = PASSWORD) -> Path:
    """A PKCS#12 file in `folder` holding a `kind` ("rsa" or "ec") key and its certificate, named HOLDER."""
    key = rsa.generate_private_key(65537, 2048) if kind == "rsa" else ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, HOLDER), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CGLU")]
    )
    now = datetime.now(UTC)
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
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / f"seal-{kind}.p12"
    encryption = serialization.BestAvailableEncryption(password.encode())
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"seal", key, certificate, None, encryption))
    return path


def certificate_of(path: Path, password: str = PASSWORD) -> x509.Certificate:
    _key, certificate, _others = pkcs12.load_key_and_certificates(path.read_bytes(), password.encode())
    assert certificate is not None
    return certificate
