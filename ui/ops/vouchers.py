"""Vouchers on the DB thread: check a typed or scanned code against the kiosk's list (with what the
network call needs when it is not allotted here), record the centre's reservation, drop one."""
from __future__ import annotations

from pos import vouchers
from sync import vouchers as online


def check(store, code: str, total: int) -> dict:
    """pos.vouchers.check, plus `config` for the online reservation (None: not enrolled), asked
    first whenever the kiosk is enrolled (`offline`: the allotment to fall back on). A code the kiosk does not list is not refused here
    when the kiosk can ask the centre (it may be valid here since the last pull)."""
    try:
        out = vouchers.check(store, code, total)
    except Exception as exc:  # noqa: BLE001 - re-raised unless the centre can still say yes
        from pos import voucher_codes
        from pos.errors import ValidationError

        config = online.config_for(store)
        if not (isinstance(exc, ValidationError) and voucher_codes.valid(code) and config):
            raise
        return {"code": voucher_codes.canonical(code), "offline": False, "amount": None, "config": config}
    out["config"] = online.config_for(store)
    return out


def record_reservation(store, reply: dict, redemption_id: str, total: int) -> dict:
    """Keep the centre's reservation and say what the voucher pays of `total`."""
    vouchers.record_reservation(store, reply, redemption_id)
    return {"code": reply["code"], "amount": vouchers.value_on(reply, total), "redemption_id": redemption_id}


def release(store, redemption_id: str) -> dict | None:
    """Drop the reservation here; returns what telling the centre needs (None: not enrolled)."""
    vouchers.release(store, redemption_id)
    return online.config_for(store)
