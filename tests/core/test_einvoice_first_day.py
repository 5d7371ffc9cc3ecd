"""The first day of e-invoicing (pos/einvoice/catchup.py): sales made that business day before the
setup arrived get their invoices when it does - in order, gapless, voids and refunds adjusted, once
- and a kiosk killed in the middle of it keeps all or nothing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos import catalog, sales, shifts, stock
from pos.cart import Cart
from pos.einvoice import catchup, issue
from pos.store import Store

from einvoice_setup import OPERATOR, PRODUCER, einvoice

ROOT = Path(__file__).resolve().parents[2]
CASH = [{"method": "cash", "tendered": 10_000_000}]


def _sell(store, selling, *products):
    cart = Cart()
    for p in products:
        cart.add(catalog.get_product(store, p), qty=2)
    return sales.complete_sale(store, cart, CASH, selling.clerk)


def _whole(s, htx: str) -> None:
    """Every sale of the started day invoiced per seller to the đồng, every refund and void adjusted,
    numbers gapless per seller, one event per invoice."""
    day = s.one("SELECT started_day FROM einvoice_config")["started_day"]
    assert s.one("SELECT count(*) AS n FROM sales WHERE business_day = ? AND kind = 'sale' AND total <> "
                 "(SELECT coalesce(sum(total), -1) FROM invoices i WHERE i.sale_id = sales.id "
                 "AND kind <> 'adjustment')", (day,))["n"] == 0
    assert s.one("SELECT count(*) AS n FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.business_day = ? "
                 "AND (SELECT count(*) FROM invoice_lines i WHERE i.sale_line_id = l.id) <> "
                 "CASE WHEN s.kind = 'sale' AND s.status = 'voided' THEN 2 ELSE 1 END", (day,))["n"] == 0
    for code in (OPERATOR, PRODUCER):
        nums = [r[0] for r in s.conn.execute("SELECT number FROM invoices WHERE seller_tax_code = ? ORDER BY rowid",
                                             (code,))]
        assert nums == list(range(1, len(nums) + 1))
    n = s.one("SELECT count(*) AS n FROM invoices")["n"]
    assert s.one("SELECT count(*) AS n FROM outbox WHERE type = 'invoice.issued'")["n"] == n


def test_the_days_earlier_sales_are_invoiced_when_the_setup_arrives(store, selling, clock):
    yesterday = _sell(store, selling, selling.salt)
    clock.advance(days=1)
    first = _sell(store, selling, selling.salt, selling.cake)
    voided = _sell(store, selling, selling.cake)
    sales.void_sale(store, voided.sale_id, selling.clerk, selling.manager, "nhầm")
    line = next(ln for ln in sales.get_sale(store, first.sale_id)["lines"] if ln["product_id"] == selling.cake)
    refund = sales.refund(store, first.sale_id, [{"line_id": line["id"], "qty": 1}], selling.clerk, selling.manager,
                          "vỡ")
    clock.advance(hours=2)
    changes = catchup.apply_settings(store, einvoice(selling.producer_htx))
    assert changes.outbox == 5  # first: 2 sellers; voided (the producer's cake): original + void adjustment;
    # the refund: an adjustment
    assert issue.of_sale(store, yesterday.sale_id) == []  # another day: before e-invoicing
    op, prod = issue.of_sale(store, first.sale_id)
    assert (op["seller_tax_code"], op["number"], prod["seller_tax_code"], prod["number"]) == (OPERATOR, 1, PRODUCER, 1)
    assert op["issued_at"] == "2026-11-23T12:00:00+07:00" and op["business_day"] == "2026-11-23"
    assert [i["kind"] for i in issue.of_sale(store, voided.sale_id)] == ["original", "adjustment"]
    (adj,) = issue.of_sale(store, refund.sale_id)
    assert adj["related_invoice_id"] == prod["id"] and adj["total"] == -35_000
    config = store.one("SELECT started_at, started_day FROM einvoice_config")
    assert config["started_day"] == "2026-11-23" and config["started_at"]
    _whole(store, selling.producer_htx)
    # the same setup pulled again: nothing is issued twice; switched off and on: only the sale made
    # while off gets its (late) invoice, the next number (tests/core/test_einvoice_late.py)
    n = store.one("SELECT count(*) AS n FROM invoices")["n"]
    assert catchup.apply_settings(store, einvoice(selling.producer_htx)).outbox == 0
    catchup.apply_settings(store, einvoice(selling.producer_htx, enabled=False))
    off = _sell(store, selling, selling.salt)
    assert issue.of_sale(store, off.sale_id) == []
    assert catchup.apply_settings(store, einvoice(selling.producer_htx)).outbox == 1
    assert [i["number"] for i in issue.of_sale(store, off.sale_id)] == [op["number"] + 1]
    assert store.one("SELECT count(*) AS n FROM invoices")["n"] == n + 1
    after = _sell(store, selling, selling.salt)
    assert issue.of_sale(store, after.sale_id)[0]["number"] == op["number"] + 2


def test_a_setup_without_an_operator_waits_for_the_one_that_issues(store, selling):
    early = _sell(store, selling, selling.salt)
    no_op = einvoice()
    no_op["sellers"][0]["is_operator"] = False
    no_op["sellers"][0]["producer_ids"] = [selling.producer_htx]
    assert catchup.apply_settings(store, no_op).outbox == 0
    assert store.one("SELECT started_at FROM einvoice_config")["started_at"] is None
    assert catchup.apply_settings(store, einvoice()).outbox == 1
    assert issue.of_sale(store, early.sale_id)[0]["number"] == 1


CHILD = r"""
import sys, time
from pos.einvoice import catchup, issue
from pos.store import Store
sys.path.insert(0, "tests")
from einvoice_setup import einvoice
from testclock import Clock
store = Store(sys.argv[1], clock=Clock())  # the parent's clock: the same business day as its sales
stop_at, written, write = int(sys.argv[3]), [], issue._write

def paused_write(*args):
    out = write(*args)  # the invoice is written inside the open transaction; stop after the stop_at-th
    written.append(1)
    if len(written) == stop_at:
        print("mid", flush=True)
        time.sleep(600)
    return out

issue._write = paused_write
print("ready", flush=True)
catchup.apply_settings(store, einvoice(sys.argv[2]))
print("done", flush=True)
"""


def _child(db_path, producer: str, stop_at: int) -> str:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path), producer, str(stop_at)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    if stop_at:
        assert proc.stdout.readline().strip() == "mid"  # inside the transaction, invoices written, not committed
        os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate(timeout=600)
    return out


def _issued(db_path) -> tuple[int, str | None]:
    with Store(db_path) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        row = s.one("SELECT started_at FROM einvoice_config")
        return s.one("SELECT count(*) AS n FROM invoices")["n"], row and row["started_at"]


@pytest.mark.slow
def test_sigkill_during_the_catch_up_keeps_all_or_nothing(db_path, clock):
    """Killed after 1, 300 and 599 of the 600 invoices were written: nothing stays, no number is
    used, the sales are as they were; the next pull issues all 600, once, gapless."""
    from tests.conftest import build_small_catalog

    with Store(db_path, clock=clock) as s:
        s.set_settings(device_code="HN01")
        small = build_small_catalog(s)
        stock.receive_delivery(s, small.producer_hh, [{"product_id": small.salt, "qty": 10_000}], small.manager)
        stock.receive_delivery(s, small.producer_htx, [{"product_id": small.cake, "qty": 10_000}], small.manager)
        shifts.open_shift(s, small.clerk, 0)
        for i in range(400):
            _sell(s, small, *((small.salt, small.cake) if i % 2 else (small.salt,)))
    for stop_at in (1, 300, 599):
        assert "done" not in _child(db_path, small.producer_htx, stop_at)
        assert _issued(db_path) == (0, None)
        with Store(db_path) as s:
            assert s.one("SELECT count(*) AS n FROM invoice_counters")["n"] == 0
    assert "done" in _child(db_path, small.producer_htx, 0)
    n, started = _issued(db_path)
    assert n == 600 and started
    with Store(db_path) as s:
        _whole(s, small.producer_htx)
        assert catchup.apply_settings(s, einvoice(small.producer_htx)).outbox == 0
