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
        return catalog.changes_since(conn, device.location_code, int(cursor), limit, device.code)
