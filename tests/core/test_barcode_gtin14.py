"""barcodes.gtin14 (kiosk migration m021_lookup_keys): each stored code's GTIN-14, the key a 2D scan and an
EAN scan are looked up by (pos.catalog). It must equal what pos.gs1.gtin_forms says for every
code, whoever wrote the row (the pull, the catalog screen) and in a file made before the column
existed; a code that is no GTIN has none. The test clock's business day is 2026-11-22."""
from __future__ import annotations

import pytest

from pos import catalog, gs1
from pos.barcodes import gs1_check_digit, make_instore

GS = "\x1d"


def gtin(body: str) -> str:
    return body + str(gs1_check_digit(body))


EAN8 = gtin("9300001")
UPCA = gtin("01234567890")
GTIN14 = gtin("1893000000005")  # a case of salt: its own GTIN-14, indicator digit 1


def expected(code: str) -> str | None:
    """The GTIN-14 by gtin_forms' rule: the one whose stored forms include `code`."""
    if not (code.isdigit() and len(code) in (8, 12, 13, 14)):
        return None
    g14 = code.zfill(14)
    assert code in gs1.gtin_forms(g14)
    return g14


def stored(store) -> dict[str, str | None]:
    return dict(store.conn.execute("SELECT code, gtin14 FROM barcodes").fetchall())


def test_every_stored_code_has_its_gtin14_after_a_pull(store, small):
    product = catalog.get_product(store, small.salt)
    pulled = {k: product[k] for k in catalog.PRODUCT_FIELDS}
    catalog.apply_catalog(store, {"products": [{**pulled, "id": small.salt, "barcodes": [EAN8, UPCA, GTIN14]}]})
    instore = catalog.issue_instore_barcode(store, small.cake)
    rows = stored(store)
    assert {EAN8, UPCA, GTIN14, instore, "8930000000019", "2100001"} <= set(rows)
    assert rows == {code: expected(code) for code in rows}
    assert rows[EAN8] == "000000" + EAN8 and rows[UPCA] == "00" + UPCA and rows[GTIN14] == GTIN14
    assert rows["2100001"] is None  # a scale label's PLU key: no GTIN
    assert rows[instore] == "0" + instore == "0" + make_instore(1)
    # each finds its product by any of its forms, scanned plain or in a 2D code
    for code in (EAN8, "000000" + EAN8, UPCA, "0" + UPCA, GTIN14, f"]d201{GTIN14}10LOT1{GS}17271231",
                 f"https://id.example.vn/01/{UPCA}/10/LOT1"):
        assert catalog.lookup(store, code).product["id"] == small.salt, code


def test_the_longest_stored_form_of_a_gtin_is_the_one_matched(store, small):
    """Two stored forms of one GTIN (a UPC-A and its EAN-13 with the leading zero): one product,
    the EAN-13 named as the code matched, as the IN over the forms did before m021."""
    catalog.add_barcode(store, small.shrimp, UPCA)
    catalog.add_barcode(store, small.shrimp, "0" + UPCA)
    hit = catalog.lookup(store, f"01{'00' + UPCA}10A{GS}17271231")
    assert hit.product["id"] == small.shrimp and hit.code == "0" + UPCA


def test_the_scan_query_uses_the_gtin14_index(store, small):
    plan = " ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + catalog._BY_GTIN14,
                                                     {"day": "2026-11-22", "hm": "10:00", "lot": "", "code": "0" + "8930000000019"}))
    assert "barcodes_gtin14" in plan


def test_a_kiosk_file_from_schema_18_gets_the_column(tmp_path, monkeypatch, clock):
    from pos import schema
    from pos.store import Store
    from tests.conftest import build_small_catalog

    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(schema.migrations, "_migrations",
                  [x for x in schema.migrations._migrations if x.name != "m021_lookup_keys"])
        m.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION - 1)
        with Store(path, clock=clock) as s:
            s.set_settings(device_code="HN01")
            small = build_small_catalog(s)
            catalog.add_barcode(s, small.cake, EAN8)
            with pytest.raises(Exception, match="gtin14"):
                s.conn.execute("SELECT gtin14 FROM barcodes")
            before = s.all("SELECT code, product_id, kind FROM barcodes ORDER BY code")
    with Store(path, clock=clock) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert s.all("SELECT code, product_id, kind FROM barcodes ORDER BY code") == before
        rows = stored(s)
        assert rows == {code: expected(code) for code in rows} and rows[EAN8] == "000000" + EAN8
        assert catalog.lookup(s, f"01{'000000' + EAN8}10B{GS}17271231").product["id"] == small.cake
        assert catalog.lookup(s, "8930000000019").product["id"] == small.salt
        catalog.add_barcode(s, small.cake, UPCA)  # written after the upgrade: the column follows
        assert stored(s)[UPCA] == "00" + UPCA
        rev = s.conn.execute("SELECT rev FROM catalog_rev").fetchone()[0]  # and the sale's catalog revision
        catalog.upsert_product(s, {"id": small.cake, "vat_rate": 8})
        assert s.conn.execute("SELECT rev FROM catalog_rev").fetchone()[0] > rev
