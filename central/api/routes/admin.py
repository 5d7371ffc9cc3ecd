"""Administration: kiosks, people, catalog and prices, offline bundles (admin role only)."""
from __future__ import annotations

import logging
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from central import accounts as admin
from central.api.deps import Admin
from central.api.spec import errors
from central.catalog import check as catalog_check
from central.catalog import pull as catalog
from central.catalog import sets as gift_sets
from central.catalog.rules import CatalogError
from central.events import bundles

router = APIRouter(prefix="/admin", tags=["admin"])
log = logging.getLogger("ocop.server.admin")


class NewDevice(BaseModel):
    code: str
    location_code: str
    kind: str = "kiosk"
    name: str = ""
    location_name: str = ""
    location_kind: str = "tourist_site"


class NewUser(BaseModel):
    username: str
    password: str
    role: str = "viewer"
    full_name: str = ""


Rows = Annotated[list[dict[str, Any]], Field(max_length=20000)]


class CatalogChanges(BaseModel):
    producers: Rows = []
    categories: Rows = []
    products: Rows = []
    staff: Rows = []
    prices: Rows = []  # {"location_code", "product_id", "price"}
    sets: Rows = []  # gift sets, each whole: {"set_id" (id or SKU), "components": [{"product_id" or "sku", "qty"}]}
    settings: dict[str, dict[str, Any]] = {}  # location_code ('' = all) -> {key: value}


def _bad(exc: Exception):
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc))


@router.post("/devices")
def create_device(body: NewDevice, user: Admin, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            code = admin.create_device(conn, body.code, body.location_code, body.kind, body.name,
                                       body.location_name, body.location_kind,
                                       request.app.state.settings.enroll_code_hours)
    except admin.AdminError as exc:
        raise _bad(exc) from None
    log.info("device registered", extra={"device_code": body.code, "by": user.username})
    return {"device_code": body.code, "enrollment_code": code}


@router.get("/devices")
def list_devices(user: Admin, request: Request) -> list[dict]:
    with request.app.state.engine.connect() as conn:
        return admin.list_devices(conn)


@router.post("/devices/{code}/revoke", **errors(404))
def revoke(code: str, user: Admin, request: Request) -> dict:
    with request.app.state.engine.begin() as conn:
        if not admin.revoke_device(conn, code):
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such device")
    log.info("device revoked", extra={"device_code": code, "by": user.username})
    return {"device_code": code, "revoked": True}


@router.post("/users", **errors(409))
def create_user(body: NewUser, user: Admin, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            uid = admin.create_user(conn, body.username, body.password, body.role, body.full_name)
    except admin.AdminError as exc:
        raise _bad(exc) from None
    except sa.exc.IntegrityError:
        raise HTTPException(status.HTTP_409_CONFLICT, "username taken") from None
    return {"id": uid, "username": body.username, "role": body.role}


@router.put("/catalog", **errors(409))
def put_catalog(body: CatalogChanges, user: Admin, request: Request) -> dict:
    try:
        with request.app.state.engine.begin() as conn:
            catalog.upsert_producers(conn, body.producers, user.username)
            catalog.upsert_categories(conn, body.categories)
            catalog.upsert_products(conn, body.products)
            catalog.upsert_staff(conn, body.staff)
            catalog.upsert_prices(conn, body.prices)
            for row in body.sets:  # after the products they name (central/catalog/sets.py)
                gift_sets.save(conn, str(row.get("set_id") or ""), row.get("components"), user.username)
            for loc, values in body.settings.items():
                catalog.set_settings(conn, loc, values)
            rev = catalog.current_rev(conn)
    except CatalogError as exc:
        raise _bad(exc) from None
    except sa.exc.IntegrityError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, f"conflicts with existing rows: {exc.orig}"[:300]) from None
    return {"rev": rev}


@router.get("/catalog/problems")
def catalog_problems(user: Admin, request: Request) -> dict:
    """Catalog rows kiosks would be refused (and the pull withholds), e.g. a negative price or a
    wrong barcode check digit put in by SQL or an import: fix them with PUT /admin/catalog."""
    with request.app.state.engine.connect() as conn:
        rows = catalog_check.scan(conn)
    return {"count": len(rows), "rows": rows}


_BUNDLE = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "title": "Bundle", "type": "object", "required": ["format", "alg", "body", "signature"],
    "description": "an offline bundle as a kiosk writes it (sync/bundle.py): the events' JSON text, signed",
    "properties": {"format": {"const": "ocop-pos-bundle/1"}, "alg": {"const": "ed25519"},
                   "body": {"type": "string"}, "signature": {"type": "string", "description": "hex"}}}}}}}


@router.post("/bundles", openapi_extra=_BUNDLE)
async def import_bundle(request: Request, user: Admin) -> dict:
    raw = await request.body()
    try:
        result = await run_in_threadpool(bundles.import_bytes, request.app.state.engine, raw)
    except bundles.BundleError as exc:
        raise _bad(exc) from None
    log.info("bundle imported", extra={**{k: v for k, v in result.items() if k != "results"}, "by": user.username})
    return result
