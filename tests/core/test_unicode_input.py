"""Any Unicode at the kiosk's inputs: barcodes, search and amounts either take the plain form of
what was typed (full-width, superscript and circled digits and letters, via NFKC) or refuse it
with the project's own error; never a raw ValueError. Property tests over arbitrary text, with the
known traps pinned as explicit examples."""
from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pos import barcodes as bc
from pos import catalog, schema
from pos.errors import InvalidAmount, InvalidBarcode, PosError, UnknownBarcode
from pos.money import parse_vnd
from pos.text import fold

# every code point, surrogates included (a QString can carry a lone one), and digit-heavy text
ANY_TEXT = st.text(st.characters(codec=None) | st.characters(categories=["Cs"]), max_size=40)
DIGITISH = st.text(st.sampled_from("0123456789²³¹⁰①②⑨０１９٣۴߃๓१.,₫đ -"), max_size=20)
PROPERTY = settings(deadline=None, max_examples=300, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

TRAPS = ["²", "①", "٣", "３", "893000000001⁹", "８９３００００００００１９", "², 000", "\ud800", "9" * 5000, "⑳"]


def test_the_known_traps():
    # full-width and superscript digits are the plain digits in another dress
    assert bc.validate("８９３００００００００１９") == "8930000000019"
    assert bc.parse("８９３００００００００１９").lookup_key == "8930000000019"
    assert bc.validate("893000000001⁹") == "8930000000019"
    # circled ① is 1 (NFKC); other scripts' digits are refused, not converted by int()
    for code in ("893000000001٣", "٨٩٣٠٠٠٠٠٠٠٠١٩", "8930000000019\u0663"):
        with pytest.raises(InvalidBarcode, match="other than 0-9"):
            bc.validate(code)
    with pytest.raises(InvalidBarcode):
        bc.gs1_check_digit("²³")
    assert bc.kind_of("²³⁴⁵⁶⁷⁸") == "other" and not bc.is_valid_gtin("²" * 13) and not bc.is_plu_key("21²²²²²")
    assert parse_vnd("１２．０００ ₫") == 12_000 and parse_vnd("1.250.000 đ") == 1_250_000
    for text in ("٣٠٠٠", "12٣", "9" * 5000, "", None, 12):
        with pytest.raises(InvalidAmount):
            parse_vnd(text)
    # search folds full-width letters like plain ones, đ -> d still
    assert fold("Ｍｕốｉ Ｂạｃ Ｌｉêｕ") == "muoi bac lieu" == fold("Muối Bạc Liêu")
    assert fold("ĐẶC SẢN Đông Hải") == "dac san dong hai"


@PROPERTY
@given(ANY_TEXT | DIGITISH)
@example("²")
@example("①")
@example("٣")
@example("\ud800")
@example("9" * 5000)
@example("  ")
def test_barcodes_raise_only_pos_errors(text):
    for fn in (bc.validate, bc.parse, bc.validate_key, bc.kind_of, bc.is_valid_gtin, bc.is_plu_key):
        try:
            fn(text)
        except PosError:
            pass
    try:
        code = bc.validate(text)
    except InvalidBarcode:
        return
    assert code == code.strip() and code.isprintable()
    if any(c.isdigit() for c in code):  # what is kept has only 0-9 as digits
        assert all(c.isascii() for c in code if c.isdigit())


@PROPERTY
@given(ANY_TEXT | DIGITISH)
@example("²")
@example("٣")
@example("9" * 5000)
@example("1.2.3")
@example("\ud800")
def test_amounts_raise_only_invalid_amount(text):
    try:
        value = parse_vnd(text)
    except InvalidAmount:
        return
    assert isinstance(value, int) and value >= 0 and len(str(value)) <= 15


@PROPERTY
@given(ANY_TEXT)
@example("ｍｕｏｉ")
@example("\ud800")
@example('" OR 1=1 --')
@example("*")
@example("NEAR(a b)")
def test_fold_is_plain_lower_ascii_words(text):
    folded = fold(text)
    assert folded == folded.strip() and all(c.isascii() and (c.isalnum() or c == " ") for c in folded)
    assert folded == fold(folded)


@PROPERTY
@given(ANY_TEXT | DIGITISH)
@example("²")
@example("①")
@example("\ud800")
@example("９")
@example('"')
@example("a" * 300)
def test_lookup_and_search_raise_only_pos_errors(store, small, text):
    try:
        catalog.lookup(store, text)
    except (UnknownBarcode, InvalidBarcode):
        pass
    rows = catalog.search(store, text)
    assert isinstance(rows, list)


def test_full_width_search_and_scans_find_the_product(store, small):
    assert [r["id"] for r in catalog.search(store, "ｍｕｏｉ ｈａｍ")] == [small.salt]
    assert [r["id"] for r in catalog.search(store, "８９３００００００００１９")] == [small.salt]
    assert catalog.lookup(store, "８９３００００００００１９").product["id"] == small.salt
    with pytest.raises(InvalidBarcode):
        catalog.lookup(store, "８９３０٠٠٠٠٠٠٠١٩")


def test_names_stored_before_the_nfkc_fold_are_folded_again(store, small):
    """A product named with full-width letters, stored with the old fold (which dropped them):
    the migration folds it again and search finds it."""
    pid, _ = catalog.upsert_product(store, {
        "sku": "FW-1", "name_vi": "Ｔｒà Ｓｈａｎ tuyết", "name_en": "", "producer_id": small.producer_hh,
        "price": 10_000, "vat_rate": 0})
    old = "tra tuyet"  # what the fold before NFKC made of it: full-width letters dropped
    store.conn.execute("UPDATE products SET name_folded = ? WHERE id = ?", (old, pid))
    store.conn.execute("UPDATE product_search SET body = ? WHERE product_id = ?", (f"{old} fw 1", pid))
    assert pid not in [r["id"] for r in catalog.search(store, "shan")]
    with store.transaction() as conn:
        assert schema.refold_catalog(conn) == 1
    assert store.one("SELECT name_folded FROM products WHERE id = ?", (pid,))["name_folded"] == "tra shan tuyet"
    assert [r["id"] for r in catalog.search(store, "shan")] == [pid]
    assert [r["id"] for r in catalog.search(store, "tra sh")] == [pid]
    with store.transaction() as conn:  # nothing left to do
        assert schema.refold_catalog(conn) == 0


def test_opening_an_old_database_runs_the_refold(tmp_path, store, small):
    pid, _ = catalog.upsert_product(store, {
        "sku": "FW-2", "name_vi": "Ｍậｔ ｏｎｇ", "name_en": "", "producer_id": small.producer_hh,
        "price": 10_000, "vat_rate": 0})
    store.conn.execute("UPDATE products SET name_folded = 'at' WHERE id = ?", (pid,))
    store.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_refold_nfkc'")
    store.conn.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION - 1}")
    path = store.path
    store.close()
    from pos.store import Store

    with Store(path) as again:
        assert again.one("SELECT name_folded FROM products WHERE id = ?", (pid,))["name_folded"] == "mat ong"
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert sqlite3.connect(path).execute("SELECT count(*) FROM _sqlite_migrations WHERE name = 'm004_refold_nfkc'"
                                         ).fetchone()[0] == 1
