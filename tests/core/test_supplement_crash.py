"""A kiosk killed with SIGKILL while writing supplements, refunding what they charged and voiding
them: each supplement has its increasing adjustment, each refund and void its reducing one, each
adjustment its supplement or refund, receipt and invoice numbers stay gapless, and the events are
all in the outbox (pos/supplements.py and pos/sales.py write each in one transaction)."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos import shifts, stock
from pos.einvoice import sellers
from pos.store import Store

from einvoice_setup import OPERATOR, einvoice

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from pos import catalog, sales, supplements
from pos.cart import Cart
from pos.store import Store
store = Store(sys.argv[1])
clerk = store.one("SELECT id FROM staff WHERE role = 'clerk'")["id"]
manager = store.one("SELECT id FROM staff WHERE role = 'manager'")["id"]
cash = [{"method": "cash", "tendered": 1_000_000}]
print("ready", flush=True)
i = 0
while True:
    cart = Cart()
    cart.add(catalog.lookup(store, "8930000000019").product, qty=2)
    sale = sales.complete_sale(store, cart, cash, clerk)
    line = sales.get_sale(store, sale.sale_id)["lines"][0]
    more = Cart()
    more.add(catalog.lookup(store, "8930000000033").product, qty=1 + i % 3)
    res = supplements.supplement(store, sale.sale_id, clerk, manager, "thiếu", cash, cart=more,
                                 raises=[{"line_id": line["id"], "unit_price": 47_000 + i}])
    print(res.receipt_no, flush=True)
    if i % 2:  # the supplement voided on its shift
        sales.void_sale(store, res.sale_id, clerk, manager, "nhầm")
        print("void", res.receipt_no, flush=True)
    else:  # a raised jar and an added cake given back
        cake = sales.get_sale(store, res.sale_id)["lines"][0]
        for of, ln in ((sale.sale_id, line), (res.sale_id, cake)):
            back = sales.refund(store, of, [{"line_id": ln["id"], "qty": 1}], clerk, manager, "trả")
            print(back.receipt_no, flush=True)
    i += 1
"""


@pytest.mark.slow
def test_sigkill_while_supplementing_leaves_supplements_and_invoices_whole(db_path, clock):
    from tests.conftest import build_small_catalog

    with Store(db_path, clock=clock) as s:
        s.set_settings(device_code="HN01")
        small = build_small_catalog(s)
        stock.receive_delivery(s, small.producer_hh, [{"product_id": small.salt, "qty": 100_000}], small.manager)
        stock.receive_delivery(s, small.producer_htx, [{"product_id": small.cake, "qty": 100_000}], small.manager)
        shifts.open_shift(s, small.clerk, 0)
        sellers.apply_settings(s, einvoice())
    rng = random.Random(19)
    reported: list[str] = []
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path)], cwd=ROOT, stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.1, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        reported += [line for line in out.splitlines() if line.startswith(("HN01-", "void HN01-"))]
    assert len(reported) > 3, "the child should have completed some supplements"
    with Store(db_path) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        supps = s.all("SELECT * FROM sales WHERE original_sale_id IS NOT NULL AND kind = 'sale'")
        refunds = s.all("SELECT * FROM sales WHERE kind = 'refund'")
        assert {r.split()[-1] for r in reported} <= {r["receipt_no"] for r in supps + refunds}
        voided = {r.split()[-1] for r in reported if r.startswith("void")}
        assert voided <= {r["receipt_no"] for r in supps if r["status"] == "voided"}
        assert refunds and voided, "the child should have refunded and voided some"
        for supp in supps:  # its increase adding up to it, referring to its sale's invoice; a void's decrease
            adj, *dec = s.all("SELECT * FROM invoices WHERE sale_id = ? ORDER BY rowid", (supp["id"],))
            orig = s.one("SELECT * FROM invoices WHERE id = ?", (adj["related_invoice_id"],))
            assert adj["kind"] == "adjustment" and adj["total"] == supp["total"] > 0
            assert orig["sale_id"] == supp["original_sale_id"]
            assert [(d["total"], d["related_invoice_id"]) for d in dec] == (
                [(-supp["total"], orig["id"])] if supp["status"] == "voided" else [])
        for ref in refunds:  # exactly one decrease, what was given back, on the first sale's invoice
            (dec,) = s.all("SELECT * FROM invoices WHERE sale_id = ?", (ref["id"],))
            back = s.one("SELECT * FROM sales WHERE id = ?", (ref["original_sale_id"],))
            first = back["original_sale_id"] or back["id"]
            assert dec["total"] == -ref["total"] < 0
            assert s.one("SELECT sale_id FROM invoices WHERE id = ?", (dec["related_invoice_id"],))["sale_id"] == first
            (line,) = s.all("SELECT * FROM sale_lines WHERE sale_id = ?", (ref["id"],))
            if back["id"] == first:  # the raised jar: its price and its raise, 45.000 + the raise
                raise_line = s.one("SELECT unit_price FROM sale_lines WHERE original_line_id = ? AND sale_id IN "
                                   "(SELECT id FROM sales WHERE kind = 'sale')", (line["original_line_id"],))
                assert ref["total"] == line["unit_price"] == 45_000 + raise_line["unit_price"]
            else:
                assert ref["total"] == 35_000
        assert s.one("SELECT count(*) AS n FROM invoices WHERE sale_id NOT IN (SELECT id FROM sales)")["n"] == 0
        nums = [r[0] for r in s.conn.execute(
            "SELECT number FROM invoices WHERE seller_tax_code = ? ORDER BY number", (OPERATOR,))]
        assert nums == list(range(1, len(nums) + 1))
        receipts = sorted(int(r[0].split("-")[1]) for r in s.conn.execute("SELECT receipt_no FROM sales"))
        assert receipts == list(range(1, len(receipts) + 1))
        n_inv = s.one("SELECT count(*) AS n FROM invoices")["n"]
        assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'invoice.issued'")["n"] == n_inv
        assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'sale.completed'")["n"] == len(receipts) - len(
            refunds)
        assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'refund.completed'")["n"] == len(refunds)
        assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'sale.voided'")["n"] == sum(
            r["status"] == "voided" for r in supps)
        moves = s.one("SELECT count(*) AS n FROM stock_moves WHERE kind = 'sale' AND ref_id IN "
                      "(SELECT id FROM sales WHERE original_sale_id IS NOT NULL AND kind = 'sale')")["n"]
        assert moves == len(supps)  # the cake added; the raised salt moves nothing
        assert s.one("SELECT count(*) AS n FROM stock_moves WHERE kind IN ('void', 'refund')")["n"] == (
            sum(r["status"] == "voided" for r in supps) + len(refunds))  # a void gives back the cake alone
