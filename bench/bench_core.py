"""Issue 2 figures on a 100,000-product file database (WAL, synchronous=FULL)."""
from __future__ import annotations

import random
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from common import catalog_db, hold_promotions, median, percentile, stock_in_lots

N = 100_000


def run(results: dict) -> None:
    from pos import catalog
    from pos.store import Store

    work = Path(tempfile.mkdtemp(prefix="bench_core_"))
    t0 = time.perf_counter()
    catalog_db(N)
    print(f"   catalog of {N} ready in {time.perf_counter() - t0:.1f} s")

    # open_store_s: open, migrations check, settings, first scan answered
    opens = []
    for i in range(5):
        path = catalog_db(N, copy_to=work / f"open{i}.db")
        codes = [r[0] for r in sqlite3.connect(path).execute("SELECT code FROM barcodes LIMIT 1")]
        t = time.perf_counter()
        store = Store(path)
        store.settings()
        catalog.lookup(store, codes[0])
        opens.append(time.perf_counter() - t)
        store.close()
    results["open_store_s"] = round(median(opens), 4)

    path = catalog_db(N, copy_to=work / "kiosk.db")
    store = Store(path)
    rng = random.Random(7)
    codes = [r[0] for r in store.conn.execute("SELECT code FROM barcodes WHERE length(code) = 13")]
    sample = [rng.choice(codes) for _ in range(20_000)]
    for code in sample[:500]:
        catalog.lookup(store, code)
    times = []
    for code in sample:
        t = time.perf_counter_ns()
        catalog.lookup(store, code)
        times.append((time.perf_counter_ns() - t) / 1000)
    results["barcode_lookup_p99_us"] = round(percentile(times, 99), 1)

    names = [r[0] for r in store.conn.execute("SELECT name_vi FROM products ORDER BY random() LIMIT 300")]
    queries = []
    for name in names:
        words = name.split()
        k = rng.randint(1, min(3, len(words)))
        q = " ".join(words[:k])
        if rng.random() < 0.5:
            from pos.text import fold

            q = fold(q)  # typed without tones
        if rng.random() < 0.3:
            q = q[: max(2, len(q) - 2)]  # still typing
        queries.append(q)
    queries += ["muoi", "tom kho", "banh da", "yen sao", "kho ca", "kho muc", "m", "t", "b"]
    for q in queries[:30]:
        catalog.search(store, q, limit=20)
    times = []
    for q in queries:
        t = time.perf_counter()
        catalog.search(store, q, limit=20)
        times.append((time.perf_counter() - t) * 1000)
    results["search_p99_ms"] = round(percentile(times, 99), 2)

    sale_commit(results, store, path, sample)
    sale_commit(results, store, path, sample, promos=True)
    store.close()


def _stock_in_lots(store, products: list[dict]) -> dict[str, tuple[str, str, str]]:
    """The sold products' stock held in lots only (bench/common.py stock_in_lots): {product id:
    (lot id, lot no, use-by) of the second lot}, for the plain-sqlite3 floor."""
    return stock_in_lots(store, products)


def sale_commit(results: dict, store, path: Path, sample: list[str], promos: bool = False) -> None:
    """sale_commit_ratio alone (bench/bench_core.py's run() calls it; so can a lone run). With
    `promos`, sale_commit_promo_ratio: 50 promotions held (bench/common.py hold_promotions), four
    applying to the cart (rung up with them, as the sell screen does), re-checked and stored by the
    sale; the floor then writes the same sale_promotions rows."""
    from pos import catalog, promotion_store, promotions, sales
    from pos.cart import Cart

    # sale_commit_ratio: the store's 5-line cash sale vs the same rows by plain sqlite3, same file;
    # since issue 13 with its e-invoice issued in the same transaction, on both sides
    from pos.einvoice import sellers

    sellers.apply_settings(store, {"enabled": True, "sellers": [{
        "tax_code": "1900123454", "name": "Trung tâm Xúc tiến Thương mại", "address": "Bạc Liêu", "template": "1",
        "authority_prefix": "AB12C", "symbol": "C26MBL", "lookup_url": "https://hoadon.example.vn/tra-cuu",
        "is_operator": True}]})
    clerk = store.one("SELECT id FROM staff WHERE role = 'clerk'")["id"]
    shift = store.one("SELECT id FROM shifts WHERE status = 'open'")["id"]
    products = [catalog.lookup(store, c).product for c in sample[:5]]
    lot_of = _stock_in_lots(store, products)
    pricing, key = None, "sale_commit_ratio"
    if promos:
        others = [catalog.lookup(store, c).product for c in sample[1000:1100]]
        held = hold_promotions(store, products[:3], products, [p for p in others if p["id"] not in lot_of])
        pricing, key = promotions.Pricing(promotion_store.book(store), store.now), "sale_commit_promo_ratio"
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA synchronous=FULL")

    def rung_up() -> Cart:
        """The cart as the scans left it: building it is the scan path's cost, not the commit's."""
        cart = Cart()
        cart.pricing = pricing
        for p in products:
            cart.add(p, qty=1 if not p["sold_by_weight"] else None, grams=500 if p["sold_by_weight"] else None)
        return cart

    def store_sale(cart=None):
        cart = cart or rung_up()
        sales.complete_sale(store, cart, [{"method": "cash", "tendered": 10_000_000}], clerk)

    counter = [10**6 if not promos else 2 * 10**6]
    promo_rows = [(a["promotion_id"], a["amount"], a["level"]) for line in rung_up().lines for a in line.promos]

    def floor_sale():
        counter[0] += 1
        sid = str(uuid.uuid4())
        now = "2026-11-22T03:00:00.000+00:00"
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("UPDATE receipt_counters SET last_no = last_no + 0 WHERE device_code = 'BENCH01'")
        raw.execute(
            "INSERT INTO sales(id, receipt_no, device_code, kind, status, shift_id, staff_id, created_at, business_day,"
            " lang, subtotal, line_discount_total, order_discount, order_discount_reason, total, vat_total, paid_total,"
            " change_due) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (sid, f"FLOOR-{counter[0]}", "BENCH01", "sale", "completed", shift, clerk, now, "2026-11-22", "vi",
             100000, 0, 0, "", 100000, 0, 105000, 5000))
        raw.executemany(
            "INSERT INTO sale_lines(id, sale_id, line_no, product_id, producer_id, sku, barcode, name_vi, name_en, unit,"
            " sold_by_weight, qty, unit_price, gross, line_discount, line_discount_reason, order_discount_share, net,"
            " vat_rate, vat_amount, ocop_stars, original_line_id, lot_id, lot_no, use_by)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(str(uuid.uuid4()), sid, i, p["id"], p["producer_id"], p["sku"], "", p["name_vi"], p["name_en"], p["unit"],
              0, 1, p["price"], p["price"], 0, "", 0, p["price"], p["vat_rate"], 0, p["ocop_stars"], None,
              *lot_of[p["id"]]) for i, p in enumerate(products, 1)])
        raw.execute("INSERT INTO payments(id, sale_id, method, amount, tendered, change_given, reference, qr_payload)"
                    " VALUES (?,?,?,?,?,?,?,?)", (str(uuid.uuid4()), sid, "cash", 100000, 105000, 5000, "", ""))
        raw.executemany(
            "INSERT INTO stock_moves(id, product_id, qty, kind, ref_type, ref_id, reason, staff_id, device_code, at,"
            " lot_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(str(uuid.uuid4()), p["id"], -1, "sale", "sale", sid, "", clerk, "BENCH01", now, lot_of[p["id"]][0])
             for p in products])
        raw.execute("INSERT INTO outbox(event_id, type, created_at, business_day, payload) VALUES (?,?,?,?,?)",
                    (str(uuid.uuid4()), "sale.completed", now, "2026-11-22", "{}"))
        if promo_rows:
            raw.executemany("INSERT INTO sale_promotions(id, sale_id, line_id, promotion_id, amount, level, carrier, "
                            "text_vi, text_en, removed_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
                            [(str(uuid.uuid4()), sid, None, pid, amount, level, "booth", "Khuyến mãi", "", None)
                             for pid, amount, level in promo_rows])
        _floor_invoice(raw, sid, counter[0], products)
        raw.execute("COMMIT")

    for _ in range(20):
        store_sale()
        floor_sale()
    store_times, floor_times = [], []
    for _ in range(300):  # interleaved, so machine noise hits both alike
        cart = rung_up()
        t = time.perf_counter()
        store_sale(cart)
        store_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        floor_sale()
        floor_times.append(time.perf_counter() - t)
    results[key] = round(median(store_times) / median(floor_times), 3)
    results[f"{key}_note"] = (f"store {median(store_times) * 1000:.2f} ms vs plain sqlite3 "
                              f"{median(floor_times) * 1000:.2f} ms (median of 300, durable commits)"
                              + (f"; {held} promotions held, {len(promo_rows)} uses on each sale" if promos else ""))
    raw.close()



def _floor_invoice(raw, sid: str, n: int, products: list[dict]) -> None:
    """The invoice rows of one sale by plain sqlite3: counter, invoice, its lines, its event."""
    inv = str(uuid.uuid4())
    raw.execute("UPDATE invoice_counters SET last_no = last_no + 0 WHERE seller_tax_code = '1900123454'")
    raw.execute("INSERT INTO invoices(id, sale_id, symbol, year, number, authority_code, seller_tax_code, total, "
                "pre_vat_total, vat_total) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (inv, sid, "C26MBF", 2026, n, f"M1-26-FLOOR-{n:011d}", "1900123454", 100000, 100000, 0))
    raw.executemany("INSERT INTO invoice_lines(id, invoice_id, line_no, sale_line_id, product_id, name, qty, "
                    "unit_price, amount, pre_vat) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [(str(uuid.uuid4()), inv, i, None, p["id"], p["name_vi"], 1, p["price"], p["price"], p["price"])
                     for i, p in enumerate(products, 1)])
    raw.execute("INSERT INTO outbox(event_id, type, created_at, business_day, payload) VALUES (?,?,?,?,?)",
                (str(uuid.uuid4()), "invoice.issued", "2026-11-22T03:00:00.000+00:00", "2026-11-22", "{}"))
