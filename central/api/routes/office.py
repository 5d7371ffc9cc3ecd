"""The central office's JSON API (under /api/v1/office): the figures the pages show, for scripts
and spreadsheets. Bearer user token (POST /api/v1/auth/login) or the dashboard's cookie."""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile, status
from fastapi.responses import Response
from pydantic import BaseModel, Field

from central.api.deps import user_scheme
from central.api.spec import errors
from central.catalog import commission as cm
from central.catalog import edit as ca
from central.catalog import imports as catalog_imports
from central.catalog import rates
from central.catalog import sets as gift_sets
from central.figures import reports as rp
from central.figures import settlement as st
from central.office.auth import OfficeUser, api_editor, api_user

router = APIRouter(prefix="/office", tags=["office"], dependencies=[Depends(user_scheme)])
Viewer = Annotated[OfficeUser, Depends(api_user)]
Editor = Annotated[OfficeUser, Depends(api_editor)]
Day = Annotated[str | None, Query(max_length=10)]


def _bad(exc: Exception, code: int = status.HTTP_422_UNPROCESSABLE_CONTENT) -> HTTPException:
    detail: Any = str(exc)
    if isinstance(exc, ca.CatalogError):
        detail = {"message": str(exc), "field": exc.field}
    return HTTPException(code, detail)


def _filters(start, end, location, device, producer, preset) -> rp.Filters:
    try:
        if not start:
            start, end = rp.named_range(preset or "today")
        return rp.Filters.make(start, end, location, device, producer)
    except rp.ReportError as exc:
        raise _bad(exc) from None


def _f(start: Day = None, end: Day = None, location: str | None = None, device: str | None = None,
       producer: str | None = None, range: str | None = None) -> rp.Filters:
    return _filters(start, end, location, device, producer, range)


F = Annotated[rp.Filters, Depends(_f)]


@router.get("/report")
def report(f: F, user: Viewer, request: Request, top: Annotated[int, Query(ge=1, le=1000)] = 20) -> dict:
    """Sales for the period, every breakdown the dashboard shows."""
    with request.app.state.engine.connect() as conn:
        c = rp.cube(conn, f)
        return {"start": f.start, "end": f.end, "summary": rp.summary(conn, f), "by_day": rp.by_day(conn, f),
                "by_location": rp.by_location(conn, f, c), "by_device": rp.by_device(conn, f, c),
                "by_producer": rp.by_producer(conn, f, c), "by_payment": rp.by_payment(conn, f),
                "top_products": rp.by_product(conn, f, top, c)}


@router.get("/report/lines")
def report_lines(f: F, user: Viewer, request: Request,
                 limit: Annotated[int, Query(ge=1, le=200_000)] = 10_000) -> list[dict]:
    with request.app.state.engine.connect() as conn:
        return rp.sale_lines(conn, f, limit)


@router.get("/report/vat")
def report_vat(f: F, user: Viewer, request: Request) -> list[dict]:
    """VAT per rate and Vietnam day, as the sales carried it (a rate changed on a date shows both)."""
    with request.app.state.engine.connect() as conn:
        return rp.by_vat_rate(conn, f)


@router.get("/stock")
def stock(user: Viewer, request: Request, location: str | None = None) -> dict:
    with request.app.state.engine.connect() as conn:
        return {"stock": rp.stock_on_hand(conn, location), "cert_warnings": rp.cert_warnings(conn)}


@router.get("/sync-health")
def sync_health(user: Viewer, request: Request) -> list[dict]:
    with request.app.state.engine.connect() as conn:
        return rp.sync_health(conn)


@router.get("/settlement")
def settlement(f: F, user: Viewer, request: Request, format: str = "json"):
    with request.app.state.engine.connect() as conn:
        rows = st.settlement(conn, f)
        note = st.flag_note(conn, f)
    if format == "csv":
        return Response(st.to_csv(rows, f, note), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="quyet-toan_{f.start}_{f.end}.csv"'})
    if format == "xlsx":
        return Response(st.to_xlsx(rows, f, note),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="quyet-toan_{f.start}_{f.end}.xlsx"'})
    if format != "json":
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "format must be json, csv or xlsx")
    left = st.unassigned(rows)  # lines without a known producer: in no statement, said only when there are some
    return {"start": f.start, "end": f.end, "producers": rows, "totals": st.totals(rows),
            **({"unassigned": left} if left["products"] else {})}


# -- catalog ----------------------------------------------------------------------------------
Row = dict[str, Any]


@router.get("/producers")
def producers(user: Viewer, request: Request) -> list[dict]:
    with request.app.state.engine.connect() as conn:
        return [ca.without_empty_commune(r) for r in ca.list_producers(conn)]


@router.post("/producers")
def save_producer(body: Row, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            return ca.save_producer(conn, body, user.username)
    except ca.CatalogError as exc:
        raise _bad(exc) from None


class RateChange(BaseModel):
    commission_bp: int = Field(ge=0, le=10_000)
    effective_from: str | None = Field(default=None, max_length=10)  # ISO day; default today in Vietnam
    note: str = Field(default="", max_length=500)


@router.get("/producers/{producer_id}/commission", **errors(404))
def commission_history(producer_id: str, user: Viewer, request: Request) -> list[dict]:
    """The producer's rates, newest first (effective_from '0001-01-01' = from the beginning)."""
    with request.app.state.engine.connect() as conn:
        if ca.get_producer(conn, producer_id) is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "không có nhà sản xuất này")
        return rates.list_rates(conn, producer_id)


@router.post("/producers/{producer_id}/commission", **errors(404))
def set_commission(producer_id: str, body: RateChange, user: Editor, request: Request) -> dict:
    """A new rate from a Vietnam day: today (default) or later; a past day is refused (422)."""
    if body.effective_from is not None and not _is_iso(body.effective_from):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            {"message": "effective_from phải có dạng YYYY-MM-DD", "field": "effective_from"})
    try:
        with request.app.state.engine.begin() as conn:
            return cm.set_rate(conn, producer_id, body.commission_bp, body.effective_from, user.username, body.note)
    except ca.CatalogError as exc:
        code = status.HTTP_404_NOT_FOUND if exc.field == "producer_id" else status.HTTP_422_UNPROCESSABLE_CONTENT
        raise HTTPException(code, {"message": str(exc), "field": exc.field}) from None


def _is_iso(day: str) -> bool:
    try:
        return dt.date.fromisoformat(day).isoformat() == day
    except ValueError:
        return False


@router.get("/products")
def products(user: Viewer, request: Request, q: str = "", producer_id: str = "",
             limit: Annotated[int, Query(ge=1, le=20000)] = 500) -> list[dict]:
    with request.app.state.engine.connect() as conn:
        return ca.list_products(conn, q, producer_id, limit)


@router.post("/products")
def save_product(body: Row, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            return ca.save_product(conn, body)
    except ca.CatalogError as exc:
        raise _bad(exc) from None


class LocationPrice(BaseModel):
    price: int | None = Field(default=None, ge=0)


@router.put("/products/{product_id}/prices/{location_code}")
def location_price(product_id: str, location_code: str, body: LocationPrice, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            return ca.set_location_price(conn, product_id, location_code, body.price)
    except ca.CatalogError as exc:
        raise _bad(exc) from None


class SetComponents(BaseModel):
    components: Annotated[list[dict[str, Any]], Field(max_length=20)] = []  # {"product_id" or "sku", "qty"}


@router.get("/products/{product_id}/components")
def set_components(product_id: str, user: Viewer, request: Request) -> dict:
    """A gift set's components ([] for an ordinary product): product_id, sku, name_vi, qty per set."""
    with request.app.state.engine.connect() as conn:
        return {"set_id": product_id, "components": gift_sets.components_of(conn, product_id)}


@router.put("/products/{product_id}/components")
def save_set_components(product_id: str, body: SetComponents, user: Editor, request: Request) -> dict:
    """Make the product a gift set of these components, whole (an empty list: an ordinary product
    again); kiosks receive it at their next pull (central/catalog/sets.py)."""
    try:
        with request.app.state.engine.begin() as conn:
            rev = gift_sets.save(conn, product_id, body.components, user.username)
            comps = gift_sets.components_of(conn, product_id)
    except ca.CatalogError as exc:
        raise _bad(exc) from None
    return {"set_id": product_id, "rev": rev, "components": comps}


@router.post("/imports")
async def upload_import(user: Editor, request: Request, file: Annotated[UploadFile, File()]) -> dict:
    data = await file.read()
    try:
        with request.app.state.engine.begin() as conn:
            return catalog_imports.create_import(conn, file.filename or "", data, user.username)
    except ca.CatalogError as exc:
        raise _bad(exc) from None


@router.post("/imports/{import_id}/apply", **errors(409))
def apply_import(import_id: str, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            return catalog_imports.apply_import(conn, import_id)
    except ca.CatalogError as exc:
        raise _bad(exc, status.HTTP_409_CONFLICT) from None


class PriceChange(BaseModel):
    effective_day: str
    location_code: str = ""
    items: list[Row] = Field(default=[], max_length=20000)  # [{sku | product_id, price}]
    percent_bp: int | None = None
    producer_id: str = ""
    round_to: int = 1000
    note: str = ""


@router.post("/price-changes")
def price_change(body: PriceChange, user: Editor, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            plan = ca.plan_bulk_change(conn, items=body.items or None, percent_bp=body.percent_bp,
                                       producer_id=body.producer_id, round_to=body.round_to,
                                       location_code=body.location_code)
            res = ca.schedule_price_change(conn, plan, body.effective_day, user.username, body.note,
                                           location_code=body.location_code)
            return {**res, "plan": plan}
    except ca.CatalogError as exc:
        raise _bad(exc) from None


@router.get("/price-changes")
def price_changes(user: Viewer, request: Request) -> list[dict]:
    with request.app.state.engine.begin() as conn:
        ca.apply_due_price_changes(conn)
        return ca.price_change_batches(conn)
