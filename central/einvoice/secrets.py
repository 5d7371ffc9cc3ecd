"""Provider credentials encrypted at rest (Fernet, from the `cryptography` package).

The key is the server's, not the database's: `OCOP_SERVER_EINVOICE_KEY` (a Fernet key, made with
`main.py server einvoice-key`), so a copied database or backup alone does not give away a seller's
provider password. Without the key the server still runs, but can neither save nor use credentials:
the sender keeps such a seller's invoices queued with that reason.
"""
from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken


class NoKey(RuntimeError):
    """No (valid) encryption key configured: credentials cannot be stored or read."""


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _fernet(key: str) -> Fernet:
    if not key:
        raise NoKey("OCOP_SERVER_EINVOICE_KEY is not set: e-invoice credentials cannot be stored or used")
    try:
        return Fernet(key.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise NoKey(f"OCOP_SERVER_EINVOICE_KEY is not a valid Fernet key: {exc}") from None


def seal(key: str, secret: str) -> str:
    """The text stored in einvoice_sellers.secret ('' stays '': no credential)."""
    return _fernet(key).encrypt(secret.encode("utf-8")).decode("ascii") if secret else ""


def unseal(key: str, sealed: str) -> str:
    if not sealed:
        return ""
    try:
        return _fernet(key).decrypt(sealed.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise NoKey("the stored credential does not open with OCOP_SERVER_EINVOICE_KEY (key changed?)") from None
