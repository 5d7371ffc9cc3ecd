"""Signing in and out of the office (a cookie session; central/office/auth.py), and the pages'
stylesheet and script."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, status
from fastapi.responses import FileResponse, RedirectResponse

from central import signin, throttle, tls
from central.api.client_address import client_address
from central.office import auth, render
from central.office.deps import User, engine

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
    try:
        got = signin.sign_in(engine(request), settings, client_address(request), username.strip(), password) \
            if username.strip() and password else None
    except throttle.Refused as exc:
        resp = login_page(request, 429, f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {exc.retry_after} giây.",
                          safe_next(next), username)
        resp.headers["Retry-After"] = str(exc.retry_after)
        return resp
    if got is None:
        return login_page(request, 401, "Sai tên đăng nhập hoặc mật khẩu.", safe_next(next), username)
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


@router.get("/static/{name}")
def static(name: str):
    path = STATIC / name
    if "/" in name or not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có tệp này")
    return FileResponse(path, headers={"Cache-Control": "max-age=300"})
