"""Findings of the nightly e-invoice check (central/einvoice/check.py) that an administrator marked
handled, with a reason: a sale sold while e-invoicing was off at a kiosk that will not be switched
on again (so no late invoice will come, pos/einvoice/catchup.py), an invoice the seller made from
its provider's portal instead, a finding explained to the tax office. The finding is not deleted
or hidden: the e-invoices page lists it with the reason, who and when; it only stops counting as a
problem (sync health, the nightly files). Each marking is also a row in admin_actions."""
from __future__ import annotations

import json

import sqlalchemy as sa

from central import models as m
from central.catalog.rules import CatalogError, N_

M = m.einvoice_check_marks
REASON_MAX = 500


def key(finding: dict) -> str:
    """The finding's identity across nights: its kind, its sale and its invoice."""
    return f"{finding['kind']}:{finding['sale_id']}:{finding['invoice_id'] or ''}"


def split(conn, found: list[dict]) -> tuple[list[dict], list[dict]]:
    """(open findings, findings marked handled - each with "mark": reason, created_by, created_at)."""
    if not found:
        return [], []
    sale_ids = sorted({f["sale_id"] for f in found})
    rows = {}
    for chunk in range(0, len(sale_ids), 500):
        q = sa.select(M).where(M.c.sale_id.in_(sale_ids[chunk:chunk + 500]))
        rows.update({f"{r.kind}:{r.sale_id}:{r.invoice_id}": dict(r._mapping) for r in conn.execute(q)})
    open_, handled = [], []
    for f in found:
        mark = rows.get(key(f))
        (handled if mark else open_).append({**f, "mark": mark} if mark else f)
    return open_, handled


def mark(conn, found: list[dict], keys: list[str], reason: str, actor: str, now_iso: str, day: str) -> int:
    """Mark the open findings `keys` (of `found`, the day's open findings) handled with `reason`, in
    the caller's transaction, audited. Refused (CatalogError, nothing written) without a reason or a
    finding, or for a finding that is not open any more (fixed meanwhile, or already marked)."""
    reason = str(reason or "").strip()
    if not reason:
        raise CatalogError(N_("cần điền {what}"), "reason", what=N_("lý do"))
    if len(reason) > REASON_MAX:
        raise CatalogError(N_("{what} dài quá {limit} ký tự"), "reason", what=N_("lý do"), limit=REASON_MAX)
    wanted = list(dict.fromkeys(k for k in keys if k))
    if not wanted:
        raise CatalogError(N_("chọn ít nhất một điểm không khớp"), "finding")
    by_key = {key(f): f for f in found}
    gone = [k for k in wanted if k not in by_key]
    if gone:
        raise CatalogError(N_("điểm không khớp {finding} không còn (đã được sửa hoặc đã đánh dấu)"), "finding",
                      finding=gone[0].split(":")[1])
    rows = [{"kind": f["kind"], "sale_id": f["sale_id"], "invoice_id": f["invoice_id"] or "", "day": day,
             "device_code": f["device_code"], "receipt_no": f["receipt_no"], "sale_total": f["sale_total"],
             "invoice_total": f["invoice_total"], "reason": reason, "created_by": actor, "created_at": now_iso}
            for f in (by_key[k] for k in wanted)]
    conn.execute(sa.insert(M), rows)
    conn.execute(sa.insert(m.admin_actions).values(
        at=now_iso, actor=actor, action="einvoice-check-mark", target=day,
        detail=json.dumps({"reason": reason, "findings": wanted}, ensure_ascii=False)))
    return len(rows)
