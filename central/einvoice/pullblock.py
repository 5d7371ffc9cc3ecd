"""The `"einvoice"` block of a kiosk's catalog pull (the contract in docs/einvoice.md): the sellers
this kiosk issues invoices for, each with THIS kiosk's symbol and the business location at the
kiosk's place. A seller without a symbol for this kiosk is left out (the kiosk cannot number its
invoices); without an operator entry the kiosk issues none and says so. "since" is the day from
which this kiosk owes invoices (the operator's symbol), so a setup that takes days to arrive still
invoices the sales made since."""
from __future__ import annotations

import sqlalchemy as sa

from central import models as m


def _place(conn, tax_code: str, location_code: str) -> dict:
    P = m.einvoice_places
    rows = list(conn.execute(sa.select(P).where(P.c.seller_tax_code == tax_code).order_by(P.c.code)).mappings())
    here = [r for r in rows if r["location_code"] == location_code] or rows
    return dict(here[0]) if here else {"code": "", "name": "", "address": ""}


def block(conn, device_code: str, location_code: str) -> dict:
    S, Y, D = m.einvoice_sellers, m.einvoice_symbols, m.einvoice_delegations
    rows = conn.execute(sa.select(Y.c.seller_tax_code, Y.c.symbol, Y.c.since).where(Y.c.device_code == device_code))
    symbols, since = {}, {}
    for tax, symbol, day in rows:
        symbols[tax], since[tax] = symbol, day
    sellers = {r["tax_code"]: dict(r) for r in conn.execute(sa.select(S).where(S.c.enabled == 1)).mappings()}
    producers: dict[str, list[str]] = {}
    for pid, tax in conn.execute(sa.select(D.c.producer_id, D.c.seller_tax_code).order_by(D.c.producer_id)):
        producers.setdefault(tax, []).append(pid)
    out = []
    for tax, s in sorted(sellers.items()):
        if tax not in symbols:
            continue
        place = _place(conn, tax, location_code)
        delegate = sellers.get(s["delegate_tax_code"]) if s["delegate_tax_code"] else None
        out.append({"tax_code": tax, "name": s["name"], "address": s["address"], "template": s["template"],
                    "authority_prefix": s["authority_prefix"], "symbol": symbols[tax],
                    "place_code": place["code"], "place_name": place["name"], "place_address": place["address"],
                    "lookup_url": s["lookup_url"], "is_operator": bool(s["is_operator"]),
                    "producer_ids": producers.get(tax, []),
                    "delegate": ({"tax_code": delegate["tax_code"], "name": delegate["name"],
                                  "address": delegate["address"]} if delegate else None)})
    operator = next((s["tax_code"] for s in out if s["is_operator"]), None)
    owed = since.get(operator, "") if operator else ""
    return {"enabled": operator is not None, "sellers": out, **({"since": owed} if owed else {})}
