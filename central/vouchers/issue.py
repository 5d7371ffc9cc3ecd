"""Issuing vouchers: one or a batch (200 for a fair), their terms checked once here for the
office page and the API alike, each with a fresh unguessable code (pos/voucher_codes.py: the
same check character the kiosk verifies), and the uses allotted to kiosks for offline use.

Allotment is the offline policy's lever (docs/vouchers.md): a kiosk spends offline only the uses
allotted to it, so at most `uses` offline uses exist in total when allotments never exceed the
uses; moving an allotment (reallot) while the old kiosk is offline is the one way an offline
double use can happen, and the centre then reports it at sync."""
from __future__ import annotations

import datetime as dt
import re
import uuid

import sqlalchemy as sa

from pos import voucher_codes
from pos.money import MAX_AMOUNT

from central import models as m
from central.catalog.pull import next_rev
from central.catalog.rules import N_, CatalogError, iso_day, whole
from central.clock import utc_now_iso, vn_today

MAX_BATCH = 2000
MAX_USES = 10_000
KINDS = ("amount", "percent")


def _locations(conn, text) -> list[str]:
    codes = sorted({c.strip() for c in re.split(r"[,\s]+", str(text or "")) if c.strip()})
    known = set(conn.execute(sa.select(m.locations.c.code)).scalars())
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise CatalogError(N_("không có điểm bán {code}"), "locations", code=", ".join(unknown))
    return codes


def parse_allot(text, uses: int) -> dict[str, int]:
    """"HN01" (every use to one kiosk) or "HN01:2, HN02:3" -> {device: uses}; at most `uses` in all."""
    out: dict[str, int] = {}
    for part in re.split(r"[,\s]+", str(text or "").strip()):
        if not part:
            continue
        device, _, n = part.partition(":")
        count = whole(n, "allot", "Số lượt", 1, MAX_USES) if n else uses
        out[device.strip().upper()] = out.get(device.strip().upper(), 0) + count
    if sum(out.values()) > uses:
        raise CatalogError(N_("tổng số lượt phân cho các ki-ốt ({n}) nhiều hơn số lượt của phiếu ({uses})"),
                           "allot", n=sum(out.values()), uses=uses)
    return out


def _check_devices(conn, allot: dict[str, int], locations: list[str]) -> None:
    if not allot:
        return
    devices = dict(conn.execute(sa.select(m.devices.c.code, m.devices.c.location_code)
                                .where(m.devices.c.code.in_(list(allot)))).all())
    for code in allot:
        if code not in devices:
            raise CatalogError(N_("không có ki-ốt {code}"), "allot", code=code)
        if locations and devices[code] not in locations:
            raise CatalogError(N_("ki-ốt {code} không ở điểm bán nào phiếu dùng được"), "allot", code=code)


def terms(conn, form: dict) -> dict:
    """The voucher terms from a form or JSON, checked (Vietnamese refusals naming the field)."""
    kind = str(form.get("kind") or "amount")
    if kind not in KINDS:
        raise CatalogError(N_("loại phiếu phải là số tiền hoặc phần trăm"), "kind")
    value = whole(form.get("value"), "value", "Giá trị", 1, 100 if kind == "percent" else MAX_AMOUNT,
                  money=kind == "amount")
    cap = whole(form.get("cap") or 0, "cap", "Giảm tối đa", 0, MAX_AMOUNT, money=True) if kind == "percent" else 0
    uses = whole(form.get("uses") or 1, "uses", "Số lượt dùng", 1, MAX_USES)
    expires = iso_day(form.get("expires_on"), "expires_on", "Hạn dùng")
    if expires is None:
        raise CatalogError(N_("ghi hạn dùng của phiếu"), "expires_on")
    if dt.date.fromisoformat(expires) < vn_today():
        raise CatalogError(N_("hạn dùng {day} đã qua"), "expires_on", day=expires)
    locations = _locations(conn, form.get("locations"))
    allot = parse_allot(form.get("allot"), uses)
    _check_devices(conn, allot, locations)
    name = " ".join(str(form.get("name") or "").split())[:200]
    batch_no = " ".join(str(form.get("batch_no") or "").split())[:60]
    return {"kind": kind, "value": value, "cap": cap, "uses": uses, "expires_on": expires, "name": name,
            "batch_no": batch_no, "locations": "," + ",".join(locations) + "," if locations else "", "allot": allot}


def issue(conn, form: dict, by: str) -> list[dict]:
    """Issue `count` vouchers with the same terms (inside the caller's transaction); returns them."""
    t = terms(conn, form)
    count = whole(form.get("count") or 1, "count", "Số phiếu", 1, MAX_BATCH)
    allot = t.pop("allot")
    now = utc_now_iso()
    rev = next_rev(conn)  # every change takes a catalog revision: kiosks pull vouchers by it
    rows = [{"id": str(uuid.uuid4()), "code": voucher_codes.new_code(), **t, "status": "active", "created_at": now,
             "created_by": by or "", "rev": rev} for _ in range(count)]
    conn.execute(sa.insert(m.vouchers), rows)
    if allot:
        conn.execute(sa.insert(m.voucher_allotments), [
            {"voucher_id": r["id"], "device_code": d, "uses": n} for r in rows for d, n in allot.items()])
    for r in rows:
        r["allot"] = allot
    return rows


def find(conn, code) -> dict | None:
    code = voucher_codes.canonical(code)
    if not code:
        return None
    row = conn.execute(sa.select(m.vouchers).where(m.vouchers.c.code == code)).first()
    return dict(row._mapping) if row else None


def allotments(conn, voucher_id: str) -> dict[str, int]:
    a = m.voucher_allotments
    return dict(conn.execute(sa.select(a.c.device_code, a.c.uses).where(a.c.voucher_id == voucher_id)
                             .order_by(a.c.device_code)).all())


def reallot(conn, code, allot_text, by: str) -> dict:
    """Move a voucher's offline uses to other kiosks (a booth moved); the kiosks learn it at their
    next pull. A kiosk offline meanwhile may still spend its old allotment: reported at sync."""
    v = find(conn, code)
    if v is None:
        raise CatalogError(N_("không có phiếu {code}"), "code", code=str(code or ""))
    allot = parse_allot(allot_text, v["uses"])
    _check_devices(conn, allot, [c for c in v["locations"].split(",") if c])
    conn.execute(sa.update(m.vouchers).where(m.vouchers.c.id == v["id"]).values(rev=next_rev(conn)))
    conn.execute(sa.delete(m.voucher_allotments).where(m.voucher_allotments.c.voucher_id == v["id"]))
    if allot:
        conn.execute(sa.insert(m.voucher_allotments), [{"voucher_id": v["id"], "device_code": d, "uses": n}
                                                       for d, n in allot.items()])
    return {**v, "allot": allot, "reallotted_by": by}


def void(conn, code, by: str) -> dict:
    """Withdraw a voucher: kiosks drop it at their next pull and the centre refuses it online."""
    v = find(conn, code)
    if v is None:
        raise CatalogError(N_("không có phiếu {code}"), "code", code=str(code or ""))
    conn.execute(sa.update(m.vouchers).where(m.vouchers.c.id == v["id"])
                 .values(status="voided", voided_at=utc_now_iso(), voided_by=by or "", rev=next_rev(conn)))
    return {**v, "status": "voided"}


def batch(conn, batch_no: str) -> list[dict]:
    v = m.vouchers
    return [dict(r._mapping) for r in conn.execute(sa.select(v).where(v.c.batch_no == batch_no)
                                                   .order_by(v.c.created_at, v.c.code))]


def recent(conn, limit: int = 200) -> list[dict]:
    """The latest vouchers issued, with their uses spent (not restored)."""
    v, r = m.vouchers, m.voucher_redemptions
    used = (sa.select(sa.func.count()).where(r.c.voucher_id == v.c.id, r.c.status.in_(("reserved", "redeemed")),
                                             r.c.restored_by == "").scalar_subquery())
    return [dict(x._mapping) for x in conn.execute(
        sa.select(v, used.label("used")).order_by(v.c.created_at.desc(), v.c.code).limit(limit))]
