"""A device's pending seqs for an administrator: see them, clear the stray ones (audited;
central/events/stray.py says what clearing does and why it is safe)."""
from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request, status

from central.api.deps import Admin
from central.api.spec import errors
from central.events import stray

router = APIRouter(prefix="/admin", tags=["admin"])
log = logging.getLogger("ocop.server.admin")


@router.get("/devices/{code}/pending", **errors(404))
def pending(code: str, user: Admin, request: Request) -> dict:
    """The device's marks and the stored events waiting above its contiguous mark."""
    try:
        with request.app.state.engine.connect() as conn:
            return stray.pending(conn, code)
    except stray.NoDevice:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such device") from None


@router.post("/devices/{code}/clear-stray", **errors(404))
def clear_stray(code: str, user: Admin, request: Request,
                above: Annotated[int | None, Query(ge=0, le=2**62)] = None) -> dict:
    """Delete the device's stored, unapplied events above its contiguous mark (or above `above`)."""
    try:
        with request.app.state.engine.begin() as conn:
            out = stray.clear(conn, code, user.username, above)
    except stray.NoDevice:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such device") from None
    log.warning("stray pending seqs cleared", extra={"device_code": code, "by": user.username,
                                                     "cleared": out["cleared"], "max_seq": out["max_seq"]})
    return out
