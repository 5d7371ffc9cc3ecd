"""Issuing cash-register e-invoices inside the transaction of the sale (or refund, or void) they
document, with no network: numbers, the authority code and every sum are made here, so a sale
never exists without its invoices nor an invoice without its sale, and a crash uses no number.

One invoice per seller (pos.einvoice.sellers): the operator's goods, and each delegating
producer's. Each sale line is on exactly one invoice; an invoice line's amount is the line's net
(its own discount and its share of the order discount are already inside it and are shown, not
subtracted again), its VAT is pos.money.vat_part(amount, rate), pre-VAT is the rest, and each
invoice total is the sum of its lines (total = pre_vat_total + vat_total).

Refunds and voids: an issued invoice is never changed or deleted. The refund (or void) gets, in
its own transaction, one adjustment invoice per original invoice it touches (kind "adjustment",
related_invoice_id = the original), with negative amounts for what was given back: the rule of
Decree 123/2020 Art. 19 §1b / Circular 78/2021 Art. 7 that a mistaken or reduced invoice is
corrected by an adjustment invoice referring to the original (decrease negative), which
Decree 254/2026 is understood to keep (unconfirmed, docs/einvoice.md). Unit prices stay positive;
quantity, amount, discount, pre-VAT and VAT carry the minus sign (amount = price x qty - discount
on every line, as on the originals)."""
from __future__ import annotations

import datetime as dt
import operator
import secrets

from ..clock import VN_TZ
from ..money import line_amount, vat_part
from ..store import Store, new_id
from .. import outbox
from ..errors import InvalidState
from . import buyers, rules, sellers

INVOICE_COLS = (
    "id", "sale_id", "kind", "related_invoice_id", "template", "symbol", "year", "number", "authority_code",
    "issued_at", "business_day", "seller_tax_code", "seller_name", "seller_address", "place_code", "place_name",
    "place_address", "delegate_tax_code", "delegate_name", "delegate_address", "buyer_name", "buyer_company",
    "buyer_address", "buyer_tax_code", "buyer_id_no", "buyer_email", "buyer_phone", "pre_vat_total", "vat_total",
    "discount_total", "total", "total_words", "lookup_url", "lookup_code")
LINE_COLS = ("id", "invoice_id", "line_no", "sale_line_id", "product_id", "name", "unit", "qty", "by_weight",
             "unit_price", "discount", "amount", "vat_rate", "pre_vat", "vat_amount")
INSERT_INVOICE = f"INSERT INTO invoices({','.join(INVOICE_COLS)}) VALUES ({','.join('?' * len(INVOICE_COLS))})"
INSERT_LINE = f"INSERT INTO invoice_lines({','.join(LINE_COLS)}) VALUES ({','.join('?' * len(LINE_COLS))})"
_invoice_values = operator.itemgetter(*INVOICE_COLS)  # a row dict as the INSERT's values, in column order
_line_values = operator.itemgetter(*LINE_COLS)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper and typed


def vn_time(utc_iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(utc_iso).astimezone(VN_TZ)


def lookup_code() -> str:
    """The code a buyer types on the lookup page with the authority code (10 characters). One read
    of the system's random source: 32 letters divide 256, so byte % 32 is uniform."""
    return "".join(_CODE_ALPHABET[b % 32] for b in secrets.token_bytes(10))


def _next_number(store: Store, seller: str, template: str, symbol: str, year: int) -> int:
    """Bump the (seller, template, symbol, year) counter; inside the caller's transaction."""
    return store.conn.execute(
        "INSERT INTO invoice_counters(seller_tax_code, template, symbol, year, last_no) VALUES (?,?,?,?,1) "
        "ON CONFLICT(seller_tax_code, template, symbol, year) DO UPDATE SET last_no = last_no + 1 RETURNING last_no",
        (seller, template, symbol, year)).fetchone()[0]


def _line(invoice_id: str, n: int, sale_line: dict, sign: int = 1) -> dict:
    """An invoice line for a sale line, or with sign -1 for what a refund or void gives back: then
    quantity, amount, discount, pre-VAT and VAT are all negative, so amount = price x qty -
    discount holds on every line (the centre checks it) and the VAT is vat_part of the amount."""
    qty, by_weight, price = sign * sale_line["qty"], int(sale_line["sold_by_weight"]), sale_line["unit_price"]
    amount = sign * sale_line["net"]
    vat = vat_part(amount, sale_line["vat_rate"])
    return dict(zip(LINE_COLS, (
        new_id(), invoice_id, n, sale_line["id"], sale_line["product_id"], sale_line["name_vi"], sale_line["unit"],
        qty, by_weight, price, line_amount(price, qty, bool(by_weight)) - amount, amount, sale_line["vat_rate"],
        amount - vat, vat)))


def _write(store: Store, head: dict, lines: list[dict], day: str, at: str | None = None) -> dict:
    """Number the invoice, total it from its lines, insert it, and queue its invoice.issued event."""
    year = int(head["issued_at"][:4])  # issued_at is Vietnam time already (vn_time(...).isoformat())
    symbol = rules.symbol_for_year(head["symbol"], year)
    number = _next_number(store, head["seller_tax_code"], head["template"], symbol, year)
    vat_total = sum(ln["vat_amount"] for ln in lines)
    total = sum(ln["amount"] for ln in lines)
    head.update(symbol=symbol, year=year, number=number, business_day=day,
                authority_code=rules.authority_code(head["template"], symbol, year, number, head.pop("prefix")),
                pre_vat_total=total - vat_total, vat_total=vat_total, total=total,
                discount_total=sum(ln["discount"] for ln in lines), total_words=rules.amount_in_words(total),
                lookup_code=lookup_code())
    row = _invoice_values(head)
    store.conn.execute(INSERT_INVOICE, row)
    store.conn.executemany(INSERT_LINE, map(_line_values, lines))
    payload = {"invoice": dict(zip(INVOICE_COLS, row)), "lines": lines}
    outbox.add(store, "invoice.issued", payload, day, at)
    return payload


def _seller_head(seller: dict) -> dict:
    return {"template": seller["template"], "symbol": seller["symbol"], "prefix": seller["authority_prefix"],
            "seller_tax_code": seller["tax_code"], "seller_name": seller["name"],
            "seller_address": seller["address"], "place_code": seller["place_code"],
            "place_name": seller["place_name"], "place_address": seller["place_address"],
            "delegate_tax_code": seller["delegate_tax_code"], "delegate_name": seller["delegate_name"],
            "delegate_address": seller["delegate_address"], "lookup_url": seller["lookup_url"]}


def for_sale(store: Store, sale: dict, lines: list[dict], buyer: dict | None) -> int:
    """Issue the invoices of a sale just written (`sale`/`lines`: its rows as dicts). Runs inside
    the sale's transaction, after its sale.completed event; returns how many were issued (0 when
    this kiosk issues none: e-invoicing off or not set up)."""
    setup = sellers.setup(store)
    if setup is None:
        return 0
    groups: dict[str, list[dict]] = {}
    for line in lines:
        groups.setdefault(setup.seller_of(line["producer_id"])["tax_code"], []).append(line)
    issued_at = vn_time(sale["created_at"]).isoformat(timespec="seconds")
    order = sorted(groups, key=lambda code: (code != setup.operator, code))  # the operator's first
    for code in order:
        head = {"id": new_id(), "sale_id": sale["id"], "kind": "original", "related_invoice_id": None,
                "issued_at": issued_at, **_seller_head(setup.sellers[code]), **buyers.invoice_fields(buyer)}
        _write(store, head, [_line(head["id"], n, ln) for n, ln in enumerate(groups[code], start=1)],
               sale["business_day"], sale["created_at"])
    return len(order)


def _originals(store: Store, sale_line_ids: list[str]) -> dict[str, tuple[dict, dict]]:
    """{sold line id: (its invoice line, the invoice it adjusts or is on)} for the lines that were
    invoiced: the invoice in force, i.e. a replacement rather than the invoice it replaced (the
    later one wins). A supplement's line is only on its increase (pos.supplements): it maps to the
    invoice that increase adjusted, so what gives it back adjusts that invoice too."""
    if not sale_line_ids:
        return {}
    marks = ",".join("?" * len(sale_line_ids))
    found: dict[str, dict] = {}
    for r in store.all(f"SELECT l.*, i.kind AS kind_, i.related_invoice_id AS related_ FROM invoice_lines l "
                       f"JOIN invoices i ON i.id = l.invoice_id WHERE l.sale_line_id IN ({marks}) ORDER BY i.rowid",
                       sale_line_ids):
        if r["kind_"] != "adjustment" or r["sale_line_id"] not in found:  # the increase comes before a void's
            found[r["sale_line_id"]] = r
    wanted = {r["related_"] if r["kind_"] == "adjustment" else r["invoice_id"] for r in found.values()}
    heads = {h["id"]: h for h in store.all(f"SELECT * FROM invoices WHERE id IN ({','.join('?' * len(wanted))})",
                                           sorted(wanted))} if wanted else {}
    return {lid: (r, heads[r["related_"] if r["kind_"] == "adjustment" else r["invoice_id"]])
            for lid, r in found.items()}


def in_force(store: Store, sale_id: str) -> list[dict]:
    """A sale's invoices that nothing replaced (originals, or the replacements that took their place)."""
    return store.all("SELECT * FROM invoices i WHERE sale_id = ? AND kind <> 'adjustment' AND NOT EXISTS "
                     "(SELECT 1 FROM invoices r WHERE r.related_invoice_id = i.id AND r.kind = 'replacement') "
                     "ORDER BY rowid", (sale_id,))


def replace_with_buyer(store: Store, sale: dict, buyer: dict, now_iso: str, day: str) -> int:
    """Replacement invoices putting `buyer` on a sale already invoiced to a consumer (or to another
    buyer): each invoice in force is replaced by a new one, numbered anew, same lines, that says
    which invoice it replaces (Decree 123/2020 Art. 19 §1b carried forward; unconfirmed for Decree
    254/2026, docs/einvoice.md). Inside the caller's transaction; returns the count."""
    current = in_force(store, sale["id"])
    for orig in current:
        _replace(store, orig, buyer, now_iso, day)
    return len(current)


def correct_buyer(store: Store, sale: dict, buyer: dict, now_iso: str, day: str) -> tuple[int, int]:
    """Put `buyer` on a sale's invoices in force, each the way the rules allow it: an invoice never
    adjusted is replaced (replace_with_buyer); one already adjusted (a refund gave goods back) gets
    an adjustment of the buyer's details only - no lines, nothing owed changes - because once an
    invoice was corrected by adjustment, later corrections of it are adjustments too (Circular
    78/2021 Art. 7; to confirm against Circular 91/2026). A replacement there would make the earlier
    adjustment refer to a cancelled invoice, and carrying "what is left" on it would count the
    refund twice. The increases of the sale's standing supplements (pos.supplements) are invoices
    too, to a consumer when the buyer came later: each gets its own adjustment of the buyer's
    details (sale_id = the supplement), so the buyer reaches every invoice the sale's money is on.
    Returns (replacements, adjustments); inside the caller's transaction."""
    replaced = adjusted = 0
    for orig in in_force(store, sale["id"]):
        if store.one("SELECT 1 FROM invoices WHERE related_invoice_id = ? AND kind = 'adjustment'", (orig["id"],)):
            _buyer_only(store, orig, sale["id"], buyer, now_iso, day)
            adjusted += 1
        else:
            _replace(store, orig, buyer, now_iso, day)
            replaced += 1
    for inc in increases(store, sale["id"]):
        _buyer_only(store, inc, inc["sale_id"], buyer, now_iso, day)
        adjusted += 1
    return replaced, adjusted


def increases(store: Store, sale_id: str) -> list[dict]:
    """The increasing adjustments of the completed supplements of `sale_id`, in issuing order."""
    return store.all("SELECT i.* FROM invoices i JOIN sales s ON s.id = i.sale_id WHERE s.original_sale_id = ? "
                     "AND s.kind = 'sale' AND s.status = 'completed' AND i.kind = 'adjustment' AND i.total > 0 "
                     "ORDER BY i.rowid", (sale_id,))


def _buyer_only(store: Store, inv: dict, sale_id: str, buyer: dict, now_iso: str, day: str) -> None:
    """An adjustment of `inv` for the buyer's details only: no lines, nothing owed changes."""
    head = {c: inv[c] for c in INVOICE_COLS}
    head.update(id=new_id(), kind="adjustment", related_invoice_id=inv["id"], sale_id=sale_id,
                issued_at=vn_time(now_iso).isoformat(timespec="seconds"),
                prefix=inv["authority_code"].split("-")[2], **buyers.invoice_fields(buyer))
    _write(store, head, [], day)


def _replace(store: Store, orig: dict, buyer: dict, now_iso: str, day: str) -> None:
    head = {c: orig[c] for c in INVOICE_COLS}
    head.update(id=new_id(), kind="replacement", related_invoice_id=orig["id"],
                issued_at=vn_time(now_iso).isoformat(timespec="seconds"),
                prefix=orig["authority_code"].split("-")[2], **buyers.invoice_fields(buyer))
    lines = [{**{c: ln[c] for c in LINE_COLS}, "id": new_id(), "invoice_id": head["id"]}
             for ln in store.all("SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no", (orig["id"],))]
    _write(store, head, lines, day)


def buyer_in_force(store: Store, inv: dict) -> dict:
    """The buyer_* fields an invoice stands for now: its own, or those of its latest adjustment of
    the buyer's details (an adjustment without lines, correct_buyer)."""
    info = store.one("SELECT * FROM invoices a WHERE related_invoice_id = ? AND kind = 'adjustment' AND NOT EXISTS "
                     "(SELECT 1 FROM invoice_lines l WHERE l.invoice_id = a.id) ORDER BY rowid DESC LIMIT 1",
                     (inv["id"],))
    src = info or inv
    return {c: src[c] for c in INVOICE_COLS if c.startswith("buyer_")}


def adjust(store: Store, refund_sale: dict, given_back: list[dict]) -> int:
    """Adjustment invoices for a refund or a void: `given_back` are sale-line dicts of what goes
    back (a refund's own lines, whose original_line_id names the sold line; for a void the sold
    lines themselves). Each original invoice touched gets one adjustment, issued by the same
    seller and symbol as the original, to the buyer it stands for now (buyer_in_force). Inside the
    caller's transaction; returns the count."""
    key = "original_line_id" if refund_sale["kind"] == "refund" else "id"
    originals = _originals(store, [ln[key] for ln in given_back if ln.get(key)])
    groups: dict[str, list[tuple[dict, dict]]] = {}
    for ln in given_back:
        if ln.get(key) in originals:
            inv_line, head = originals[ln[key]]
            groups.setdefault(head["id"], []).append(({**ln, "name_vi": inv_line["name"]}, head))
    issued_at = vn_time(refund_sale["created_at"]).isoformat(timespec="seconds")
    for orig_id, pieces in groups.items():
        orig = pieces[0][1]
        head = {c: orig[c] for c in INVOICE_COLS}
        head.update(id=new_id(), sale_id=refund_sale["id"], kind="adjustment", related_invoice_id=orig_id,
                    issued_at=issued_at, prefix=orig["authority_code"].split("-")[2], **buyer_in_force(store, orig))
        lines = [_line(head["id"], n, ln, sign=-1) for n, (ln, _) in enumerate(pieces, start=1)]
        _write(store, head, lines, refund_sale["business_day"])
    return len(groups)


def increase(store: Store, supp: dict, lines: list[dict], orig: dict) -> int:
    """Increasing adjustment invoices for a supplement (pos.supplements): each invoice in force of
    the original sale that the supplement's lines belong to gets one adjustment, positive, issued
    by the same seller and symbol, to the buyer it stands for now - a raised line goes with the
    invoice its sold line is on, goods added with the invoice of their seller (the seller set up for
    their producer; with e-invoicing switched off since, the sale's first invoice). Goods of a seller
    with no invoice on the sale are refused: that is a new sale of that seller, not a correction.
    Inside the caller's transaction; returns the count (printed "Điều chỉnh tăng cho hóa đơn ...",
    rules.adjustment_nature reads a positive total as an increase)."""
    current = in_force(store, orig["id"])
    by_seller = {inv["seller_tax_code"]: inv for inv in current}
    setup = sellers.setup(store)
    raised = _originals(store, [ln["original_line_id"] for ln in lines if ln["original_line_id"]])
    groups: dict[str, tuple[dict, list[dict]]] = {}
    for ln in lines:
        if ln["original_line_id"]:
            found = raised.get(ln["original_line_id"])
            inv = found[1] if found else None
            ln = {**ln, "name_vi": rules.PRICE_RAISE_NAME.format(name=ln["name_vi"])}
        else:
            inv = by_seller.get(setup.seller_of(ln["producer_id"])["tax_code"]) if setup else current[0]
        if inv is None:
            raise InvalidState("{name} is not on an invoice of {receipt_no}: sell it as a new sale",
                               name=ln["name_vi"], receipt_no=orig["receipt_no"])
        groups.setdefault(inv["id"], (inv, []))[1].append(ln)
    issued_at = vn_time(supp["created_at"]).isoformat(timespec="seconds")
    for orig_inv, pieces in groups.values():
        head = {c: orig_inv[c] for c in INVOICE_COLS}
        head.update(id=new_id(), sale_id=supp["id"], kind="adjustment", related_invoice_id=orig_inv["id"],
                    issued_at=issued_at, prefix=orig_inv["authority_code"].split("-")[2],
                    **buyer_in_force(store, orig_inv))
        _write(store, head, [_line(head["id"], n, ln) for n, ln in enumerate(pieces, start=1)],
               supp["business_day"])
    return len(groups)


def of_sale(store: Store, sale_id: str) -> list[dict]:
    """The invoices a sale (or refund) carries, each with its lines, in issuing order."""
    heads = store.all("SELECT * FROM invoices WHERE sale_id = ? ORDER BY rowid", (sale_id,))
    for h in heads:
        h["lines"] = store.all("SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no", (h["id"],))
    return heads
