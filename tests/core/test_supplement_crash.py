"""A kiosk killed with SIGKILL while writing supplements: each supplement has its increasing
adjustment and each adjustment its supplement, receipt and invoice numbers stay gapless, and the
events are all in the outbox (pos/supplements.py writes them in one transaction)."""
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
        reported += [line for line in out.splitlines() if line.startswith("HN01-")]
    assert len(reported) > 3, "the child should have completed some supplements"
    with Store(db_path) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        supps = s.all("SELECT * FROM sales WHERE original_sale_id IS NOT NULL")
        assert set(reported) <= {r["receipt_no"] for r in supps}
        for supp in supps:  # each supplement exactly its adjustment, adding up to it, referring to its sale's invoice
            (adj,) = s.all("SELECT * FROM invoices WHERE sale_id = ?", (supp["id"],))
            orig = s.one("SELECT * FROM invoices WHERE id = ?", (adj["related_invoice_id"],))
            assert adj["kind"] == "adjustment" and adj["total"] == supp["total"] > 0
            assert orig["sale_id"] == supp["original_sale_id"]
        assert s.one("SELECT count(*) AS n FROM invoices WHERE sale_id NOT IN (SELECT id FROM sales)")["n"] == 0
        nums = [r[0] for r in s.conn.execute(
            "SELECT number FROM invoices WHERE seller_tax_code = ? ORDER BY number", (OPERATOR,))]
        assert nums == list(range(1, len(nums) + 1))
        receipts = sorted(int(r[0].split("-")[1]) for r in s.conn.execute("SELECT receipt_no FROM sales"))
        assert receipts == list(range(1, len(receipts) + 1))
        n_inv = s.one("SELECT count(*) AS n FROM invoices")["n"]
        assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'invoice.issued'")["n"] == n_inv
        assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'sale.completed'")["n"] == len(receipts)
        moves = s.one("SELECT count(*) AS n FROM stock_moves WHERE ref_id IN "
                      "(SELECT id FROM sales WHERE original_sale_id IS NOT NULL)")["n"]
        assert moves == len(supps)  # the cake added; the raised salt moves nothing
