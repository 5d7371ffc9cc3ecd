"""Catalog pull: what changed since the kiosk's cursor, for the kiosk's own location only."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status

from central.api.deps import CurrentDevice
from central.catalog import pull as catalog

router = APIRouter(tags=["catalog"])


@router.get("/catalog")
def pull(device: CurrentDevice, request: Request,
         cursor: Annotated[str, Query(max_length=20)] = "0",
         limit: Annotated[int, Query(ge=1, le=20000)] = 5000) -> dict:
    if not cursor.isdigit():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "cursor must be a value this server returned")
    with request.app.state.engine.connect() as conn:
        out = catalog.changes_since(conn, device.location_code, int(cursor), limit, device.code)
    public_url = request.app.state.settings.public_url
    if public_url:  # additive: kiosks print the Digital Link of the lot sold (pos/gs1.py lot_link)
        out["public_url"] = public_url.rstrip("/")
    return out
