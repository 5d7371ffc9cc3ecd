"""Shared benchmark fixtures: a seeded kiosk database built once per run and copied per use."""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = ROOT / "bench" / ".cache"


def catalog_db(n: int = 100_000, copy_to: Path | None = None) -> Path:
    """A kiosk DB with n synthetic products (WAL, synchronous=FULL), a clerk, a manager, stock and
    an open shift. Built once (cached under bench/.cache) and copied to `copy_to` if given."""
    from pos import demo, schema, shifts, staff
    from pos.store import Store

    CACHE.mkdir(parents=True, exist_ok=True)
    # named by schema version: a cache from an older schema would be migrated at every open (open_store_s)
    path = CACHE / f"catalog_{n}_v{schema.SCHEMA_VERSION}.db"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # per process: two bench runs may build at once
        with Store(tmp) as store:
            store.set_settings(device_code="BENCH01", bank_bin="970436", bank_account="1017595600")
            demo.seed_synthetic(store, n)
            clerk, _ = staff.create_staff(store, "C1", "Thu ngân", "clerk", "1111")
            staff.create_staff(store, "M1", "Quản lý", "manager", "9999")
            shifts.open_shift(store, clerk, 1_000_000)
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        os.replace(tmp, path)
        for leftover in CACHE.glob(tmp.name + "-*"):
            leftover.unlink()
    if copy_to is None:
        return path
    shutil.copyfile(path, copy_to)
    return copy_to


def stock_in_lots(store, products: list[dict]) -> dict[str, tuple[str, str, str]]:
    """The products' stock held in lots only (the benches sell and scan with lots): what no lot
    holds written off, then two lots each, the first running out after 150 (a sale line then
    splits over two lots). -> {product id: (lot id, lot no, use-by) of the second lot}."""
    from pos import lots, stock

    manager = store.one("SELECT id FROM staff WHERE role = 'manager'")["id"]
    out = {}
    for p in products:
        per = 500 if p["sold_by_weight"] else 1
        free = lots.unlotted(store, p["id"])
        if free > 0:
            stock.record_move(store, p["id"], free, "damaged", "bench: stock without a lot", manager, manager)
        stock.receive_delivery(store, p["producer_id"], [
            {"product_id": p["id"], "qty": 150 * per, "lot_no": "B-1", "use_by": "2099-01-31"},
            {"product_id": p["id"], "qty": 10_000 * per, "lot_no": "B-2", "use_by": "2099-06-30"}], manager)
        second = lots.lots_of(store, p["id"])[1]
        out[p["id"]] = (second["id"], second["lot_no"], second["use_by"])
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1)))))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0
