"""Central-office sign-in for the browser: the same user tokens as the API (users / user_tokens,
created by POST /auth/login), carried in an HttpOnly SameSite=Strict cookie instead of a header.

A form or fetch that changes something must also carry the session's CSRF value (an HMAC-free
hash of the token: it is only readable by pages the server rendered for that session), so a
foreign site cannot post with the cookie even in a browser that ignores SameSite."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from fastapi import HTTPException, Request, status

from central import models as m
from central import security
from central.clock import utc_now_iso
from central.office import i18n

COOKIE = "ocop_office"
EDIT_ROLES = ("admin", "manager")
SETTLE_ROLES = ("admin", "accountant")  # close settlement periods, record payouts
LOGIN_PATH = "/office/login"
PRODUCER = "producer"  # central/accounts.py: the portal's role, refused by every office page and API


@dataclass
class OfficeUser:
    id: int
    username: str
    full_name: str
    role: str
    token: str
    via_cookie: bool
    lang: str = "vi"

    @property
    def csrf(self) -> str:
        return csrf_for(self.token)

    @property
    def can_edit(self) -> bool:
        return self.role in EDIT_ROLES

    @property
    def can_settle(self) -> bool:
        return self.role in SETTLE_ROLES


def csrf_for(token: str) -> str:
    return hashlib.sha256(b"csrf:" + token.encode()).hexdigest()[:32]


def to_login(request: Request) -> HTTPException:
    """A redirect raised from a dependency (routers cannot add exception handlers to the app)."""
    from urllib.parse import quote

    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return HTTPException(status.HTTP_303_SEE_OTHER, "cần đăng nhập",
                         headers={"Location": f"{LOGIN_PATH}?next={quote(target)}"})


def logout(engine, token: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.update(m.user_tokens).where(m.user_tokens.c.token_hash == security.token_hash(token))
                     .values(revoked_at=utc_now_iso()))


def session_row(engine, token: str):
    """The live session's user (id, username, full_name, role, lang, producer_id), else None; shared
    with the producer portal (central/portal/auth.py), which keeps its own cookie."""
    if not token.startswith(security.USER_PREFIX):
        return None
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(m.users.c.id, m.users.c.username, m.users.c.full_name, m.users.c.role, m.users.c.active,
                      m.users.c.lang, m.users.c.producer_id, m.user_tokens.c.expires_at,
                      m.user_tokens.c.revoked_at)
            .select_from(m.user_tokens.join(m.users, m.users.c.id == m.user_tokens.c.user_id))
            .where(m.user_tokens.c.token_hash == security.token_hash(token))).first()
    if row is None or row.revoked_at or not row.active or row.expires_at < utc_now_iso():
        return None
    return row


def _token(request: Request) -> tuple[str, bool]:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), False
    return request.cookies.get(COOKIE, ""), True


def _user(request: Request) -> OfficeUser | None:
    token, via_cookie = _token(request)
    row = session_row(request.app.state.engine, token) if token else None
    if row is None:
        return None
    if row.role == PRODUCER:  # a producer's login reads its own figures on /portal, nothing of the office
        raise HTTPException(status.HTTP_403_FORBIDDEN, "tài khoản nhà sản xuất chỉ dùng cổng /portal")
    user = OfficeUser(row.id, row.username, row.full_name, row.role, token, via_cookie, row.lang or "vi")
    if via_cookie and request.method not in ("GET", "HEAD", "OPTIONS"):
        sent = request.headers.get("x-csrf-token", "")
        if not sent:
            sent = getattr(request.state, "csrf_form", "")
        if sent != user.csrf:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "thiếu hoặc sai mã chống giả mạo (CSRF)")
    return user


async def _load_form_csrf(request: Request) -> None:
    ctype = request.headers.get("content-type", "")
    if request.method == "POST" and ("form" in ctype):
        form = await request.form()
        request.state.csrf_form = str(form.get("csrf", ""))


async def optional_user(request: Request) -> OfficeUser | None:
    """The signed-in user if any (CSRF checked as for page_user), else None: for the few forms a
    visitor may send before signing in (the language of the login page)."""
    await _load_form_csrf(request)
    return _user(request)


async def page_user(request: Request) -> OfficeUser:
    """For HTML pages: anyone signed in; otherwise off to the login page."""
    await _load_form_csrf(request)
    user = _user(request)
    if user is None:
        raise to_login(request)
    i18n.set_lang(user.lang)  # the messages the handler writes, in the user's language
    return user


async def page_editor(request: Request) -> OfficeUser:
    user = await page_user(request)
    if not user.can_edit:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "chỉ quản trị viên hoặc quản lý được sửa danh mục")
    return user


async def page_settler(request: Request) -> OfficeUser:
    user = await page_user(request)
    if not user.can_settle:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "chỉ quản trị viên hoặc kế toán được chốt kỳ và ghi chi trả")
    return user


async def api_user(request: Request) -> OfficeUser:
    """For the JSON API: 401 rather than a redirect."""
    await _load_form_csrf(request)
    user = _user(request)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "cần đăng nhập (phiên không hợp lệ hoặc đã hết hạn)",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


async def api_editor(request: Request) -> OfficeUser:
    user = await api_user(request)
    if not user.can_edit:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "needs role admin or manager")
    return user
