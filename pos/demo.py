"""Demo data: the Bạc Liêu OCOP catalog in assets/demo_catalog.json, and synthetic catalogs of any
size for benchmarks.

The demo goes through the same calls the kiosk uses (catalog.upsert_*, staff.create_staff,
stock.receive_delivery), so it is checked like real data and fills the search index the normal
way. It runs in ONE transaction: a crash half-way leaves an empty database, never half a catalog,
and "products exist" is then a safe sign that the demo is already there.

Ids are derived from the codes (uuid5), so every kiosk and the central server that load the demo
agree on them.

The synthetic catalog skips the per-row calls and bulk-inserts in one transaction (100,000
products in seconds), writing the same columns and the same search text as catalog.upsert_product.
"""
from __future__ import annotations

import functools
import json
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

from . import barcodes as bc
from . import catalog, staff, stock
from .errors import InvalidState, ValidationError
from .store import Store
from .text import fold

DEMO_PATH = Path(__file__).resolve().parent.parent / "assets" / "demo_catalog.json"
_NS = uuid.UUID("6f1c2a4e-0c0b-4f55-9a57-4f43f50b0c01")  # namespace for demo/synthetic ids


def stable_id(kind: str, code: str) -> str:
    return str(uuid.uuid5(_NS, f"{kind}:{code}"))


def load_demo(path: Path | str = DEMO_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def seed_if_new(store: Store) -> dict | None:
    """Fill a brand-new database with the demo catalog, staff and stock (first run only: a
    database with any product is left as it is)."""
    if store.conn.execute("SELECT count(*) FROM products").fetchone()[0]:
        return None
    return seed_demo(store)


def seed_demo(store: Store, path: Path | str = DEMO_PATH) -> dict:
    """Load the demo catalog, staff, settings and opening stock. Does nothing if products exist.

    Returns how many of each were added."""
    summary = {"producers": 0, "categories": 0, "products": 0, "barcodes": 0, "staff": 0, "deliveries": 0}
    if store.one("SELECT 1 AS x FROM products LIMIT 1") is not None:
        return summary
    data = load_demo(path)
    with store.transaction():
        if store.one("SELECT 1 AS x FROM products LIMIT 1") is not None:  # seeded meanwhile by another process
            return summary
        store.set_settings(**data["settings"])
        producer_ids: dict[str, str] = {}
        for p in data["producers"]:
            row = {k: v for k, v in p.items() if k in catalog.PRODUCER_FIELDS}
            producer_ids[p["code"]], _ = catalog.upsert_producer(store, dict(row, id=stable_id("producer", p["code"])))
            summary["producers"] += 1
        category_ids: dict[str, str] = {}
        for c in data["categories"]:
            category_ids[c["key"]], _ = catalog.upsert_category(store, {
                "id": stable_id("category", c["key"]), "name_vi": c["name_vi"], "name_en": c["name_en"],
                "sort": c["sort"]})
            summary["categories"] += 1
        opening: dict[str, list[dict]] = {}
        for p in data["products"]:
            if p["producer"] not in producer_ids or p["category"] not in category_ids:
                raise ValidationError("demo product {sku}: unknown producer or category", field="producer", sku=p["sku"])
            row = {k: v for k, v in p.items() if k in catalog.PRODUCT_FIELDS}
            row.update(id=stable_id("product", p["sku"]), producer_id=producer_ids[p["producer"]],
                       category_id=category_ids[p["category"]])
            pid, _ = catalog.upsert_product(store, row, barcodes=p["barcodes"])
            summary["products"] += 1
            summary["barcodes"] += len(p["barcodes"])
            if p.get("initial_stock"):
                opening.setdefault(row["producer_id"], []).append({"product_id": pid, "qty": p["initial_stock"]})
        receiver = None
        for s in data["staff"]:
            sid, _ = staff.create_staff(store, s["code"], s["name"], s["role"], s["pin"])
            summary["staff"] += 1
            if s["role"] == "manager" and receiver is None:
                receiver = sid
        receiver = receiver or sid
        day = store.business_day().replace("-", "")
        for n, (producer_id, lines) in enumerate(sorted(opening.items()), start=1):
            stock.receive_delivery(store, producer_id, lines, receiver, note_no=f"PN-{day}-{n:03d}",
                                   note="Tồn đầu kỳ (dữ liệu mẫu)")
            summary["deliveries"] += 1
    return summary


# -- synthetic catalogs for benchmarks --------------------------------------------------------
_KINDS = ("household", "cooperative", "coop_group", "enterprise")
_KIND_NAME = {"household": "Hộ kinh doanh", "cooperative": "HTX", "coop_group": "Tổ hợp tác",
              "enterprise": "Công ty TNHH"}
_PLACES = ("Đông Hải", "Giá Rai", "Hòa Bình", "Phước Long", "Hồng Dân", "Vĩnh Lợi", "Bạc Liêu",
           "Gành Hào", "Nhà Mát", "Vĩnh Trạch", "Ninh Quới", "Châu Hưng", "Long Điền", "Định Thành")
_PEOPLE = ("Cô Ba", "Út Hiền", "Sáu Dũng", "Hai Tràm", "Bảy Đời", "Tư Đức", "Năm Lộc", "Chín Nghĩa",
           "Mười Đẹp", "Thanh Bình", "Hồng Đào", "Phúc Lộc", "Đức Thành", "Quốc Việt", "Kim Dung")
_TRADES = ("Muối", "Thủy sản", "Yến sào", "Nông nghiệp", "Thực phẩm", "Đặc sản", "Mắm", "Lúa gạo", "Nhãn")
# (Vietnamese, English, category key, unit, VAT, price range, sold by weight)
_GOODS = (
    ("Muối hầm", "Roasted salt", "muoi", "hũ", 5, (20_000, 60_000), 0),
    ("Muối ớt", "Chilli salt", "muoi", "hũ", 8, (20_000, 50_000), 0),
    ("Muối tôm", "Shrimp salt", "muoi", "hũ", 8, (30_000, 70_000), 0),
    ("Tôm khô", "Dried shrimp", "tom", "gói", 5, (120_000, 750_000), 0),
    ("Bánh phồng tôm", "Shrimp crackers", "tom", "gói", 8, (30_000, 120_000), 0),
    ("Yến sào", "Bird's nest", "yen", "hộp", 8, (900_000, 4_500_000), 0),
    ("Nước yến chưng", "Bird's nest drink", "yen", "hũ", 8, (35_000, 80_000), 0),
    ("Khô cá lóc", "Dried snakehead", "kho", "kg", 5, (300_000, 600_000), 1),
    ("Khô cá sặc", "Dried gourami", "kho", "kg", 5, (250_000, 450_000), 1),
    ("Khô cá dứa", "Dried catfish", "kho", "kg", 5, (400_000, 650_000), 1),
    ("Khô mực", "Dried squid", "kho", "kg", 5, (800_000, 1_600_000), 1),
    ("Mắm ba khía", "Salted marsh crab", "mam", "hũ", 8, (40_000, 90_000), 0),
    ("Mắm tôm chua", "Sour shrimp paste", "mam", "hũ", 8, (80_000, 160_000), 0),
    ("Nước mắm cá cơm", "Anchovy fish sauce", "mam", "chai", 8, (50_000, 150_000), 0),
    ("Gạo ST25", "ST25 rice", "gao", "túi", 5, (90_000, 220_000), 0),
    ("Gạo Một bụi đỏ", "Red Mot Bui rice", "gao", "túi", 5, (60_000, 160_000), 0),
    ("Nhãn sấy", "Dried longan", "traicay", "hộp", 8, (50_000, 180_000), 0),
    ("Trà long nhãn", "Longan tea", "traicay", "hộp", 8, (60_000, 140_000), 0),
    ("Rượu nếp", "Rice wine", "ruou", "chai", 10, (80_000, 250_000), 0),
    ("Mật ong rừng tràm", "Melaleuca honey", "matong", "chai", 5, (100_000, 350_000), 0),
    ("Bánh đa", "Rice paper", "banh", "gói", 8, (20_000, 60_000), 0),
    ("Bánh tét lá cẩm", "Purple sticky rice cake", "banh", "đòn", 8, (60_000, 150_000), 0),
    ("Kẹo đậu phộng", "Peanut candy", "banh", "hộp", 8, (25_000, 70_000), 0),
    ("Đàn kìm mini", "Mini moon lute", "thucong", "cây", 10, (250_000, 900_000), 0),
)
_QUALIFIERS = ("đặc biệt", "loại 1", "truyền thống", "hảo hạng", "gia truyền", "thượng hạng", "sạch",
               "hữu cơ", "nguyên chất", "đặc sản")
_SIZES = ("100 g", "200 g", "250 g", "300 g", "500 g", "1 kg", "hộp quà", "hộp 6 hũ", "chai 500 ml")
_CATS = {"muoi": ("Muối & gia vị", "Salt & seasonings"), "tom": ("Tôm & sản phẩm từ tôm", "Shrimp products"),
         "yen": ("Yến sào", "Bird's nest"), "kho": ("Khô cá, khô mực", "Dried fish & squid"),
         "mam": ("Mắm & hải sản chế biến", "Fermented & processed seafood"), "gao": ("Gạo", "Rice"),
         "traicay": ("Trái cây sấy & trà", "Dried fruit & tea"), "ruou": ("Rượu & đồ uống", "Wine & drinks"),
         "matong": ("Mật ong", "Honey"), "banh": ("Bánh kẹo", "Cakes & sweets"),
         "thucong": ("Thủ công mỹ nghệ", "Handicrafts")}
SYN_PLU_START = 50_000  # weight-label item numbers for synthetic goods (the demo uses low numbers)
SYN_PRODUCERS = 250


def synthetic_producers(count: int = SYN_PRODUCERS, seed: int = 1) -> list[dict]:
    rnd = random.Random(seed * 7919)
    out = []
    for i in range(count):
        kind = _KINDS[i % len(_KINDS)]
        place = rnd.choice(_PLACES)
        name = f"{_KIND_NAME[kind]} {rnd.choice(_TRADES)} {rnd.choice(_PEOPLE)} {place} {i + 1}"
        out.append({"id": stable_id("syn-producer", str(i)), "code": f"SYNP{i + 1:04d}", "name": name,
                    "kind": kind, "province": "Bạc Liêu", "district": place,
                    "commission_bp": rnd.choice((1000, 1200, 1500, 1800, 2000))})
    return out


def synthetic_catalog(n: int, seed: int = 1, producers: list[dict] | None = None) -> Iterator[dict]:
    """`n` realistic product rows (Vietnamese names with tones and đ, valid unique barcodes).

    Barcodes are EAN-13 with Vietnam's prefix 893 (body 8939 + 8-digit number, GS1 check digit)
    or, for weighed goods, the scale-label PLU key 21IIIII. Each row also carries `name_folded` and
    `search_body` (what catalog would index), composed from folded pieces so that a 100k catalog
    does not spend its time in unicodedata."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0 or n > 10_000_000:
        raise ValidationError("synthetic catalog size must be 0 to 10,000,000", field="n")
    producers = producers or synthetic_producers(seed=seed)
    rnd = random.Random(seed)
    rand = rnd.random

    def pick(seq):
        return seq[int(rand() * len(seq))]

    plu = SYN_PLU_START
    n_producers = len(producers)
    stars_pool = (3, 3, 3, 4, 4, 5)
    for i in range(1, n + 1):
        vi, en, cat, unit, vat, (lo, hi), by_weight = pick(_GOODS)
        if by_weight and plu >= 99_999:
            vi, en, cat, unit, vat, (lo, hi), by_weight = _GOODS[0]
        producer = producers[int(rand() * n_producers)]
        place = pick(_PLACES)
        qualifier = pick(_QUALIFIERS)
        sku = f"SYN{i:07d}"
        if by_weight:
            name_vi = f"{vi} {qualifier} {place}"
            name_en = f"{en}, {place}"
            folded_vi = f"{_fold_piece(vi)} {_fold_piece(qualifier)} {_fold_piece(place)}"
            folded_en = f"{_fold_piece(en)} {_fold_piece(place)}"
            plu += 1
            code = f"21{plu:05d}"
        else:
            size = pick(_SIZES)
            name_vi = f"{vi} {qualifier} {place} {size}"
            name_en = f"{en} {size}"
            folded_vi = f"{_fold_piece(vi)} {_fold_piece(qualifier)} {_fold_piece(place)} {_fold_piece(size)}"
            folded_en = f"{_fold_piece(en)} {_fold_piece(size)}"
            body = f"8939{i:08d}"
            code = body + str(bc.gs1_check_digit(body))
        price = lo + 1_000 * int(rand() * ((hi - lo) // 1_000 + 1))
        year = 2023 + int(rand() * 4)
        issued = f"{year}-{1 + int(rand() * 12):02d}-{1 + int(rand() * 28):02d}"
        yield {
            "id": f"5e000000-{seed % 65536:04x}-4000-8000-{i:012x}", "sku": sku, "name_vi": name_vi,
            "name_en": name_en, "category": cat, "producer_id": producer["id"], "producer_name": producer["name"],
            "unit": unit, "sold_by_weight": by_weight, "price": price, "vat_rate": vat,
            "ocop_stars": pick(stars_pool), "ocop_cert_no": f"OCOP-BL-{year}-S{i:07d}", "ocop_cert_issued": issued,
            "ocop_cert_expires": f"{year + 3}{issued[4:]}", "origin": f"{place}, Bạc Liêu",
            "trace_url": f"https://ocop.baclieu.example.vn/truy-xuat/syn{i:07d}",
            "low_stock": 2000 if by_weight else 5, "barcode": code,
            "name_folded": folded_vi, "search_body": f"{folded_vi} {folded_en} {sku.lower()}",
        }


@functools.lru_cache(maxsize=1024)
def _fold_piece(piece: str) -> str:
    """fold() of one name piece. Folding maps word characters one by one and joins words with
    single spaces, so folding pieces and joining them with spaces equals folding the whole name
    (test_demo checks this against catalog.search_body row by row)."""
    return fold(piece)


_PRODUCT_INSERT_COLS = (
    "id", "sku", "name_vi", "name_en", "name_folded", "category_id", "producer_id", "unit", "sold_by_weight",
    "price", "vat_rate", "ocop_stars", "ocop_cert_no", "ocop_cert_issued", "ocop_cert_expires", "origin",
    "trace_url", "low_stock", "local", "active", "updated_at",
)


def seed_synthetic(store: Store, n: int, seed: int = 1, batch: int = 5_000) -> int:
    """Bulk-load `n` synthetic products (with producers, categories, barcodes and the search index)
    in one transaction. Returns n."""
    if store.one("SELECT 1 AS x FROM products WHERE sku = 'SYN0000001'") is not None:
        raise InvalidState("this database already holds a synthetic catalog")
    producers = synthetic_producers(seed=seed)
    now = store.now_iso()
    cat_ids = {k: stable_id("syn-category", k) for k in _CATS}
    products = synthetic_catalog(n, seed=seed, producers=producers)
    folded_producer = {p["id"]: fold(p["name"]) for p in producers}
    sql_p = (f"INSERT INTO products({','.join(_PRODUCT_INSERT_COLS)}) "
             f"VALUES ({','.join('?' * len(_PRODUCT_INSERT_COLS))})")
    with store.transaction() as conn:
        conn.execute("PRAGMA cache_size = -131072")  # 128 MB while the indexes grow; reset below
        conn.executemany(
            "INSERT OR IGNORE INTO categories(id, name_vi, name_en, sort, updated_at) VALUES (?,?,?,?,?)",
            [(cat_ids[k], vi, en, 100 + i, now) for i, (k, (vi, en)) in enumerate(_CATS.items())])
        conn.executemany(
            "INSERT INTO producers(id, code, name, kind, province, district, commission_bp, updated_at) "
            "VALUES (:id, :code, :name, :kind, :province, :district, :commission_bp, :updated_at) "
            "ON CONFLICT(id) DO NOTHING",
            [dict(p, updated_at=now) for p in producers])
        done = 0
        while done < n:
            chunk = []
            for row in products:
                chunk.append(row)
                if len(chunk) >= batch:
                    break
            if not chunk:
                break
            conn.executemany(sql_p, [(
                r["id"], r["sku"], r["name_vi"], r["name_en"], r["name_folded"], cat_ids[r["category"]],
                r["producer_id"], r["unit"], r["sold_by_weight"], r["price"], r["vat_rate"], r["ocop_stars"],
                r["ocop_cert_no"], r["ocop_cert_issued"], r["ocop_cert_expires"], r["origin"], r["trace_url"],
                r["low_stock"], 0, 1, now) for r in chunk])
            conn.executemany("INSERT INTO barcodes(code, product_id, kind) VALUES (?,?,?)",
                             [(r["barcode"], r["id"], bc.kind_of(r["barcode"])) for r in chunk])
            # the same index row catalog._reindex writes: own words in body, producer ranked apart
            conn.executemany("INSERT INTO product_search(product_id, body, producer) VALUES (?,?,?)", [
                (r["id"], r["search_body"], folded_producer[r["producer_id"]])
                for r in chunk])
            done += len(chunk)
    store.conn.execute("PRAGMA cache_size = -2000")
    return done
