"""Kiosk enrollment: a one-time code (from the admin) is exchanged for the kiosk's own token."""
from __future__ import annotations

import logging
from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import Response

from sync.protocol import EnrollRequest, EnrollResponse

from central import models as m
from central import security
from central.api import bodies
from central.api.deps import CurrentDevice
from central.clock import utc_now_iso

router = APIRouter(tags=["devices"])
log = logging.getLogger("ocop.server.devices")


@router.post("/enroll", **bodies.documented(EnrollRequest, EnrollResponse))
def enroll(body: Annotated[EnrollRequest, Depends(bodies.body(EnrollRequest))], request: Request) -> Response:
    token = security.new_device_token()
    with request.app.state.engine.begin() as conn:
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
    log.info("device enrolled", extra={"device_code": body.device_code})
    return bodies.reply(EnrollResponse(dev.code, dev.location_code, dev.location_name, dev.location_kind, token))


@router.get("/devices/me")
def me(device: CurrentDevice) -> dict:
    return {"device_code": device.code, "location_code": device.location_code, "kind": device.kind}
