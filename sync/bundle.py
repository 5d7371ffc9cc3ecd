"""Offline bundles: a kiosk's unsynced events in a file (a USB stick from a fair without
internet), signed with the kiosk's Ed25519 key so the server can tell it came from that kiosk
and was not changed on the way. The server holds only the public key (sent at enrollment), so a
copy of the central database cannot forge a bundle.

File: JSON {"format", "alg": "ed25519", "body": "<JSON text>", "signature": "<hex>"}; the signature
is over the UTF-8 bytes of `body` exactly as written. The centre's files for a kiosk (its catalog
bundle, its acknowledgement of a kiosk's bundle: sync/fair.py, docs/fair_bundles.md) have the same
outer shape under their own format names, signed with the centre's key (`sign`, `open_signed`)."""
from __future__ import annotations

import json
from pathlib import Path

import msgspec
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .protocol import Envelope

FORMAT = "ocop-pos-bundle/1"
CENTRE_FORMAT = "ocop-pos-centre-bundle/1"  # the centre's catalog (its pull) for one kiosk
ACK_FORMAT = "ocop-pos-ack/1"               # the centre's acknowledgement of a kiosk's bundle
MAX_BUNDLE_BYTES = 512 * 1024 * 1024


class BundleError(ValueError):
    pass


class Body(msgspec.Struct):
    """What the server reads of a bundle's body (the rest is for people looking at the file)."""
    device_code: str
    events: list[Envelope]  # any number: the server ingests them in chunks
    catalog_cursor: int | None = None  # the catalog the kiosk held when it wrote the file


def new_keypair() -> tuple[str, str]:
    """(private hex, public hex)."""
    key = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization as ser

    priv = key.private_bytes(ser.Encoding.Raw, ser.PrivateFormat.Raw, ser.NoEncryption()).hex()
    pub = key.public_key().public_bytes(ser.Encoding.Raw, ser.PublicFormat.Raw).hex()
    return priv, pub


def sign(private_hex: str, fmt: str, body: dict) -> bytes:
    """A signed file of format `fmt` holding `body` (which names the format too, so a signature
    made for one kind of file cannot be passed off as another)."""
    text = json.dumps({"format": fmt, **body}, ensure_ascii=False, separators=(",", ":"))
    sig = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex)).sign(text.encode("utf-8")).hex()
    return json.dumps({"format": fmt, "alg": "ed25519", "body": text, "signature": sig},
                      ensure_ascii=False).encode("utf-8")


def open_signed(raw: bytes, fmt: str, public_hex: str) -> dict:
    """The body of a file of format `fmt`, only once its signature verified with `public_hex`."""
    if len(raw) > MAX_BUNDLE_BYTES:
        raise BundleError("bundle too large")
    try:
        outer = json.loads(raw.decode("utf-8"))
        text, sig = outer["body"], outer["signature"]
        if outer.get("format") != fmt or outer.get("alg") != "ed25519" or not isinstance(text, str):
            raise BundleError(f"not an {fmt} file")
    except BundleError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        raise BundleError(f"not a readable file: {exc}") from None
    verify(public_hex, text, str(sig))
    body = json.loads(text)
    if not isinstance(body, dict) or body.get("format") != fmt:
        raise BundleError(f"not an {fmt} file")
    return body


def sign_events(private_hex: str, device_code: str, events: list[dict], created_at: str,
                **extra) -> bytes:
    body = json.dumps({"format": FORMAT, "device_code": device_code, "created_at": created_at,
                       "first_seq": events[0]["seq"] if events else 0,
                       "last_seq": events[-1]["seq"] if events else 0,
                       "count": len(events), **extra, "events": events}, ensure_ascii=False, separators=(",", ":"))
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
