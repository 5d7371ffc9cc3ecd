"""The producer's statements and payouts (/portal/statements: the read API of
central/figures/statements.py, always with the signed-in producer's id, so another producer's
statement id reads as missing: 404), and the lots it delivered with their sell-through
(/portal/lots, also as CSV)."""
from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response

from central.figures import cells, statements
from central.figures import portal as fp
from central.figures import settlement as st
from central.figures.reports import Filters
from central.figures.settlement_pdf import statement_pdf
from central.office import render
from central.office.deps import download, engine
from central.office.i18n import _
from central.portal.auth import Producer

router = APIRouter(prefix="/portal", include_in_schema=False)


@router.get("/statements")
def statement_list(request: Request, user: Producer):
    with engine(request).connect() as conn:
        rows = statements.statements_of(conn, user.producer_id)
        paid = statements.payouts_of(conn, user.producer_id)
        bal = statements.balance_of(conn, user.producer_id)
    return render.page(request, "portal/statements.html", user=user, rows=rows, paid=paid, balance=bal)


def _own(request: Request, user, statement_id: str) -> dict:
    with engine(request).connect() as conn:
        s = statements.statement(conn, statement_id, user.producer_id)
    if s is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, _("Không có bảng quyết toán này"))
    return s


@router.get("/statements/{statement_id}.pdf")
def statement_file(statement_id: str, request: Request, user: Producer):
    s = _own(request, user, statement_id)
    name = f"quyet-toan_{s['body']['row']['code']}_{s['period_start']}_{s['period_end']}.pdf"
    return Response(statement_pdf(s), media_type="application/pdf",
                    headers={"Content-Disposition": f"inline; filename=\"{quote(name, safe='._-')}\"", **render.NO_STORE})


@router.get("/statements/{statement_id}")
def statement_page(statement_id: str, request: Request, user: Producer):
    s = _own(request, user, statement_id)
    b = s["body"]
    return HTMLResponse(st.statement_html(b["row"], Filters(b["start"], b["end"]), issuer=b.get("issuer") or st.ISSUER,
                                          closed={**b, "id": s["id"]}), headers=render.NO_STORE)


@router.get("/lots")
def lot_list(request: Request, user: Producer):
    with engine(request).connect() as conn:
        rows = fp.lots(conn, user.producer_id)
    return render.page(request, "portal/lots.html", user=user, rows=rows)


LOT_HEAD = ("Mã điểm bán", "Điểm bán", "Mã hàng", "Tên hàng", "Số lô", "Nhận ngày", "Hạn sử dụng", "Đã giao",
            "Đã bán", "Còn lại", "Tỷ lệ bán (%)")


@router.get("/lots.csv")
def lots_csv(request: Request, user: Producer):
    with engine(request).connect() as conn:
        rows = fp.lots(conn, user.producer_id)
    body = [[r["location_code"], r["location_name"], r["sku"], r["name_vi"], r["lot_no"], r["received_at"][:10],
             r["use_by"] or "", r["delivered"], r["sold"], r["left"],
             "" if r["sell_through"] is None else r["sell_through"]] for r in rows]
    return download(cells.csv_bytes([list(LOT_HEAD), *body]), f"lo-hang_{user.producer_code}.csv",
                    "text/csv; charset=utf-8")
