"""The kiosks' sync health (/office/sync): when each last called, events still missing, and the
nightly reconciliation of its figures with the server's."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central.events import stray
from central.figures import reports as rp
from central.office import render
from central.office.deps import Editor, User, engine

router = APIRouter(prefix="/office", include_in_schema=False)


@router.get("/sync")
def sync_health(request: Request, user: User):
    with engine(request).connect() as conn:
        rows = rp.sync_health(conn)
    return render.page(request, "devices.html", user=user, rows=rows, msg=request.query_params.get("msg", ""))


@router.post("/sync/{code}/clear-stray")
def clear_stray(code: str, request: Request, user: Editor):
    """An administrator clears a kiosk's stored, unapplied events above its contiguous mark
    (central/events/stray.py); recorded in admin_actions."""
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "chỉ quản trị viên được xóa số thứ tự lạc")
    try:
        with engine(request).begin() as conn:
            out = stray.clear(conn, code, user.username)
    except stray.NoDevice:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "không có máy bán này") from None
    msg = f"{code}: đã xóa {out['cleared']} sự kiện chờ; số lớn nhất {out['max_seq_before']} → {out['max_seq']}."
    return RedirectResponse("/office/sync?msg=" + quote(msg), status_code=303)
