"""Central-office people sign in with a password and get a session token (kiosks never do)."""
from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from central import models as m
from central import security, signin, throttle
from central.api.client_address import client_address
from central.api.spec import errors
from central.api.deps import CurrentUser, _bearer
from central.clock import utc_now_iso

router = APIRouter(tags=["auth"])


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@router.post("/auth/login", **errors(401, 429))
def login(body: Login, request: Request) -> dict:
    try:
        got = signin.sign_in(request.app.state.engine, request.app.state.settings, client_address(request),
                             body.username, body.password)
    except throttle.Refused as exc:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS,
                            f"too many sign-in attempts; try again in {exc.retry_after} seconds",
                            headers={"Retry-After": str(exc.retry_after)}) from None
    if got is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    return {"token": got.token, "username": got.username, "role": got.role, "expires_at": got.expires_at}


@router.post("/auth/logout")
def logout(user: CurrentUser, request: Request) -> dict:
    with request.app.state.engine.begin() as conn:
        conn.execute(sa.update(m.user_tokens).where(m.user_tokens.c.token_hash == security.token_hash(_bearer(request)))
                     .values(revoked_at=utc_now_iso()))
    return {"ok": True}
