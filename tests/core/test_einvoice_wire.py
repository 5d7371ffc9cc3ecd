"""What the kiosk writes for invoice.issued is what sync/protocol.py describes: the struct fields are
exactly the kiosk's columns, and every payload in the outbox (originals and adjustments) decodes
strictly into InvoicePayload. (The central half, tests/sync/test_protocol.py ROWS, needs the
centre's tables.)"""
from __future__ import annotations

import msgspec

from pos import catalog, sales
from pos.cart import Cart
from pos.einvoice import sellers
from sync import protocol as p

from einvoice_setup import einvoice


def test_rows_are_the_kiosk_columns(store):
    for struct, table in ((p.InvoiceRow, "invoices"), (p.InvoiceLineRow, "invoice_lines"), (p.BuyerRow, "buyers")):
        cols = [r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")]
        assert list(struct.__struct_fields__) == cols, table


def test_outbox_payloads_decode_as_the_protocol_says(store, selling):
    sellers.apply_settings(store, einvoice(selling.producer_htx))
    cart = Cart()
    cart.add(catalog.get_product(store, selling.salt), qty=1)
    cart.add(catalog.get_product(store, selling.cake), qty=3)
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 500_000}], selling.clerk)
    line = sales.get_sale(store, res.sale_id)["lines"][1]
    sales.refund(store, res.sale_id, [{"line_id": line["id"], "qty": 1}], selling.clerk, selling.manager, "vỡ")
    rows = store.conn.execute("SELECT payload FROM outbox WHERE type = 'invoice.issued' ORDER BY seq").fetchall()
    assert len(rows) == 3
    decoded = [p.decode_payload("invoice.issued", r[0].encode()) for r in rows]
    assert [d.invoice.kind for d in decoded] == ["original", "original", "adjustment"]
    assert decoded[2].invoice.related_invoice_id == decoded[1].invoice.id
    for d in decoded:
        assert d.invoice.total == d.invoice.pre_vat_total + d.invoice.vat_total == sum(x.amount for x in d.lines)
        assert msgspec.json.decode(msgspec.json.encode(d), type=p.InvoicePayload) == d
