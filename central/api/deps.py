"""Request dependencies: a database transaction, and who is calling (a kiosk or a person)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from central import models as m
from central import security
from central.clock import utc_now_iso

# Write endpoints open their own `engine.begin()` inside the handler so the commit happens
# before the reply is sent (a yield-dependency's exit may run after it): an acknowledged event
# must already be durable.


# The two kinds of caller, as the OpenAPI document's security schemes (central/api/spec.py adds the
# 401/403 replies to each route that names one). auto_error off: the checks below answer.
device_scheme = HTTPBearer(scheme_name="device", auto_error=False,
                           description="a kiosk's token, from POST /api/v1/enroll")
user_scheme = HTTPBearer(scheme_name="user", auto_error=False,
                         description="a person's session token, from POST /api/v1/auth/login (the office's "
                                     "JSON API also takes the dashboard's session cookie)")
Scheme = HTTPAuthorizationCredentials | None


@dataclass
class Device:
    code: str
    location_code: str
    kind: str


@dataclass
class User:
    id: int
    username: str
    role: str


def _bearer(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing bearer token",
                            headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def current_device(request: Request, _: Annotated[Scheme, Depends(device_scheme)]) -> Device:
    token = _bearer(request)
    if not token.startswith(security.DEVICE_PREFIX):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this endpoint is for kiosks")
    with request.app.state.engine.connect() as conn:
        row = conn.execute(sa.select(m.devices.c.code, m.devices.c.location_code, m.devices.c.kind,
                                     m.devices.c.revoked_at)
                           .where(m.devices.c.token_hash == security.token_hash(token))).first()
    if row is None or row.revoked_at:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown or revoked device token",
                            headers={"WWW-Authenticate": "Bearer"})
    return Device(row.code, row.location_code, row.kind)


def current_user(request: Request, _: Annotated[Scheme, Depends(user_scheme)]) -> User:
    token = _bearer(request)
    if not token.startswith(security.USER_PREFIX):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this endpoint is for central-office users")
    with request.app.state.engine.connect() as conn:
        row = conn.execute(
            sa.select(m.users.c.id, m.users.c.username, m.users.c.role, m.users.c.active,
                      m.user_tokens.c.expires_at, m.user_tokens.c.revoked_at)
            .select_from(m.user_tokens.join(m.users, m.users.c.id == m.user_tokens.c.user_id))
            .where(m.user_tokens.c.token_hash == security.token_hash(token))
        ).first()
    if row is None or row.revoked_at or not row.active or row.expires_at < utc_now_iso():
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown, expired or revoked session",
                            headers={"WWW-Authenticate": "Bearer"})
    if row.role == "producer":  # a producer's portal login (central/portal/) reads nothing of the office
        raise HTTPException(status.HTTP_403_FORBIDDEN, "this endpoint is for central-office staff")
    return User(row.id, row.username, row.role)


def require_role(*roles: str):
    def check(user: Annotated[User, Depends(current_user)]) -> User:
        if user.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"needs role {' or '.join(roles)}")
        return user
    return check


CurrentDevice = Annotated[Device, Depends(current_device)]
CurrentUser = Annotated[User, Depends(current_user)]
Admin = Annotated[User, Depends(require_role("admin"))]
