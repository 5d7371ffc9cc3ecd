"""Per-seller e-invoice settings on the dashboard (/office/einvoices/sellers), administrators only:
legal data, template, the tax authority's 5-character code, provider and its credentials (the
password is written sealed and never shown again), business locations, each kiosk's symbol, and
producers' delegations to the booth operator. The checks are central/einvoice/settings.py's."""
from __future__ import annotations

from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import RedirectResponse

from central import models as m
from central.catalog.rules import N_
from central.einvoice import settings
from central.einvoice.providers import REGISTRY
from central.office import render
from central.office.deps import Editor, engine
from central.office.formats import parse_day_vi
from central.office.i18n import _, error_text

router = APIRouter(prefix="/office", include_in_schema=False)
SELLER_FIELDS = ("tax_code", "name", "address", "template", "authority_prefix", "provider", "provider_url",
                 "provider_options", "username", "password", "lookup_url", "delegate_tax_code", "delegation_ref")


def _admin(user) -> None:
    if user.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, _("chỉ quản trị viên xem và sửa cài đặt hóa đơn điện tử"))


def _overview(conn) -> dict:
    S = m.einvoice_sellers
    sellers = [dict(r) for r in conn.execute(sa.select(S).order_by(S.c.is_operator.desc(), S.c.tax_code)).mappings()]
    for s in sellers:
        s["has_secret"] = bool(s.pop("secret"))
    table = {t: [dict(r) for r in conn.execute(sa.select(t)).mappings()]
             for t in (m.einvoice_places, m.einvoice_symbols, m.einvoice_delegations)}
    return {"sellers": sellers, "places": table[m.einvoice_places], "symbols": table[m.einvoice_symbols],
            "delegations": table[m.einvoice_delegations],
            "devices": [(c, c) for c in conn.execute(sa.select(m.devices.c.code).order_by(m.devices.c.code)).scalars()],
            "producers": [(r.id, f"{r.code} · {r.name}") for r in conn.execute(
                sa.select(m.producers.c.id, m.producers.c.code, m.producers.c.name).order_by(m.producers.c.code))]}


def _page(request: Request, user, status_code: int = 200, error: str = "", typed: dict | None = None):
    with engine(request).connect() as conn:
        data = _overview(conn)
    edit = typed or next((s for s in data["sellers"] if s["tax_code"] == request.query_params.get("tax")), None) or {}
    return render.page(request, "einvoice_sellers.html", status_code, user=user, error=error, edit=edit,
                       providers=[(p, p) for p in sorted(REGISTRY)],
                       seller_opts=[(s["tax_code"], f"{s['tax_code']} · {s['name']}") for s in data["sellers"]], msg=request.query_params.get("msg", ""),
                       keyless=not request.app.state.settings.einvoice_key, **data)


@router.get("/einvoices/sellers")
def sellers_page(request: Request, user: Editor):
    _admin(user)
    return _page(request, user)


def _done(msg: str) -> RedirectResponse:
    return RedirectResponse("/office/einvoices/sellers?" + urlencode({"msg": msg}), status_code=303)


@router.post("/einvoices/sellers")
async def save_seller(request: Request, user: Editor):
    _admin(user)
    form = await request.form()
    typed = {k: str(form.get(k) or "").strip() for k in SELLER_FIELDS}
    typed.update(is_operator=bool(form.get("is_operator")), enabled=bool(form.get("enabled")))
    try:
        with engine(request).begin() as conn:
            tax = settings.save_seller(conn, typed, request.app.state.settings.einvoice_key, user.username)
    except settings.Invalid as exc:
        typed.pop("password")
        return _page(request, user, 422, _("Không lưu được: {error}").format(error=error_text(exc)), typed)
    return _done(_("Đã lưu cài đặt hóa đơn điện tử của người bán {tax}.").format(tax=tax))


def _since(value: str) -> str:
    """The start day typed (dd/mm/yyyy, or ISO) as ISO; '' stays ''."""
    try:
        return parse_day_vi(value) if value else ""
    except ValueError:
        raise settings.Invalid(N_("ngày bắt đầu lập hóa đơn phải là ngày/tháng/năm"), "since") from None


@router.post("/einvoices/sellers/{part}")
async def save_part(part: str, request: Request, user: Editor):
    """A business location, a kiosk's symbol or a producer's delegation."""
    _admin(user)
    form = {k: str(v).strip() for k, v in (await request.form()).items()}
    tax = form.get("seller", "")
    try:
        with engine(request).begin() as conn:
            if part == "place":
                settings.set_place(conn, tax, form.get("code", ""), form.get("name", ""), form.get("address", ""),
                                   form.get("location_code", ""))
            elif part == "symbol":
                settings.set_symbol(conn, tax, form.get("device", ""), form.get("symbol", ""),
                                    _since(form.get("symbol_since", "")))
            elif part == "delegation":
                settings.set_delegation(conn, form.get("producer", ""), tax, form.get("since", ""), form.get("note", ""))
            else:
                raise HTTPException(status.HTTP_404_NOT_FOUND)
    except settings.Invalid as exc:
        return _page(request, user, 422, _("Không lưu được: {error}").format(error=error_text(exc)))
    return _done(_("Đã lưu."))
