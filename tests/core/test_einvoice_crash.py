"""A kiosk killed with SIGKILL while issuing invoices: every sale has its invoices and every
invoice its sale, numbers stay gapless per seller, and each invoice's event is in the outbox."""
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

from einvoice_setup import OPERATOR, PRODUCER, einvoice

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from pos import catalog, sales
from pos.cart import Cart
from pos.store import Store
store = Store(sys.argv[1])
clerk = store.one("SELECT id FROM staff WHERE role = 'clerk'")["id"]
codes = ["8930000000019", "8930000000026", "8930000000033"]
print("ready", flush=True)
i = 0
while True:
    cart = Cart()
    for k in range(1 + i % 3):
        cart.add(catalog.lookup(store, codes[(i + k) % 3]).product)
    res = sales.complete_sale(store, cart, [{"method": "cash", "tendered": 1_000_000}], clerk)
    print(res.receipt_no, flush=True)  # only printed after complete_sale returned
    i += 1
"""


@pytest.mark.slow
def test_sigkill_during_issuance_leaves_sales_and_invoices_whole(tmp_path, db_path, clock):
    from tests.conftest import build_small_catalog

    with Store(db_path, clock=clock) as s:
        s.set_settings(device_code="HN01")
        small = build_small_catalog(s)
        stock.receive_delivery(s, small.producer_hh, [{"product_id": small.salt, "qty": 100_000}], small.manager)
        stock.receive_delivery(s, small.producer_htx, [{"product_id": small.shrimp, "qty": 100_000},
                                                        {"product_id": small.cake, "qty": 100_000}], small.manager)
        shifts.open_shift(s, small.clerk, 0)
        sellers.apply_settings(s, einvoice(small.producer_htx))
        htx = small.producer_htx
    rng = random.Random(13)
    reported: list[str] = []
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path)], cwd=ROOT, stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        reported += [line for line in out.splitlines() if line.startswith("HN01-")]
    assert len(reported) > 10, "the child should have completed some sales"
    with Store(db_path) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n_sales = s.one("SELECT count(*) AS n FROM sales")["n"]
        assert set(reported) <= {r[0] for r in s.conn.execute("SELECT receipt_no FROM sales")}
        # no sale without its invoices: the operator's when it sold salt, the producer's when it sold htx goods
        missing = s.all("""
            SELECT s.receipt_no FROM sales s
            WHERE EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id AND l.producer_id <> ?)
                  <> EXISTS (SELECT 1 FROM invoices i WHERE i.sale_id = s.id AND i.seller_tax_code = ?)
               OR EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id AND l.producer_id = ?)
                  <> EXISTS (SELECT 1 FROM invoices i WHERE i.sale_id = s.id AND i.seller_tax_code = ?)""",
                        (htx, OPERATOR, htx, PRODUCER))
        assert missing == []
        # no invoice without its sale, every sale line on exactly one invoice line, sums whole
        assert s.one("SELECT count(*) AS n FROM invoices WHERE sale_id NOT IN (SELECT id FROM sales)")["n"] == 0
        assert s.one("SELECT count(*) AS n FROM sale_lines WHERE (SELECT count(*) FROM invoice_lines i "
                     "WHERE i.sale_line_id = sale_lines.id) <> 1")["n"] == 0
        assert s.one("SELECT count(*) AS n FROM sales WHERE total <> "
                     "(SELECT sum(total) FROM invoices WHERE sale_id = sales.id)")["n"] == 0
        for code in (OPERATOR, PRODUCER):
            nums = [r[0] for r in s.conn.execute(
                "SELECT number FROM invoices WHERE seller_tax_code = ? ORDER BY number", (code,))]
            assert nums == list(range(1, len(nums) + 1))  # gapless, unique
            last = s.one("SELECT last_no FROM invoice_counters WHERE seller_tax_code = ?", (code,))
            assert last["last_no"] == len(nums)
        n_inv = s.one("SELECT count(*) AS n FROM invoices")["n"]
        assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'invoice.issued'")["n"] == n_inv > n_sales
        assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'sale.completed'")["n"] == n_sales
