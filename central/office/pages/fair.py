"""Fairs without internet, at the office (/office/sync): the catalog bundle a kiosk takes to a
fair on a USB stick (its pull from the cursor it last said it holds, signed: central/events/fair.py),
a kiosk's sales bundle brought back and imported (exactly once, central/events/bundles.py), and the
signed acknowledgement the kiosk reads back. docs/fair_bundles.md says why each is safe to repeat."""
from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from sync.bundle import MAX_BUNDLE_BYTES, BundleError

from central.clock import utc_now_iso
from central.events import bundles, fair
from central.office.deps import Editor, download, engine
from central.office.i18n import _

router = APIRouter(prefix="/office", include_in_schema=False)


def _back(msg: str) -> RedirectResponse:
    return RedirectResponse("/office/sync?msg=" + quote(msg), status_code=303)


def _stamp() -> str:
    return utc_now_iso()[:16].replace("-", "").replace(":", "").replace("T", "-")


@router.post("/sync/{code}/fair-bundle")
def fair_bundle(code: str, request: Request, user: Editor, whole: Annotated[str, Form()] = ""):
    """A POST: each bundle takes a catalog revision of its own (why: central/events/fair.py).
    `whole`: from cursor 0, for a kiosk that refused a file as starting after what it holds (a
    kiosk restored from a backup)."""
    try:
        raw, _info = fair.catalog_bundle(engine(request), code, 0 if whole else None,
                                         request.app.state.settings.public_url or "")
    except BundleError as exc:
        return _back(_("{code}: không tạo được tệp hội chợ: {error}").format(code=code, error=str(exc)))
    return download(raw, f"{code}-{_stamp()}.ocopcentre", "application/json")


@router.get("/sync/{code}/ack")
def ack(code: str, request: Request, user: Editor):
    try:
        raw = fair.ack_file(engine(request), code)
    except BundleError as exc:
        return _back(_("{code}: không tạo được tệp xác nhận: {error}").format(code=code, error=str(exc)))
    return download(raw, f"{code}-{_stamp()}.ocopack", "application/json")


@router.post("/sync/import-bundle")
async def import_bundle(request: Request, user: Editor, file: Annotated[UploadFile, File()]):
    data = await file.read(MAX_BUNDLE_BYTES + 1)
    try:
        out = bundles.import_bytes(engine(request), data)
    except BundleError as exc:
        return _back(_("Không nhận tệp bán hàng: {error}").format(error=str(exc)))
    return _back(_("{code}: {events} sự kiện, {applied} mới, {dup} đã có; máy chủ đã nhận đủ đến số {ack}. "
                   "Tải tệp xác nhận cho máy bán ở cột Hội chợ.").format(
        code=out["device_code"], events=out["events"], applied=out["applied"], dup=out["duplicates"], ack=out["ack"]))
