"""Central-office people sign in with a password and get a session token (kiosks never do)."""
from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from central import models as m
from central import security
from central.api.deps import CurrentUser, _bearer
from central.clock import utc_iso_in, utc_now_iso

router = APIRouter(tags=["auth"])


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@router.post("/auth/login")
def login(body: Login, request: Request) -> dict:
    with request.app.state.engine.begin() as conn:
        user = conn.execute(sa.select(m.users).where(m.users.c.username == body.username)).first()
        if user is None or not user.active or not security.check_password(body.password, user.password_hash):
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
        token = security.new_user_token()
        hours = request.app.state.settings.user_token_hours
        expires = utc_iso_in(hours)
        conn.execute(sa.insert(m.user_tokens).values(token_hash=security.token_hash(token), user_id=user.id,
                                                     created_at=utc_now_iso(), expires_at=expires))
    return {"token": token, "username": user.username, "role": user.role, "expires_at": expires}


@router.post("/auth/logout")
def logout(user: CurrentUser, request: Request) -> dict:
    with request.app.state.engine.begin() as conn:
        conn.execute(sa.update(m.user_tokens).where(m.user_tokens.c.token_hash == security.token_hash(_bearer(request)))
                     .values(revoked_at=utc_now_iso()))
    return {"ok": True}
