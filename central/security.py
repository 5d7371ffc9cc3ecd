"""Secrets: device tokens and enrollment codes are random and stored only as SHA-256 hashes
(they carry 190+ / 50 bits of entropy, so a fast hash is enough); people's passwords are chosen
by people, so they get scrypt with a per-user salt."""
from __future__ import annotations

import hashlib
import hmac
import secrets

DEVICE_PREFIX = "dk_"
USER_PREFIX = "us_"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def new_device_token() -> str:
    return DEVICE_PREFIX + secrets.token_urlsafe(32)


def new_user_token() -> str:
    return USER_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_enrollment_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def enrollment_hash(device_code: str, code: str) -> str:
    normal = code.replace("-", "").replace(" ", "").upper()
    return hashlib.sha256(f"{device_code}:{normal}".encode()).hexdigest()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt$16384$8$1${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(got.hex(), digest)
