"""Money, text folding, barcodes, VietQR vectors, opening files, search."""
from __future__ import annotations

import sqlite3

import pytest

from pos import barcodes as bc
from pos import catalog, errors, money, schema, vietqr
from pos.store import Store
from pos.text import ascii_fold_display, fold

VECTORS = [
    ("00020101021138540010A00000072701240006970436011010175956000208QRIBFTTA53037045802VN630438BB",
     dict(bin_code="970436", account="1017595600")),
    ("00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819"
     "thanh toan don hang630470FA",
     dict(bin_code="970436", account="1017595600", amount=180000, purpose="thanh toan don hang")),
    ("00020101021238600010A00000072701300006970436011697043610175956000208QRIBFTTC530370454061800005802VN62340507"
     "NPS68690819thanh toan don hang6304924E",
     dict(bin_code="970436", account="9704361017595600", amount=180000, purpose="thanh toan don hang", card=True,
          reference="NPS6869")),
]


@pytest.mark.parametrize("payload, args", VECTORS)
def test_vietqr_vectors(payload, args):
    assert vietqr.build(**args) == payload
    d = vietqr.decode(payload)
    assert d.amount == args.get("amount") and d.account == args["account"]


def test_vietqr_rejects_bad_input():
    with pytest.raises(errors.ValidationError):
        vietqr.decode(VECTORS[0][0][:-1] + "C")
    for bad in (0, -1, 1.5):
        with pytest.raises(errors.InvalidAmount):
            vietqr.build("970436", "1017595600", bad)
    with pytest.raises(errors.ValidationError):
        vietqr.build("97043", "1017595600", 1000)
    with pytest.raises(errors.ValidationError):
        vietqr.build("970436", "1017595600", 1000, purpose="thanh toán")


def test_money_format_and_vat():
    assert money.fmt_vnd(1_250_000) == "1.250.000 ₫"
    assert money.fmt_vnd(0) == "0 ₫" and money.fmt_vnd(-5000) == "-5.000 ₫"
    with pytest.raises(TypeError):
        money.fmt_vnd(1.5)
    assert money.vat_part(108_000, 8) == 8_000 and money.vat_part(110, 10) == 10 and money.vat_part(99, 0) == 0
    assert money.allocate(10, [1, 1, 1]) == [4, 3, 3] and sum(money.allocate(7, [5, 3, 9])) == 7
    assert money.parse_vnd("1.250.000 ₫") == 1_250_000
    assert money.line_amount(420_000, 350, True) == 147_000


def test_fold():
    assert fold("Muối Bạc Liêu") == "muoi bac lieu"
    assert fold("Bánh đa ĐÔNG HẢI") == "banh da dong hai"
    assert fold("Yến sào (hũ 70g)") == "yen sao hu 70g"
    assert ascii_fold_display("Tôm khô Đông Hải") == "Tom kho Dong Hai"


def test_gs1_check_digits():
    assert bc.gs1_check_digit("893000000001") == 9
    assert bc.validate("8930000000019") == "8930000000019"
    with pytest.raises(errors.InvalidBarcode):
        bc.validate("8930000000018")
    with pytest.raises(errors.InvalidBarcode):
        bc.validate("12345")
    assert bc.validate("96385074") and bc.kind_of("96385074") == "ean8"
    assert bc.validate("036000291452") and bc.kind_of("036000291452") == "upca"
    code = bc.make_instore(42)
    assert code.startswith("20") and bc.is_valid_gtin(code) and bc.kind_of(code) == "instore"
    w = bc.parse(bc.make_embedded("21", 12, 1250))
    assert (w.lookup_key, w.grams) == ("2100012", 1250)
    p = bc.parse(bc.make_embedded("22", 7, 855))
    assert (p.lookup_key, p.price) == ("2200007", 85_500)


def test_open_rejects_foreign_and_newer_files(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(errors.NotAPosDatabase):
        Store(text)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    with pytest.raises(errors.NotAPosDatabase):
        Store(other)
    newer = tmp_path / "newer.db"
    Store(newer).close()
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(errors.DatabaseTooNew):
        Store(newer)
    assert other.read_bytes()[:16] == b"SQLite format 3\x00"  # untouched


def test_store_pragmas_and_append_only_ledger(store, small):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    from pos import stock

    stock.receive_delivery(store, small.producer_hh, [{"product_id": small.salt, "qty": 5}], small.manager)
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("UPDATE stock_moves SET qty = 500")
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("DELETE FROM stock_moves")
    assert stock.on_hand(store, small.salt) == 5


def test_search_ignores_tones_and_folds_dd(store, small):
    names = lambda q: [p["name_vi"] for p in catalog.search(store, q)]  # noqa: E731
    assert names("muoi")[0] == "Muối hầm Bạc Liêu 500g"  # the dried fish's producer sells salt too
    assert names("muoi bac lieu") == ["Muối hầm Bạc Liêu 500g"]
    assert names("banh da") == ["Bánh đa tôm Đông Hải"]
    assert names("bánh đa") == ["Bánh đa tôm Đông Hải"]
    assert set(names("tom")) == {"Tôm khô Gành Hào 200g", "Bánh đa tôm Đông Hải"}
    assert names("ganh")[0] == "Tôm khô Gành Hào 200g"  # prefix; the cake's producer is from Gành Hào
    assert names("dried shrimp") == ["Tôm khô Gành Hào 200g"]  # English name
    assert names("8930000000026") == ["Tôm khô Gành Hào 200g"]  # barcode
    assert names("KHOCA") == ["Khô cá lóc Phước Long"]  # SKU
    assert names("dong hai")[0] in ("Bánh đa tôm Đông Hải", "Muối hầm Bạc Liêu 500g")  # producer name too
    assert names("xyz") == [] and names("  ") == [] and names('"') == []


def test_catalog_validation(store, small):
    base = {"sku": "NEW", "name_vi": "Mật ong U Minh", "producer_id": small.producer_hh, "price": 150_000, "vat_rate": 5}
    for bad in ({"price": -1}, {"price": 1.5}, {"vat_rate": 7}, {"ocop_stars": 2}, {"name_vi": " "},
                {"producer_id": "nope"}, {"ocop_cert_issued": "22/11/2024"}):
        with pytest.raises(errors.ValidationError):
            catalog.upsert_product(store, base | bad)
    with pytest.raises(errors.InvalidBarcode):
        catalog.upsert_product(store, base, barcodes=["8930000000018"])
    with pytest.raises(errors.ValidationError):
        catalog.upsert_product(store, base, barcodes=["8930000000019"])  # belongs to the salt
    assert store.one("SELECT 1 FROM products WHERE sku = 'NEW'") is None
    pid, _ = catalog.upsert_product(store, base | {"ocop_stars": 3, "ocop_cert_issued": "2024-02-29"})
    p = catalog.get_product(store, pid)
    assert p["ocop_cert_expires"] == "2027-02-28"
    code = catalog.issue_instore_barcode(store, pid)
    assert catalog.lookup(store, code).product["id"] == pid
    assert catalog.issue_instore_barcode(store, pid) == bc.make_instore(2)


def test_local_products_travel_to_the_centre_but_pulled_ones_do_not(store, small):
    from pos import outbox

    before = outbox.unsynced_count(store)
    pid, ch = catalog.upsert_product(store, {"sku": "LOCAL-1", "name_vi": "Bánh pía nhà làm", "local": 1,
                                             "producer_id": small.producer_hh, "price": 60_000, "vat_rate": 8})
    code = catalog.issue_instore_barcode(store, pid)
    events = [e for e in outbox.pending(store) if e["type"] == "product.local_upsert"]
    assert ch.outbox == 1 and len(events) == 2 and outbox.unsynced_count(store) == before + 2
    assert events[-1]["payload"]["barcodes"] == [code] and events[-1]["payload"]["product"]["sku"] == "LOCAL-1"
    assert [p["sku"] for p in catalog.local_products(store)] == ["LOCAL-1"]
    catalog.apply_catalog(store, {"products": [{"sku": "MUOI-500", "name_vi": "Muối hầm Bạc Liêu 500g",
                                                "producer_id": small.producer_hh, "price": 47_000, "vat_rate": 0}]})
    catalog.upsert_product(store, {"id": small.salt, "price": 46_000})  # a central product edited: not local
    assert outbox.unsynced_count(store) == before + 2


def test_settings_written_by_another_connection_are_seen(tmp_path):
    """The sync thread's Store writes settings pulled from the centre; the UI worker's Store and
    the print queue's must see them without a restart (their caches follow data_version)."""
    from pos.store import Store

    path = tmp_path / "k.db"
    with Store(path) as ui_store, Store(path) as sync_store:
        assert ui_store.settings()["receipt_footer"] != "Cảm ơn quý khách!"
        sync_store.set_settings(receipt_footer="Cảm ơn quý khách!")
        assert ui_store.settings()["receipt_footer"] == "Cảm ơn quý khách!"
        assert ui_store.setting("receipt_footer") == "Cảm ơn quý khách!"
        sync_store.set_settings(receipt_footer="Hẹn gặp lại!")
        ui_store.memo("other", lambda: 1)  # a memo looks first at data_version: the settings still follow
        assert ui_store.setting("receipt_footer") == "Hẹn gặp lại!"
        with ui_store.transaction():  # read once per write transaction, and again in the next one
            assert ui_store.setting("receipt_footer") == "Hẹn gặp lại!"
        sync_store.set_settings(receipt_footer="Cảm ơn!")
        with ui_store.transaction():
            assert ui_store.setting("receipt_footer") == "Cảm ơn!"
