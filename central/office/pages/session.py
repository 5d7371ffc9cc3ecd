"""Signing in and out of the office (a cookie session; central/office/auth.py), and the pages'
stylesheet and script."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import FileResponse, RedirectResponse

from central import models as m
from central import signin, throttle, tls
from central.api.client_address import client_address
from central.office import auth, i18n, render
from central.office.deps import User, engine
from central.office.i18n import _

router = APIRouter(prefix="/office", include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "static"


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a page of the office (no other site)."""
    return value if value and value.startswith("/office") and "//" not in value else "/office"


def login_page(request: Request, status_code: int = 200, error: str = "", next_: str = "/office",
               username: str = ""):
    return render.page(request, "login.html", status_code, user=None, error=error, next=next_, username=username)


@router.get("/login")
def login_form(request: Request, next: str = "/office"):
    return login_page(request, next_=safe_next(next))


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/office"):
    settings = request.app.state.settings
    i18n.set_lang(render.visitor_lang(request))  # for the messages below
    try:
        got = signin.sign_in(engine(request), settings, client_address(request), username.strip(), password) \
            if username.strip() and password else None
    except throttle.Refused as exc:
        msg = _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {seconds} giây.").format(seconds=exc.retry_after)
        resp = login_page(request, 429, msg, safe_next(next), username)
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    if got is None:
        return login_page(request, 401, _("Sai tên đăng nhập hoặc mật khẩu."), safe_next(next), username)
    if got.role == auth.PRODUCER:  # a producer's login opens the portal only: this session ends at once
        auth.logout(engine(request), got.token)
        return login_page(request, 403, _("Đây là tài khoản nhà sản xuất: đăng nhập ở cổng nhà sản xuất /portal."),
                          safe_next(next), username)
    token = got.token
    resp = RedirectResponse(safe_next(next), status_code=status.HTTP_303_SEE_OTHER)
    resp.set_cookie(auth.COOKIE, token, max_age=settings.user_token_hours * 3600, httponly=True,
                    samesite="strict", path="/", secure=tls.secure_cookies(settings, request.url.scheme))
    return resp


@router.post("/logout")
def logout(request: Request, user: User):
    auth.logout(engine(request), user.token)
    resp = RedirectResponse("/office/login", status_code=status.HTTP_303_SEE_OTHER)
    resp.delete_cookie(auth.COOKIE, path="/")
    return resp


@router.post("/lang")
async def set_language(request: Request, lang: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "/office"):
    """VI | EN in the header: saved on the signed-in user's account (it follows them to any browser
    and outlives the session); also kept in a cookie for the login page. Back to the same page."""
    code = i18n.known(lang)
    if code is None:
        raise HTTPException(422, "lang must be one of " + ", ".join(i18n.LANGS))
    user = await auth.optional_user(request)
    if user is not None:
        with engine(request).begin() as conn:
            conn.execute(sa.update(m.users).where(m.users.c.id == user.id).values(lang=code))
    resp = RedirectResponse(safe_next(next) if user is not None else back_to_login(next),
                            status_code=status.HTTP_303_SEE_OTHER)
    resp.set_cookie(i18n.COOKIE, code, max_age=365 * 86400, httponly=True, samesite="strict", path="/office",
                    secure=request.url.scheme == "https")
    return resp


def back_to_login(next_: str) -> str:
    """Before sign-in the switch goes back to the login page (keeping where it leads)."""
    from urllib.parse import quote

    target = safe_next(next_)
    return auth.LOGIN_PATH if target == "/office" else f"{auth.LOGIN_PATH}?next={quote(target)}"


@router.get("/static/{name}")
def static(name: str):
    path = STATIC / name
    if "/" in name or not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có tệp này")
    return FileResponse(path, headers={"Cache-Control": "max-age=300"})
