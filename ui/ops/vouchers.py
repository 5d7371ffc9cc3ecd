"""Vouchers on the DB thread: check a typed or scanned code against the kiosk's list (with what the
network call needs when the kiosk is enrolled), record the centre's reservation, drop one."""
from __future__ import annotations

from pos import voucher_codes, vouchers
from pos.errors import ValidationError
from sync import vouchers as online


def check(store, code: str, total: int) -> dict:
    """pos.vouchers.check, plus `config` for the online reservation (None: not enrolled), asked
    first whenever the kiosk is enrolled (`offline`: the allotment to fall back on). A well-formed
    code the kiosk does not list is not refused when the kiosk can ask the centre (it may be valid
    here since the last pull): the centre's reply brings its terms."""
    config = online.config_for(store)
    try:
        out = vouchers.check(store, code, total)
    except ValidationError:
        if not (config and voucher_codes.valid(code)):
            raise
        return {"code": voucher_codes.canonical(code), "offline": False, "amount": None, "config": config}
    out["config"] = config
    return out


def record_reservation(store, reply: dict, redemption_id: str, total: int) -> dict:
    """Keep the centre's reservation and say what the voucher pays of `total`."""
    vouchers.record_reservation(store, reply, redemption_id)
    return {"code": reply["code"], "amount": vouchers.value_on(reply, total), "redemption_id": redemption_id}


def release(store, redemption_id: str) -> dict | None:
    """Drop the reservation here; returns what telling the centre needs (None: not enrolled)."""
    vouchers.release(store, redemption_id)
    return online.config_for(store)
