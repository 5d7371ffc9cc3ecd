"""The kiosk asks the centre to reserve a voucher use before a sale it cannot cover from its own
allotment (docs/vouchers.md). The payment screen runs this on a short-lived thread of its own (the
UI thread never waits on the network, and the DB worker is not held up by it): first the DB op
reads what the call needs (config_for), then reserve() talks to the centre, then the DB op records
the reservation (pos.vouchers.record_reservation). The redemption id is made before the first try,
so a lost reply asked again is the same reservation, never a second use."""
from __future__ import annotations

from pos.store import Store

from sync.client import Refused, SyncClient, make_session, verify_for

TIMEOUT = (3.0, 6.0)  # connect, read: a clerk is waiting with a customer


class VoucherRefused(Exception):
    """The centre will not reserve the use: `reason` is spent, voided, expired, location, unknown,
    malformed or redemption_id (central/vouchers/redeem.py)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(detail or reason)
        self.reason = reason


def config_for(store: Store) -> dict | None:
    """What the call needs, read on the DB worker; None when the kiosk is not enrolled."""
    s = store.settings()
    if not s.get("server_url") or not s.get("sync_token"):
        return None
    return {"url": str(s["server_url"]), "token": str(s["sync_token"]), "verify": verify_for(store),
            "allow_http": bool(s.get("sync_allow_http"))}


def _client(config: dict) -> SyncClient:
    return SyncClient(config["url"], config["token"], session=make_session(1, 0.2), timeout=TIMEOUT,
                      verify=config["verify"], allow_http=config["allow_http"])


def reserve(config: dict, code: str, redemption_id: str, total: int = 0) -> dict:
    """The centre's reservation (its reply: the voucher's terms); raises VoucherRefused, or
    sync.client.SyncError when the centre cannot be reached (the kiosk is offline)."""
    client = _client(config)
    try:
        return client.request("POST", f"/vouchers/{code}/redeem", json={"redemption_id": redemption_id,
                                                                         "total": total})
    except Refused as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {"message": str(exc.detail)}
        raise VoucherRefused(str(detail.get("field") or exc.status), str(detail.get("message") or "")) from None
    finally:
        client.close()


def release(config: dict, redemption_id: str) -> None:
    """Give a reservation back (best effort: one not given back stays counted at the centre)."""
    client = _client(config)
    try:
        client.request("POST", "/vouchers/release", json={"redemption_id": redemption_id})
    finally:
        client.close()
