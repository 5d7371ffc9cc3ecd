"""What the centre hands a kiosk on a USB stick at a fair without internet (docs/fair_bundles.md):

- the catalog bundle: exactly what the kiosk's network pull would return from the cursor it last
  said it holds (every page of central/catalog/pull.kiosk_page, the pull's own code), addressed to
  that kiosk, with the centre's acknowledgement of its events;
- the acknowledgement file, written when a kiosk's sales bundle is imported: which device, up to
  which seq the centre holds them all.

Both are signed with the centre's key (central/signing.py); the kiosk checks them (sync/fair.py).

Why each catalog bundle takes a catalog revision of its own: its end cursor is then new and
unique, so a kiosk orders bundles and network pulls by the cursor alone. A bundle whose end is at
or below the kiosk's cursor is older than what it holds (ignored, once applied), one that starts
above it would leave a gap (refused), anything else brings it exactly to the bundle's end. The
revision is taken under the counter's lock (pull.next_rev), so every row with a lower revision has
committed before the pages are read in the same transaction."""
from __future__ import annotations

import sqlalchemy as sa

from sync.bundle import ACK_FORMAT, CENTRE_FORMAT, BundleError, sign

from central import models as m
from central import signing
from central.catalog import pull
from central.clock import utc_now_iso

PAGE = 5000


def _device(conn, device_code: str):
    dev = conn.execute(sa.select(m.devices).where(m.devices.c.code == device_code)).first()
    if dev is None:
        raise BundleError(f"unknown device {device_code!r}")
    if dev.revoked_at:
        raise BundleError(f"device {device_code} is revoked")
    if not dev.enrolled_at:
        raise BundleError(f"device {device_code} is not enrolled yet: it could not check the centre's signature")
    return dev


def catalog_bundle(engine, device_code: str, cursor: int | None = None, public_url: str = "") -> tuple[bytes, dict]:
    """(the signed file, a summary). `cursor`: where to start, default the cursor the kiosk last said
    it holds (0, the whole catalog, when it never said)."""
    with engine.begin() as conn:
        dev = _device(conn, device_code)
        start = int(dev.pull_cursor or 0) if cursor is None else int(cursor)
        priv, _ = signing.keys(conn)
        pull.next_rev(conn)  # this bundle's own revision: its end cursor is unique (see above)
        pages, at = [], start
        while True:
            page = pull.kiosk_page(conn, dev.location_code, dev.code, at, PAGE, public_url)
            pages.append(page)
            at = int(page["cursor"])
            if not page.get("more"):
                break
        body = {"device_code": dev.code, "location_code": dev.location_code, "made_at": utc_now_iso(),
                "from_cursor": start, "to_cursor": at, "ack": int(dev.contiguous_seq), "pages": pages}
        raw = sign(priv, CENTRE_FORMAT, body)
    rows = sum(len(v) for p in pages for v in p.values() if isinstance(v, list))
    return raw, {"device_code": dev.code, "from_cursor": start, "to_cursor": at, "pages": len(pages),
                 "rows": rows, "ack": int(dev.contiguous_seq), "bytes": len(raw)}


def ack_file(engine, device_code: str) -> bytes:
    """The centre's signed word of how far it holds `device_code`'s events (after an import)."""
    with engine.begin() as conn:
        dev = _device(conn, device_code)
        priv, _ = signing.keys(conn)
        return sign(priv, ACK_FORMAT, {"device_code": dev.code, "made_at": utc_now_iso(),
                                       "ack": int(dev.contiguous_seq), "max_seq": int(dev.max_seq)})
