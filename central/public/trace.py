"""The traceability pages at GS1 Digital Link addresses (GS1 Digital Link Standard 1.2: the
primary key /01/<GTIN-14>, the qualifier /10/<lot>), the pictures they show, and their style sheet.

A product is found by any of its stored GTINs in GTIN-14 form, so an EAN-13 printed on a jar
reaches its page as /01/0<EAN-13>. A lot address shows what the centre knows of the lot (its dates
and producer from the deliveries kiosks reported, and a recall, which is said first and plainly);
a lot it knows nothing of gets the product's page and says so, rather than invent lot dates."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from central.catalog import media
from central.clock import vn_today
from central.figures.settlement import KIND_VI
from central.office.i18n import N_, _, using
from central.public import lookup, render
from central.public.gtin import checked

router = APIRouter(include_in_schema=False)
CSS = Path(__file__).with_name("static") / "public.css"
MAX_LOT = 20  # GS1 AI (10): up to 20 characters
IMMUTABLE = "public, max-age=31536000, immutable"


def _index(request: Request) -> lookup.GtinIndex:
    state = request.app.state
    if getattr(state, "gtin_index", None) is None:
        state.gtin_index = lookup.GtinIndex()
    return state.gtin_index


def _not_found(request: Request, reason_vi: str, **params):
    with using(render.lang_of(request)):
        reason = _(reason_vi).format(**params)
        title = _("Không tìm thấy sản phẩm")
    return render.page(request, "not_found.html", 404, title=title, reason=reason)


def _place(p: dict) -> str:
    """Address, commune (xã/phường), district, province; the commune once, when the address
    written before the commune had its own field already names it."""
    address, commune = p["producer_address"], p["producer_commune"]
    if commune and commune.casefold() in address.casefold():
        commune = ""
    return ", ".join(x for x in (address, commune, p["producer_district"], p["producer_province"]) if x)


def product_page(request: Request, gtin_text: str, lot: str | None = None):
    gtin = checked(gtin_text)
    if gtin is None:
        return _not_found(request, N_("“{code}” không phải là mã GTIN hợp lệ (sai độ dài hoặc số kiểm tra)."),
                          code=gtin_text[:40])
    engine = request.app.state.engine
    with engine.connect() as conn:
        pid = _index(request).find(conn, gtin)
        p = lookup.product_view(conn, pid) if pid else None
        lot_info = lookup.lot_view(conn, pid, lot) if p is not None and lot else None
    if p is None:
        return _not_found(request, N_("Chưa có sản phẩm nào mang mã {code}."), code=gtin)
    lang = render.lang_of(request)
    with using(lang):
        kind = _(KIND_VI[p["producer_kind"]]) if p["producer_kind"] in KIND_VI else ""
    name = p["name_en"] if lang == "en" and p["name_en"] else p["name_vi"]
    today = vn_today().isoformat()
    expired = bool(p["ocop_cert_expires"]) and p["ocop_cert_expires"] < today
    lot_past = bool(lot_info and lot_info["use_by"] and lot_info["use_by"] < today)
    return render.page(request, "product.html", p=p, gtin=gtin, lot=lot, lot_info=lot_info, lot_past=lot_past,
                       name=name, title=name, kind=kind, place=_place(p), expired=expired)


# The two page routes are `async def` on purpose: their work is a few indexed reads and a template,
# about 3 ms of Python that holds the GIL either way. Run in the thread pool, each request also waited
# for the GIL against the event loop (Python's 5 ms switch interval): under 200 requests/s that hop
# made the p99 290 ms; inline it is 47 ms (bench/bench_trace.py, same machine, same load).
@router.get("/01/{gtin}")
async def trace_product(gtin: str, request: Request):
    return product_page(request, gtin)


@router.get("/01/{gtin}/10/{lot:path}")  # a lot may hold "/" (GS1 CSET 82), sent as %2F
async def trace_lot(gtin: str, lot: str, request: Request):
    if not lot or len(lot) > MAX_LOT or not lot.isprintable():
        return _not_found(request, N_("Số lô không hợp lệ (tối đa {n} ký tự)."), n=MAX_LOT)
    return product_page(request, gtin, lot)


@router.get("/media/{name}")
def media_file(name: str, request: Request):
    """A stored picture or document: named by its hash, so it never changes and is cached for a year."""
    found = media.read_path(request.app.state.settings.media_dir, name)
    if found is None:
        return Response("not found", status_code=404, media_type="text/plain")
    path, sha, ctype = found
    etag = f'"{sha}"'
    headers = {"Cache-Control": IMMUTABLE, "ETag": etag, "X-Content-Type-Options": "nosniff"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type=ctype, headers=headers)


@router.get("/public.css")
def stylesheet():
    return FileResponse(CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=86400"})
