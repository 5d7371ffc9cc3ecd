"""Who sells what, for invoicing: the sellers the centre set up for this kiosk (the pull's
"einvoice" key, docs/einvoice.md), kept in einvoice_config / einvoice_sellers /
einvoice_seller_producers and replaced whole on each pull, so a delegation the centre ended is
gone here too.

The booth operator (is_operator) sells its own goods and every line whose producer no other
seller entry lists; a producer that delegated its invoicing (ủy nhiệm, Circular 91/2026 Art. 9)
has its own entry with its producer ids and the operator as `delegate`: its goods go on an
invoice in its own name, issued by the operator on its behalf."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import checks
from ..errors import ValidationError
from ..store import OpChanges, Store
from . import rules

SELLER_COLS = ("tax_code", "name", "address", "template", "authority_prefix", "symbol", "place_code", "place_name",
               "place_address", "lookup_url", "is_operator", "delegate_tax_code", "delegate_name", "delegate_address")
SETUP_MEMO = "einvoice.setup"  # Store.memo key of setup()
_TEXTS = ("address", "place_code", "place_name", "place_address", "lookup_url")


@dataclass(frozen=True)
class Setup:
    """What complete_sale needs: every seller by tax code, and which seller sells a producer's goods."""
    sellers: dict[str, dict]
    operator: str
    by_producer: dict[str, str]

    def seller_of(self, producer_id: str) -> dict:
        return self.sellers[self.by_producer.get(producer_id, self.operator)]


def _seller_row(entry) -> tuple[tuple, list[str]]:
    if not isinstance(entry, dict):
        raise ValidationError("each e-invoice seller must be an object", field="sellers")
    tax_code = rules.check_tax_code(str(entry.get("tax_code", "")), "tax_code")
    name = checks.text(entry.get("name", ""), "name").strip()
    if not name:
        raise ValidationError("e-invoice seller {tax_code} has no name", field="name", tax_code=tax_code)
    texts = {k: checks.text(entry.get(k) or "", k).strip() for k in _TEXTS}
    delegate = entry.get("delegate") or {}
    if not isinstance(delegate, dict):
        raise ValidationError("the delegate of seller {tax_code} must be an object", field="delegate",
                              tax_code=tax_code)
    operator = entry.get("is_operator") is True
    producers = entry.get("producer_ids") or []
    if not isinstance(producers, list) or not all(isinstance(p, str) and p for p in producers):
        raise ValidationError("producer_ids of seller {tax_code} must be a list of ids", field="producer_ids",
                              tax_code=tax_code)
    if not operator and not producers:
        raise ValidationError("seller {tax_code} is neither the operator nor delegated by any producer",
                              field="producer_ids", tax_code=tax_code)
    if delegate and operator:
        raise ValidationError("the operator {tax_code} invoices in its own name: it has no delegate",
                              field="delegate", tax_code=tax_code)
    d_code = rules.check_tax_code(str(delegate.get("tax_code", "")), "delegate") if delegate else ""
    row = (tax_code, name, texts["address"], rules.check_template(str(entry.get("template", ""))),
           rules.check_authority_prefix(entry.get("authority_prefix")), rules.check_symbol(entry.get("symbol")),
           texts["place_code"], texts["place_name"], texts["place_address"], texts["lookup_url"], int(operator),
           d_code, checks.text(delegate.get("name") or "", "delegate").strip(),
           checks.text(delegate.get("address") or "", "delegate").strip())
    return row, producers


def apply_settings(store: Store, data: dict) -> OpChanges:
    """Replace the kiosk's e-invoice setup with `data` ({"enabled", "sellers": [...]}, the shape of
    the pull's "einvoice" key). All or nothing: a bad entry raises and the old setup stays. The
    pull applies it through pos.einvoice.catchup.apply_settings, which also invoices the first
    day's earlier sales."""
    if not isinstance(data, dict):
        raise ValidationError("the e-invoice settings must be an object", field="einvoice")
    enabled = data.get("enabled") is True
    rows, producers = [], {}
    for entry in checks.records(data.get("sellers") or [], "sellers"):
        row, owned = _seller_row(entry)
        if any(r[0] == row[0] for r in rows):
            raise ValidationError("seller {tax_code} is listed twice", field="sellers", tax_code=row[0])
        rows.append(row)
        for pid in owned:
            if pid in producers:
                raise ValidationError("producer {producer_id} is delegated to two sellers", field="producer_ids",
                                      producer_id=pid)
            producers[pid] = row[0]
    if sum(r[10] for r in rows) > 1:
        raise ValidationError("only one seller can be the booth operator", field="is_operator")
    since = _since(data.get("since"))
    with store.transaction() as conn:
        conn.execute("DELETE FROM einvoice_seller_producers")
        conn.execute("DELETE FROM einvoice_sellers")
        conn.executemany(f"INSERT INTO einvoice_sellers({','.join(SELLER_COLS)}) "
                         f"VALUES ({','.join('?' * len(SELLER_COLS))})", rows)
        conn.executemany("INSERT INTO einvoice_seller_producers(producer_id, seller_tax_code) VALUES (?, ?)",
                         sorted(producers.items()))
        conn.execute("INSERT INTO einvoice_config(id, enabled, received_at, since) VALUES (1, ?, ?, ?) "
                     "ON CONFLICT(id) DO UPDATE SET enabled = excluded.enabled, received_at = excluded.received_at, "
                     "since = excluded.since", (int(enabled), store.now_iso(), since))
        store.forget(SETUP_MEMO)
    return OpChanges(settings=True)


def _since(value) -> str:
    """The Vietnam day (YYYY-MM-DD) from which the centre says this kiosk must invoice, or ''."""
    if value in (None, ""):
        return ""
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ValidationError("the e-invoicing start day must be a date (YYYY-MM-DD), not {value!r}", field="since",
                              value=str(value)[:20]) from None


def setup(store: Store) -> Setup | None:
    """The setup invoices are issued with, or None when this kiosk issues none: switched off, or
    no operator entry (the manager's settings screen says which, see `status`). Every sale asks,
    inside its transaction: kept by the Store (memo) until a pull replaces it (apply_settings) or
    another connection commits, so a sale reads three tables less."""
    return store.memo(SETUP_MEMO, lambda: _read_setup(store))


def _read_setup(store: Store) -> Setup | None:
    """One query when the operator sells alone (the delegations matter only beside other sellers)."""
    sellers = {r["tax_code"]: r for r in store.all(
        f"SELECT {','.join('s.' + c for c in SELLER_COLS)} FROM einvoice_config c JOIN einvoice_sellers s "
        "WHERE c.id = 1 AND c.enabled")}
    operator = next((code for code, r in sellers.items() if r["is_operator"]), None)
    if operator is None:  # switched off, nothing received, or no operator entry
        return None
    by_producer = dict(store.conn.execute("SELECT producer_id, seller_tax_code FROM einvoice_seller_producers"
                                          )) if len(sellers) > 1 else {}
    return Setup(sellers, operator, by_producer)


def status(store: Store) -> dict:
    """For the manager's settings screen: {"state": "on"|"off"|"no_operator"|"not_received", ...}."""
    row = store.one("SELECT enabled, received_at FROM einvoice_config WHERE id = 1")
    if row is None:
        return {"state": "not_received", "sellers": []}
    sellers = store.all("SELECT tax_code, name, template, symbol, is_operator, delegate_tax_code "
                        "FROM einvoice_sellers ORDER BY is_operator DESC, name")
    state = "off" if not row["enabled"] else ("on" if any(s["is_operator"] for s in sellers) else "no_operator")
    return {"state": state, "received_at": row["received_at"], "sellers": sellers}
