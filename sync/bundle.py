"""Offline bundles: a kiosk's unsynced events in a file (a USB stick from a fair without
internet), signed with the kiosk's Ed25519 key so the server can tell it came from that kiosk
and was not changed on the way. The server holds only the public key (sent at enrollment), so a
copy of the central database cannot forge a bundle.

File: JSON {"format", "alg": "ed25519", "body": "<JSON text>", "signature": "<hex>"}; the signature
is over the UTF-8 bytes of `body` exactly as written."""
from __future__ import annotations

import json
from pathlib import Path

import msgspec
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .protocol import Envelope

FORMAT = "ocop-pos-bundle/1"
MAX_BUNDLE_BYTES = 512 * 1024 * 1024


class BundleError(ValueError):
    pass


class Body(msgspec.Struct):
    """What the server reads of a bundle's body (the rest is for people looking at the file)."""
    device_code: str
    events: list[Envelope]  # any number: the server ingests them in chunks


def new_keypair() -> tuple[str, str]:
    """(private hex, public hex)."""
    key = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization as ser

    priv = key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption()).hex()
    pub = key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw).hex()
    return priv, pub


def sign_events(private_hex: str, device_code: str, events: list[dict], created_at: str) -> bytes:
    body = json.dumps({"format": FORMAT, "device_code": device_code, "created_at": created_at,
                       "first_seq": events[0]["seq"] if events else 0,
                       "last_seq": events[-1]["seq"] if events else 0,
                       "count": len(events), "events": events}, ensure_ascii=False, separators=(",", ":"))
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
    sig = key.sign(body.encode("utf-8")).hex()
    return json.dumps({"format": FORMAT, "alg": "ed25519", "body": body, "signature": sig},
                      ensure_ascii=False).encode("utf-8")


def open_bundle(raw: bytes) -> tuple[Body, str, str]:
    """Parse without trusting (verify() before using it): returns (body, body text, signature hex),
    the body's events decoded as a push's are (sync/protocol.py), payloads still as written."""
    if len(raw) > MAX_BUNDLE_BYTES:
        raise BundleError("bundle too large")
    try:
        outer = json.loads(raw.decode("utf-8"))
        body_text, sig = outer["body"], outer["signature"]
        if outer.get("format") != FORMAT or outer.get("alg") != "ed25519":
            raise BundleError(f"not an {FORMAT} bundle")
        body = msgspec.json.decode(body_text, type=Body)
        bytes.fromhex(sig)
    except BundleError:
        raise
    except msgspec.ValidationError as exc:
        raise BundleError(f"bundle events malformed: {exc}") from None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError, msgspec.DecodeError) as exc:
        raise BundleError(f"not a readable bundle: {exc}") from None
    return body, body_text, sig


def verify(public_hex: str, body_text: str, sig: str) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(bytes.fromhex(sig),
                                                                            body_text.encode("utf-8"))
    except (InvalidSignature, ValueError):
        raise BundleError("signature does not match: the bundle was changed or is not from this kiosk") from None


def write_file(path: str | Path, data: bytes) -> None:
    """Write atomically: a half-written bundle on a pulled-out USB stick must not look whole."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        import os

        os.fsync(fh.fileno())
    tmp.replace(path)
