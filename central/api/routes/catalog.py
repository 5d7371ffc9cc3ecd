"""Catalog pull: what changed since the kiosk's cursor, for the kiosk's own location only."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status

from central.api.deps import CurrentDevice
from central import signing
from central.catalog import pull as catalog

router = APIRouter(tags=["catalog"])


@router.get("/catalog")
def pull(device: CurrentDevice, request: Request,
         cursor: Annotated[str, Query(max_length=20)] = "0",
         limit: Annotated[int, Query(ge=1, le=20000)] = 5000) -> dict:
    if not cursor.isdigit():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "cursor must be a value this server returned")
    engine = request.app.state.engine
    with engine.connect() as conn:
        out = catalog.kiosk_page(conn, device.location_code, device.code, int(cursor), limit,
                                 request.app.state.settings.public_url or "")
    # the cursor asked for is what this kiosk holds: a fair bundle for it starts there
    with engine.begin() as conn:
        catalog.note_cursor(conn, device.code, int(cursor))
    out["centre_key"] = signing.public_key(engine)  # additive: verifies the centre's files at a fair (sync/fair.py)
    return out
