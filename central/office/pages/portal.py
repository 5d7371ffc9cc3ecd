"""The office's side of the producer portal: the producers' logins (/office/portal: an
administrator gives a producer its own login, or turns one off), and the deliveries producers
announced with what the kiosks received against them (/office/deliveries, announced against
received; central/catalog/announcements.py)."""
from __future__ import annotations

from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central import accounts
from central import models as m
from central.catalog import announcements as an
from central.catalog import edit as ca
from central.office import render
from central.office.deps import User, engine
from central.office.i18n import N_, _

router = APIRouter(prefix="/office", include_in_schema=False)
# central/accounts.py refuses in English (the command line, the admin API): the page says it in the
# user's language
ADMIN_MESSAGES = {"username: 3-64 letters, digits or _ . @ -":
                  N_("Tên đăng nhập: 3 đến 64 chữ cái không dấu, chữ số hoặc _ . @ -"),
                  "password: at least 8 characters": N_("Mật khẩu: ít nhất 8 ký tự"),
                  "a producer login needs its producer; an office role takes none": N_("Chọn nhà sản xuất"),
                  "unknown producer": N_("Không có nhà sản xuất này")}


def _admin(user) -> None:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, _("Chỉ quản trị viên được cấp tài khoản cho nhà sản xuất"))


def _logins_page(request: Request, user, msg: str = "", error: str = "", typed: dict | None = None,
                 status_code: int = 200):
    with engine(request).connect() as conn:
        logins = accounts.producer_logins(conn)
        producers = [(p["id"], f"{p['code']} · {p['name']}") for p in ca.list_producers(conn)]
    return render.page(request, "portal_logins.html", status_code, user=user, logins=logins, producers=producers,
                       msg=msg, error=error, typed={"producer_id": "", "username": "", "full_name": "", **(typed or {})})


@router.get("/portal")
def logins(request: Request, user: User, msg: str = ""):
    _admin(user)
    return _logins_page(request, user, msg)


@router.post("/portal/logins")
async def login_create(request: Request, user: User):
    _admin(user)
    form = await request.form()
    typed = {k: str(form.get(k) or "").strip() for k in ("producer_id", "username", "full_name")}
    password = str(form.get("password") or "")
    try:
        with engine(request).begin() as conn:
            accounts.create_user(conn, typed["username"], password, accounts.PRODUCER, typed["full_name"],
                                 producer_id=typed["producer_id"] or None)
    except accounts.AdminError as exc:
        return _logins_page(request, user, error=_("Không tạo được: {error}").format(error=_(ADMIN_MESSAGES.get(str(exc), str(exc)))), typed=typed,
                            status_code=422)
    except sa.exc.IntegrityError:
        return _logins_page(request, user, error=_("Tên đăng nhập đã có người dùng"), typed=typed, status_code=409)
    msg = _("Đã cấp tài khoản {username}. Nhà sản xuất đăng nhập ở /portal.").format(username=typed["username"])
    return RedirectResponse(f"/office/portal?msg={quote(msg)}", status_code=303)


@router.post("/portal/logins/{user_id}/active")
async def login_active(user_id: int, request: Request, user: User):
    _admin(user)
    form = await request.form()
    on = form.get("active") == "1"
    with engine(request).begin() as conn:
        if not accounts.set_active(conn, user_id, on, role=accounts.PRODUCER):
            raise HTTPException(status.HTTP_404_NOT_FOUND, _("Không có tài khoản nhà sản xuất này"))
    msg = _("Đã mở lại tài khoản.") if on else _("Đã khóa tài khoản.")
    return RedirectResponse(f"/office/portal?msg={quote(msg)}", status_code=303)


@router.get("/deliveries")
def announcements(request: Request, user: User):
    with engine(request).connect() as conn:
        rows = an.list_of(conn)
    return render.page(request, "announcements.html", user=user, rows=rows)


@router.get("/deliveries/{announcement_id}")
def announcement(announcement_id: str, request: Request, user: User):
    with engine(request).connect() as conn:
        a = an.get(conn, announcement_id)
        if a is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, _("Không có thông báo giao hàng này"))
        p = ca.get_producer(conn, a["producer_id"]) or {"code": "", "name": a["producer_id"]}
        names = dict(conn.execute(sa.select(m.locations.c.code, m.locations.c.name)).all())
    return render.page(request, "announcement.html", user=user, a=a, producer=p,
                       location_name=names.get(a["location_code"], a["location_code"]))
