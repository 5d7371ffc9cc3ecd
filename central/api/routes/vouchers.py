"""Vouchers over the API: a kiosk reserves a use online before a sale it cannot cover from its own
allotment (device token), and gives it back if the voucher came off the payment; the office issues
vouchers (one or a batch) and reads one (user token, issuing needs admin or manager).
docs/vouchers.md says the policy."""
from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, Field

from sync import protocol as p

from central.api import bodies
from central.api.deps import CurrentDevice, user_scheme
from central.api.spec import errors
from central.catalog.rules import CatalogError
from central.office.auth import OfficeUser, api_editor, api_user
from central.vouchers import issue, redeem

router = APIRouter(tags=["vouchers"])
log = logging.getLogger("ocop.server.vouchers")
Viewer = Annotated[OfficeUser, Depends(api_user)]
Editor = Annotated[OfficeUser, Depends(api_editor)]


def _documented(request, response, *codes: int) -> dict:
    out = bodies.documented(request, response)
    out["responses"] = {**out.get("responses", {}), **errors(*codes)["responses"]}
    return out


@router.post("/vouchers/{code}/redeem", **_documented(p.VoucherRedeemRequest, p.VoucherRedeemResponse, 404, 409))
def reserve(code: str, device: CurrentDevice,
            body: Annotated[p.VoucherRedeemRequest, Depends(bodies.body(p.VoucherRedeemRequest))],
            request: Request) -> Response:
    """Reserve one use of the voucher for this kiosk; the same redemption id again is answered the
    same. 409 when it is spent, allotted to other kiosks, withdrawn, expired or not valid here."""
    try:
        with request.app.state.engine.begin() as conn:
            out = redeem.reserve(conn, device.code, device.location_code, code, body.redemption_id)
    except redeem.Refused as exc:
        log.info("voucher refused", extra={"device_code": device.code, "reason": exc.reason})
        raise HTTPException(exc.status, {"message": str(exc), "field": exc.reason}) from None
    log.info("voucher reserved", extra={"device_code": device.code, "redemption_id": body.redemption_id})
    return bodies.reply(out, p.VoucherRedeemResponse)


@router.post("/vouchers/release", **_documented(p.VoucherReleaseRequest, None, 404))
def release(device: CurrentDevice,
            body: Annotated[p.VoucherReleaseRequest, Depends(bodies.body(p.VoucherReleaseRequest))],
            request: Request) -> Response:
    """Give back a reservation this kiosk made and did not spend."""
    with request.app.state.engine.begin() as conn:
        if not redeem.release(conn, device.code, body.redemption_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no reservation of this kiosk with this id")
    return bodies.reply({"released": body.redemption_id})


class IssueBody(BaseModel):
    """Vouchers to issue, all with the same terms."""
    count: int = Field(1, ge=1, le=issue.MAX_BATCH)
    kind: str = Field("amount", pattern="^(amount|percent)$")
    value: int = Field(..., gt=0)
    cap: int = Field(0, ge=0)
    uses: int = Field(1, ge=1, le=issue.MAX_USES)
    expires_on: str = Field(..., max_length=10, description="the last Vietnam day it is valid (YYYY-MM-DD)")
    locations: str = Field("", max_length=2000, description="location codes, comma separated; empty: every location")
    allot: str = Field("", max_length=2000, description='offline uses per kiosk: "HN01" or "HN01:2, HN02:3"')
    name: str = Field("", max_length=200)
    batch_no: str = Field("", max_length=60)


@router.post("/office/vouchers", dependencies=[Depends(user_scheme)], **errors(422))
def issue_vouchers(body: IssueBody, user: Editor, request: Request) -> dict[str, Any]:
    """Issue `count` vouchers (administrators and managers); the reply lists their codes."""
    try:
        with request.app.state.engine.begin() as conn:
            rows = issue.issue(conn, body.model_dump(), user.username)
    except CatalogError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, {"message": str(exc), "field": exc.field}) from None
    return {"vouchers": [{k: r[k] for k in ("id", "code", "kind", "value", "cap", "uses", "expires_on", "locations",
                                             "batch_no", "allot")} for r in rows]}


@router.get("/office/vouchers/{code}", dependencies=[Depends(user_scheme)], **errors(404))
def get_voucher(code: str, user: Viewer, request: Request) -> dict[str, Any]:
    """A voucher's terms, allotments and uses."""
    with request.app.state.engine.connect() as conn:
        v = issue.find(conn, code)
        if v is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "no such voucher")
        return {**v, "allot": issue.allotments(conn, v["id"]), "uses_committed": redeem.committed(conn, v["id"])}
