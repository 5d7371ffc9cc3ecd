"""Signing a person in, for the office form and the API alike: throttled per address and per
username (central/throttle.py), and as slow for a username that does not exist as for one that
does (the password is checked against a dummy scrypt hash), so the timing does not tell which
usernames exist."""
from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from central import models as m
from central import security, throttle
from central.clock import utc_iso_in, utc_now_iso


@dataclass(frozen=True)
class Session:
    token: str
    expires_at: str
    username: str
    role: str


@functools.cache
def dummy_hash() -> str:
    """A scrypt hash of a random password nobody knows, made once per process (same cost as a real one)."""
    return security.hash_password(secrets.token_urlsafe(16))


def check(conn, username: str, password: str):
    """The active user with this password, else None; scrypt runs exactly once either way."""
    user = conn.execute(sa.select(m.users).where(m.users.c.username == username)).first()
    stored = user.password_hash if user is not None else dummy_hash()
    right = security.check_password(password, stored)
    return user if user is not None and user.active and right else None


def sign_in(engine, settings, address: str, username: str, password: str) -> Session | None:
    """A new session for the right password, None for a wrong one; raises throttle.Refused when
    this address or this username has had too many attempts."""
    throttle.attempt(engine, settings, "login", address, username)
    with engine.begin() as conn:
        user = check(conn, username, password)
        if user is not None:
            token = security.new_user_token()
            expires = utc_iso_in(settings.user_token_hours)
            conn.execute(sa.insert(m.user_tokens).values(token_hash=security.token_hash(token), user_id=user.id,
                                                         created_at=utc_now_iso(), expires_at=expires))
    if user is None:
        throttle.failed(engine, "login", address, username)
        return None
    throttle.succeeded(engine, settings, "login", address, username)
    return Session(token, expires, user.username, user.role)
