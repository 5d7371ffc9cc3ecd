"""Kiosk enrollment: a one-time code (from the admin) is exchanged for the kiosk's own token."""
from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import Response

from sync.protocol import EnrollRequest, EnrollResponse

from central import models as m
from central import security, signing, throttle
from central.api.client_address import client_address
from central.api import bodies
from central.api.deps import CurrentDevice
from central.clock import utc_now_iso

router = APIRouter(tags=["devices"])
log = logging.getLogger("ocop.server.devices")


_ENROLL = bodies.documented(EnrollRequest, EnrollResponse)
_ENROLL["responses"].update({403: {"description": "wrong, used or expired enrollment code"},
                             429: {"description": "too many attempts from this address or for this device"}})


@router.post("/enroll", **_ENROLL)
def enroll(body: Annotated[EnrollRequest, Depends(bodies.body(EnrollRequest))], request: Request) -> Response:
    engine, settings, address = request.app.state.engine, request.app.state.settings, client_address(request)
    try:
        throttle.attempt(engine, settings, "enroll", address, body.device_code)
    except throttle.Refused as exc:
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS,
                            f"too many enrollment attempts; try again in {exc.retry_after} seconds",
                            headers={"Retry-After": str(exc.retry_after)}) from None
    try:
        dev = _spend_code(engine, body)
    except HTTPException:
        throttle.failed(engine, "enroll", address, body.device_code)
        raise
    throttle.succeeded(engine, settings, "enroll", address, body.device_code)
    log.info("device enrolled", extra={"device_code": body.device_code})
    return bodies.reply(EnrollResponse(dev.code, dev.location_code, dev.location_name, dev.location_kind,
                                       dev.token, signing.public_key(engine)))


def _spend_code(engine, body: EnrollRequest):
    """The device row with its new token when the code is right and unspent (spent here), else 403."""
    token = security.new_device_token()
    with engine.begin() as conn:
        dev = conn.execute(
            sa.select(m.devices, m.locations.c.name.label("location_name"), m.locations.c.kind.label("location_kind"))
            .select_from(m.devices.join(m.locations, m.locations.c.code == m.devices.c.location_code))
            .where(m.devices.c.code == body.device_code)
        ).first()
        ok = (dev is not None and dev.enroll_hash is not None and not dev.revoked_at
              and dev.enroll_hash == security.enrollment_hash(body.device_code, body.enrollment_code)
              and (dev.enroll_expires_at or "") > utc_now_iso())
        if not ok:
            log.warning("enrollment refused", extra={"device_code": body.device_code})
            raise HTTPException(status.HTTP_403_FORBIDDEN, "wrong, used or expired enrollment code")
        # the code is spent in the same statement that checks it is still unspent
        res = conn.execute(sa.update(m.devices).where(m.devices.c.code == body.device_code,
                                                      m.devices.c.enroll_hash == dev.enroll_hash)
                           .values(enroll_hash=None, token_hash=security.token_hash(token),
                                   enrolled_at=utc_now_iso(), public_key=body.public_key))
        if res.rowcount != 1:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "enrollment code already used")
    return SimpleNamespace(code=dev.code, location_code=dev.location_code, location_name=dev.location_name,
                           location_kind=dev.location_kind, token=token)


@router.get("/devices/me")
def me(device: CurrentDevice) -> dict:
    return {"device_code": device.code, "location_code": device.location_code, "kind": device.kind}
