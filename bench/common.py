"""Shared benchmark fixtures: a seeded kiosk database built once per run and copied per use; for the
centre's PostgreSQL benches a fresh migrated schema (dropped afterwards) and the loaders that fill
it with COPY (a catalog of producers, products and locations; a month of receipts with their lines
and stock moves), one copy of them for every bench that needs them."""
from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import statistics
import sys
import time
import uuid
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


# -- the centre on PostgreSQL ------------------------------------------------------------------
PG = os.environ.get("OCOP_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CHUNK = 20_000  # text rows a COPY write takes at once


def pg_dsn(results: dict, note: str) -> str | None:
    """psycopg's address of the bench database, or None after writing under `note` why the figure
    is skipped: a machine without PostgreSQL gives a note, not a failure."""
    import psycopg

    dsn = PG.replace("+psycopg", "")
    try:
        psycopg.connect(dsn, connect_timeout=3).close()
    except Exception as exc:  # noqa: BLE001 - any failure: note it and skip
        results[note] = f"skipped: PostgreSQL at {PG} unreachable ({exc})"
        return None
    return dsn


@contextlib.contextmanager
def fresh_schema(dsn: str, prefix: str):
    """A new schema migrated to the head revision -> (schema, its SQLAlchemy URL); dropped
    afterwards, whatever happened, so a failed run leaves nothing in the shared database."""
    import psycopg

    from central import db

    schema = prefix + secrets.token_hex(5)
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{PG}?options=-csearch_path%3D{schema}"
    try:
        engine = db.make_engine(url)
        try:
            db.upgrade(engine)
        finally:
            engine.dispose()
        yield schema, url
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextlib.contextmanager
def fresh_engine(dsn: str, prefix: str):
    """fresh_schema with an engine on it -> (schema, engine); the engine is disposed first."""
    from central import db

    with fresh_schema(dsn, prefix) as (schema, url):
        engine = db.make_engine(url)
        try:
            yield schema, engine
        finally:
            engine.dispose()


@contextlib.contextmanager
def copying(dsn: str, schema: str, analyze: tuple[str, ...]):
    """A cursor in `schema` for the loaders' COPYs -> committed, then the `analyze` tables
    vacuumed and analysed (the planner must see what was loaded, as a nightly autovacuum would)."""
    import psycopg

    with psycopg.connect(dsn) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        with conn.cursor() as cur:
            yield cur
        conn.commit()
        conn.autocommit = True
        conn.execute(f'SET search_path TO "{schema}"')
        for table in analyze:
            conn.execute(f"VACUUM ANALYZE {table}")


def copy_text(cur, sql: str, rows: list[str]) -> None:
    """Tab-separated text rows through one COPY, CHUNK rows a write."""
    with cur.copy(sql) as cp:
        for i in range(0, len(rows), CHUNK):
            cp.write("".join(rows[i:i + CHUNK]))


def copy_locations(cur, n: int) -> None:
    with cur.copy("COPY locations (code, name) FROM STDIN") as cp:
        for i in range(n):
            cp.write_row((f"LOC{i:02d}", f"Điểm bán {i}"))


def copy_catalog(cur, rng, n_producers: int, n_products: int, n_locations: int) -> list[tuple]:
    """Producers (commission 10, 15 or 20 %), products (a price, a VAT rate; product i made by
    producer i mod n) and locations LOC00... -> the products as (id, sku, producer id, price, VAT rate)."""
    producers = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(n_producers)]
    products = [(str(uuid.UUID(int=rng.getrandbits(128))), f"SP{i:04d}", producers[i % n_producers],
                 rng.choice([25_000, 45_000, 60_000, 120_000, 250_000]), rng.choice([0, 5, 8, 10]))
                for i in range(n_products)]
    with cur.copy("COPY producers (id, code, name, commission_bp, rev) FROM STDIN") as cp:
        for i, pid in enumerate(producers):
            cp.write_row((pid, f"P{i:03d}", f"Hợp tác xã số {i}", rng.choice([1000, 1500, 2000]), 1))
    with cur.copy("COPY products (id, sku, name_vi, producer_id, price, vat_rate, rev) FROM STDIN") as cp:
        for pid, sku, prod, price, rate in products:
            cp.write_row((pid, sku, f"Sản phẩm {sku}", prod, price, rate, 1))
    copy_locations(cur, n_locations)
    return products


def copy_receipts(cur, rng, products: list[tuple], days: list[str], n_lines: int, per_sale: int = 4,
                  moves: bool = False) -> None:
    """Receipts of `per_sale` lines spread evenly over `days` at 40 kiosks (two a location), 2 %
    refunds, 1 % voided, VAT included in the price; with `moves`, each line's stock movement too."""
    n_sales = n_lines // per_sale
    lines, stock = [], []
    with cur.copy("COPY sales (id, device_code, location_code, receipt_no, kind, status, business_day, "
                  "total, vat_total, event_id) FROM STDIN") as cs:
        for s in range(n_sales):
            sid = f"{s:08x}-0000-4000-8000-000000000000"  # unique by construction, cheap to make
            dev = s % 40
            loc = f"LOC{dev // 2:02d}"
            day = days[s * len(days) // n_sales]
            kind = "refund" if s % 50 == 0 else "sale"
            status = "voided" if s % 100 == 7 else "completed"
            at = f"{day}T{2 + s % 12:02d}:00:00.000+00:00"
            total = vat = 0
            for ln in range(per_sale):
                pid, sku, prod, price, rate = products[rng.randrange(len(products))]
                qty = 1 + rng.randrange(3)
                net = price * qty
                v = (net * rate + (100 + rate) // 2) // (100 + rate)
                total += net
                vat += v
                lid = f"{s:08x}-{ln:04x}-4000-8000-000000000001"
                lines.append(f"{lid}\t{sid}\tK{dev:02d}\t{loc}\t{day}\t{ln + 1}\t{pid}\t{prod}\t{sku}\t"
                             f"Sản phẩm {sku}\tcái\t{qty}\t{price}\t{net}\t{net}\t{rate}\t{v}\n")
                if moves:
                    stock.append(f"{lid}\tK{dev:02d}\t{loc}\t{pid}\t{qty if kind == 'refund' else -qty}\t"
                                 f"{kind}\t{at}\n")
            cs.write(f"{sid}\tK{dev:02d}\t{loc}\tK{dev:02d}-{s:07d}\t{kind}\t{status}\t{day}\t{total}\t"
                     f"{vat}\t{sid}\n")
    copy_text(cur, "COPY sale_lines (id, sale_id, device_code, location_code, business_day, line_no, product_id, "
                   "producer_id, sku, name_vi, unit, qty, unit_price, gross, net, vat_rate, vat_amount) FROM STDIN",
              lines)
    if moves:
        copy_text(cur, "COPY stock_moves (id, device_code, location_code, product_id, qty, kind, at) FROM STDIN",
                  stock)


def hold_promotions(store, hits: list[dict], sold: list[dict], others: list[dict], n: int = 50) -> int:
    """`n` promotions held as a pull brings them (issue 16: the sale and the scan benches "with
    promotions active"): three apply to the `hits` products (10 % off the first, 5.000 ₫ off each
    unit of the second's producer, buy 2 get 1 of the third) and one to every sale of 100.000 ₫ or
    more (5.000 ₫ off); the rest, of every kind, target the `others` products, or their categories
    and producers where no `sold` product shares them (held and evaluated at every scan and sale,
    applying to nothing sold). -> how many were held."""
    from pos import catalog

    rows = [{"id": "bench-hit-1", "kind": "percent_off", "target": "product", "target_id": hits[0]["id"], "percent": 10},
            {"id": "bench-hit-2", "kind": "amount_off", "target": "producer", "target_id": hits[1]["producer_id"],
             "amount": 5_000},
            {"id": "bench-hit-3", "kind": "buy_get", "target": "product", "target_id": hits[2]["id"], "buy_qty": 2,
             "get_qty": 1, "percent": 100},
            {"id": "bench-hit-4", "kind": "spend_amount", "min_total": 100_000, "amount": 5_000}]
    taken = {key: {p[f"{key}_id"] for p in sold} for key in ("category", "producer")}
    for i in range(n - len(rows)):
        p = others[i % len(others)]
        kind = ("percent_off", "amount_off", "buy_get", "spend_gift", "percent_off")[i % 5]
        row = {"id": f"bench-other-{i:03d}", "kind": kind, "name_vi": f"Khuyến mãi {i}"}
        if kind == "buy_get":
            row.update(target="product", target_id=p["id"], buy_qty=3, get_qty=1, percent=50)
        elif kind == "spend_gift":
            row.update(min_total=50_000_000, gift_product_id=p["id"], gift_qty=1)
        else:
            target = ("product", "category", "producer")[i % 3]
            target = "product" if target != "product" and p[f"{target}_id"] in taken[target] else target
            row.update(target=target, target_id=p["id"] if target == "product" else p[f"{target}_id"], percent=15,
                       amount=2_000)
        rows.append(row)
    problems: list = []
    catalog.apply_catalog(store, {"promotions": rows}, problems)
    assert not problems, problems
    return len(rows)
