"""Who is signed in to the producer portal: a user of role `producer` bound to one producer
(central/accounts.py). Its session is the same kind of user token as the office's, in its own
cookie (path /portal), and every portal handler takes a PortalUser whose producer_id is what all
its reads filter by: nothing a browser sends (a query string, a form, an id in the path) chooses
the producer. Any other role gets the portal's login page, as office pages refuse a producer.

Changes (announcing, cancelling, signing out) need the session's CSRF value, as in the office."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

import sqlalchemy as sa
from fastapi import Depends, HTTPException, Request, status

from central import models as m
from central.office import auth as office_auth
from central.office import i18n

COOKIE = "ocop_portal"
PATH = "/portal"
LOGIN_PATH = "/portal/login"


@dataclass
class PortalUser:
    id: int
    username: str
    full_name: str
    producer_id: str
    producer_code: str
    producer_name: str
    token: str
    lang: str = "vi"
    role: str = "producer"

    @property
    def csrf(self) -> str:
        return office_auth.csrf_for(self.token)


def _token(request: Request) -> tuple[str, bool]:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), False
    return request.cookies.get(COOKIE, ""), True


def user_of(engine, token: str) -> PortalUser | None:
    """The producer signed in with this token, else None (unknown, expired, revoked, turned off,
    not a producer login, or its producer gone)."""
    row = office_auth.session_row(engine, token) if token else None
    if row is None or row.role != office_auth.PRODUCER or not row.producer_id:
        return None
    with engine.connect() as conn:
        p = conn.execute(sa.select(m.producers.c.code, m.producers.c.name)
                         .where(m.producers.c.id == row.producer_id)).first()
    if p is None:
        return None
    return PortalUser(row.id, row.username, row.full_name, row.producer_id, p.code, p.name, token, row.lang or "vi")


def to_login(request: Request) -> HTTPException:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return HTTPException(status.HTTP_303_SEE_OTHER, "cần đăng nhập",
                         headers={"Location": f"{LOGIN_PATH}?next={quote(target)}"})


async def portal_user(request: Request) -> PortalUser:
    """For every portal page: the signed-in producer, else off to the portal's login page; a change
    sent with the cookie must carry the session's CSRF value (header or form field)."""
    token, via_cookie = _token(request)
    user = user_of(request.app.state.engine, token)
    if user is None:
        if request.method not in ("GET", "HEAD"):
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "cần đăng nhập")
        raise to_login(request)
    if via_cookie and request.method not in ("GET", "HEAD", "OPTIONS"):
        sent = request.headers.get("x-csrf-token", "")
        if not sent and "form" in request.headers.get("content-type", ""):
            sent = str((await request.form()).get("csrf", ""))
        if sent != user.csrf:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "thiếu hoặc sai mã chống giả mạo (CSRF)")
    i18n.set_lang(user.lang)
    return user


Producer = Annotated[PortalUser, Depends(portal_user)]
