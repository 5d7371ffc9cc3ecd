"""Demo catalog (assets/demo_catalog.json) validity, seeding through the real calls, and the
synthetic catalog generator for benchmarks."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from pos import barcodes as bc
from pos import catalog, demo, outbox, staff, stock, vietqr
from pos.errors import InvalidBarcode, InvalidState, ValidationError
from pos.settings import validate_settings
from pos.store import Store
from testclock import Clock
from pos.text import fold

TODAY = dt.date(2026, 11, 22)
DISTRICTS = {"Đông Hải", "Giá Rai", "Hòa Bình", "Phước Long", "Hồng Dân", "Vĩnh Lợi", "TP Bạc Liêu"}


@pytest.fixture(scope="module")
def data():
    return demo.load_demo()


@pytest.fixture
def kstore(tmp_path):
    s = Store(tmp_path / "kiosk.db", clock=Clock())
    yield s
    s.close()


# -- the JSON itself ---------------------------------------------------------------------------
def test_demo_json_size_and_variety(data):
    products, producers = data["products"], data["producers"]
    assert len(products) >= 45
    assert len(producers) >= 12
    assert {p["kind"] for p in producers} == {"household", "cooperative", "coop_group", "enterprise"}
    assert len({p["sku"] for p in products}) == len(products)
    assert len({p["code"] for p in producers}) == len(producers)
    assert {p["district"] for p in producers} <= DISTRICTS and len({p["district"] for p in producers}) >= 5
    assert {p["vat_rate"] for p in products} == {0, 5, 8, 10}
    assert {p["ocop_stars"] for p in products} == {3, 4, 5}
    used = {p["producer"] for p in products}
    assert used == {p["code"] for p in producers}  # every producer has goods on the shelf
    assert {p["category"] for p in products} == {c["key"] for c in data["categories"]}
    names = " ".join(p["name_vi"] for p in products)
    for word in ("Muối", "Tôm khô", "Bánh phồng tôm", "Yến", "Khô cá", "Khô mực", "Gạo", "Rượu"):
        assert word in names
    assert all(p["name_en"] and p["name_vi"] != p["name_en"] for p in products)


def test_demo_barcodes_are_valid_and_unique(data):
    codes = [c for p in data["products"] for c in p["barcodes"]]
    assert len(codes) == len(set(codes))
    kinds = set()
    for p in data["products"]:
        assert p["barcodes"], p["sku"]
        for code in p["barcodes"]:
            if p["sold_by_weight"]:
                assert bc.is_plu_key(code) and code.startswith("21"), code
                # a label printed by the scale for 350 g of it resolves to the key
                label = bc.make_embedded("21", int(code[2:]), 350)
                assert bc.parse(label).lookup_key == code and bc.parse(label).grams == 350
                kinds.add("plu")
            else:
                assert len(code) == 13 and bc.is_valid_gtin(code), code
                assert bc.gs1_check_digit(code[:12]) == int(code[12])
                assert code.startswith("893") or code.startswith("20"), code
                kinds.add("ean893" if code.startswith("893") else "instore")
    assert kinds == {"plu", "ean893", "instore"}


def test_demo_prices_units_and_weighed_goods(data):
    for p in data["products"]:
        assert isinstance(p["price"], int) and p["price"] >= 1_000 and p["price"] % 1_000 == 0, p["sku"]
        assert isinstance(p["low_stock"], int) and p["low_stock"] > 0
        assert isinstance(p["initial_stock"], int) and p["initial_stock"] > 0
        if p["sold_by_weight"]:
            assert p["unit"] == "kg"  # price per kg, stock in grams
            assert p["initial_stock"] >= 1_000 and p["low_stock"] >= 500
    weighed = [p["name_vi"] for p in data["products"] if p["sold_by_weight"]]
    assert any("Khô cá" in n for n in weighed) and any("mực" in n for n in weighed)


def test_demo_certificates(data):
    expiring, expired = [], []
    for p in data["products"]:
        issued = dt.date.fromisoformat(p["ocop_cert_issued"])
        expires = dt.date.fromisoformat(p["ocop_cert_expires"])
        assert expires == catalog.add_months(issued, 36), p["sku"]
        assert p["ocop_cert_no"]
        assert p["trace_url"].startswith("https://")
        assert p["origin"].endswith("Bạc Liêu") and p["origin"].split(",")[0] in DISTRICTS
        left = (expires - TODAY).days
        if left < 0:
            expired.append(p["sku"])
        elif left <= 60:
            expiring.append(p["sku"])
    assert len(expiring) >= 3
    assert 1 <= len(expired) <= 5


def test_demo_staff_and_settings(data):
    assert {s["role"] for s in data["staff"]} == {"clerk", "manager", "admin"}
    assert {(s["role"], s["pin"]) for s in data["staff"]} >= {("clerk", "1111"), ("clerk", "2222"),
                                                               ("manager", "9999"), ("admin", "0000")}
    settings = data["settings"]
    validate_settings(settings)
    assert (settings["bank_bin"], settings["bank_account"]) == ("970436", "1017595600")
    payload = vietqr.build(settings["bank_bin"], settings["bank_account"])
    assert payload == ("00020101021138540010A00000072701240006970436011010175956000208QRIBFTTA"
                       "53037045802VN630438BB")  # ARCHITECTURE.md's static vector


# -- seeding -----------------------------------------------------------------------------------
def test_seed_demo_loads_everything_through_the_store(kstore, data):
    summary = demo.seed_demo(kstore)
    assert summary == {"producers": len(data["producers"]), "categories": len(data["categories"]),
                       "products": len(data["products"]),
                       "barcodes": sum(len(p["barcodes"]) for p in data["products"]),
                       "staff": len(data["staff"]), "deliveries": len(data["producers"])}
    assert kstore.device_code == "BL01"
    assert kstore.setting("bank_account") == "1017595600"
    # search: tones and đ folded, producer names too
    assert [r["sku"] for r in catalog.search(kstore, "muoi hat")][:1] == ["MUOI-HAT-1KG"]
    assert "DAN-KIM-TC" in [r["sku"] for r in catalog.search(kstore, "dan kim")]
    assert "KHO-MUC-L1" in [r["sku"] for r in catalog.search(kstore, "kho muc")]
    assert "YEN-THO-100" in [r["sku"] for r in catalog.search(kstore, "yến sào")]
    assert {r["sku"] for r in catalog.search(kstore, "gao")} >= {"GAO-ST24-5KG", "GAO-MBD-2KG"}
    # every barcode scans to its product; a scale label carries its grams
    for p in data["products"]:
        for code in p["barcodes"]:
            if p["sold_by_weight"]:
                hit = catalog.lookup(kstore, bc.make_embedded("21", int(code[2:]), 1_234))
                assert (hit.product["sku"], hit.grams) == (p["sku"], 1_234)
            else:
                assert catalog.lookup(kstore, code).product["sku"] == p["sku"]
    # staff log in with the listed PINs
    for s in data["staff"]:
        row = staff.find_code(kstore, s["code"])
        assert staff.login(kstore, row["id"], s["pin"])["role"] == s["role"]
    assert staff.approve(kstore, "9999", "demo.check")["code"] == "QL01"
    # opening stock, as stock moves with their outbox events
    for p in data["products"]:
        assert stock.on_hand(kstore, demo.stable_id("product", p["sku"])) == p["initial_stock"]
    events = [e for e in outbox.pending(kstore, limit=1000) if e["type"] == "stock.received"]
    assert len(events) == len(data["producers"])
    # certificates and low stock as planned, on the store's clock (2026-11-22)
    rows = {r["sku"]: r for r in stock.stock_list(kstore)}
    assert rows["MUOI-HAM-500"]["cert_expiring"] and rows["MUOI-SA-OT-200"]["cert_expired"]
    low = {r["sku"] for r in stock.stock_list(kstore, low_only=True)}
    assert low == {p["sku"] for p in data["products"] if p["initial_stock"] <= p["low_stock"]}
    assert low  # the demo shows the low-stock list with something in it


def test_seed_demo_is_idempotent_and_ids_are_stable(kstore, tmp_path):
    demo.seed_demo(kstore)
    tables = ("products", "producers", "categories", "barcodes", "staff", "stock_moves", "outbox")
    before = {t: kstore.all(f"SELECT * FROM {t} ORDER BY 1") for t in tables}
    assert set(demo.seed_demo(kstore).values()) == {0}
    assert {t: kstore.all(f"SELECT * FROM {t} ORDER BY 1") for t in tables} == before
    other = Store(tmp_path / "other.db", clock=Clock())
    try:
        demo.seed_demo(other)
        ids = "SELECT id, sku FROM products ORDER BY id"
        assert other.all(ids) == kstore.all(ids)
        assert other.all("SELECT id, code FROM producers ORDER BY id") == kstore.all(
            "SELECT id, code FROM producers ORDER BY id")
    finally:
        other.close()


def test_seed_demo_bad_file_leaves_database_empty(kstore, tmp_path, data):
    broken = json.loads(json.dumps(data))
    good = "893000000001" + str(bc.gs1_check_digit("893000000001"))
    broken["products"][-1]["barcodes"] = [good[:12] + str((int(good[12]) + 1) % 10)]  # wrong check digit
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InvalidBarcode) as exc:
        demo.seed_demo(kstore, path)
    assert "check digit" in str(exc.value)
    for t in ("products", "producers", "staff", "stock_moves", "outbox", "settings"):
        assert kstore.all(f"SELECT * FROM {t}") == [], t
    assert kstore.device_code != "BL01"


# -- synthetic catalogs ------------------------------------------------------------------------
def test_synthetic_catalog_rows():
    rows = list(demo.synthetic_catalog(20_000, seed=3))
    assert len(rows) == 20_000
    assert rows[:50] == list(demo.synthetic_catalog(50, seed=3))  # deterministic
    assert rows[:50] != list(demo.synthetic_catalog(50, seed=4))
    codes = [r["barcode"] for r in rows]
    assert len(set(codes)) == len(codes) and len({r["sku"] for r in rows}) == len(rows)
    for r in rows:
        code = r["barcode"]
        if r["sold_by_weight"]:
            assert bc.is_plu_key(code)
        else:
            assert code.startswith("893") and bc.is_valid_gtin(code)
        assert isinstance(r["price"], int) and r["price"] > 0 and r["vat_rate"] in (0, 5, 8, 10)
        # the shortcut folding equals what catalog indexes
        assert r["name_folded"] == fold(r["name_vi"])
        assert r["search_body"] == catalog.search_body(r["name_vi"], r["name_en"], r["sku"])
    text = " ".join(r["name_vi"] for r in rows[:500])
    assert "đ" in text.lower() or "Đ" in text
    assert any(ch in text for ch in "ốớờộạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    assert 0.05 < sum(r["sold_by_weight"] for r in rows) / len(rows) < 0.3
    assert len({r["producer_id"] for r in rows}) > 100


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True, 20_000_000])
def test_synthetic_catalog_bad_size(bad):
    with pytest.raises(ValidationError):
        list(demo.synthetic_catalog(bad))


def test_seed_synthetic_bulk_load(kstore):
    n = demo.seed_synthetic(kstore, 5_000)
    assert n == 5_000
    count = lambda t: kstore.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: E731
    assert count("products") == count("barcodes") == count("product_search") == 5_000
    rows = list(demo.synthetic_catalog(5_000))
    first = rows[0]
    assert catalog.lookup(kstore, first["barcode"] if not first["sold_by_weight"]
                          else bc.make_embedded("21", int(first["barcode"][2:]), 500)).product["sku"] == "SYN0000001"
    hit = catalog.search(kstore, fold(rows[10]["name_vi"]), limit=50)
    assert rows[10]["sku"] in [h["sku"] for h in hit]
    # the index row equals what catalog writes itself: re-save a product and compare
    pid = first["id"]
    before = kstore.all("SELECT product_id, body, producer FROM product_search WHERE product_id = ?", (pid,))
    prod = catalog.get_product(kstore, pid)
    catalog.upsert_product(kstore, {"id": pid, "sku": prod["sku"], "name_vi": prod["name_vi"],
                                    "producer_id": prod["producer_id"], "price": prod["price"],
                                    "vat_rate": prod["vat_rate"]})
    after = kstore.all("SELECT product_id, body, producer FROM product_search WHERE product_id = ?", (pid,))
    assert before == after and len(after) == 1
    assert kstore.one("SELECT name_folded FROM products WHERE id = ?", (pid,))["name_folded"] == fold(first["name_vi"])
    # a sale-ready catalog: a product has its producer, category and a valid VAT rate
    assert kstore.one("SELECT count(*) AS n FROM products p LEFT JOIN producers r ON r.id = p.producer_id "
                      "WHERE r.id IS NULL")["n"] == 0
    with pytest.raises(InvalidState):
        demo.seed_synthetic(kstore, 10)
    assert count("products") == 5_000


def test_demo_and_synthetic_coexist(kstore):
    demo.seed_demo(kstore)
    demo.seed_synthetic(kstore, 2_000)
    assert kstore.conn.execute("SELECT count(*) FROM products").fetchone()[0] == 2_000 + len(
        demo.load_demo()["products"])
    assert "MUOI-HAT-1KG" in [r["sku"] for r in catalog.search(kstore, "muoi hat bac lieu")]
    first = demo.load_demo()["products"][0]
    assert catalog.lookup(kstore, first["barcodes"][0]).product["sku"] == first["sku"]
