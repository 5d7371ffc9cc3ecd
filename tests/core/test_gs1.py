"""2D codes at the counter (issue 14, item 4): GS1 element strings and Digital Link URIs find their
product the way an EAN-13 does, with the lot, use-by, serial and net weight they carry; anything
else is refused with the reason. The test clock's business day is 2026-11-22."""
from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos import catalog, gs1
from pos.barcodes import gs1_check_digit
from pos.errors import ExpiredItem, InvalidGs1Code, UnknownBarcode

GS = "\x1d"
SALT = "8930000000019"  # stored as an EAN-13 by build_small_catalog
SALT14 = "0" + SALT
TODAY = dt.date(2026, 11, 22)


def gtin(body: str) -> str:
    return body + str(gs1_check_digit(body))


@pytest.fixture
def fish_gtin(store, small) -> str:
    """The weighed fish also gets a GTIN of its own (its scale label keeps the PLU key)."""
    code = gtin("893000000004")
    catalog.add_barcode(store, small.fish, code)
    return code


@pytest.mark.parametrize("scanned", [
    f"]d201{SALT14}10LOT12{GS}17271231",  # GS1 DataMatrix, identifier and FNC1 as GS
    f"]Q301{SALT14}17271231{GS}10LOT12",  # GS1 QR, the fixed-length field first
    f"]C101{SALT14}17271231{GS}10LOT12",  # GS1-128
    f"01{SALT14}10LOT12{GS}17271200",  # no identifier; DD = 00
    f"(01){SALT14}(10)LOT12(17)271231",  # typed from the printed (AI) text
    f"https://id.example.vn/01/{SALT14}/10/LOT12?17=271231",
    f"HTTPS://id.example.vn/01/{SALT}/10/LOT12?17=271231&linkType=gs1:pip",  # EAN-13 form, a non-AI key
])
def test_element_strings_and_digital_links_find_the_product_with_the_lot(store, small, scanned):
    hit = catalog.lookup(store, scanned)
    assert hit.product["id"] == small.salt
    assert hit.code == SALT  # the stored code: what the sale line records
    assert hit.lot == "LOT12"
    assert hit.use_by == "2027-12-31"
    assert hit.grams is None and hit.serial is None


def test_the_gtin_14_form_of_a_stored_ean_13_or_ean_8_finds_it(store, small):
    ean8 = gtin("9300001")
    catalog.add_barcode(store, small.cake, ean8)
    assert catalog.lookup(store, SALT14).product["id"] == small.salt
    assert catalog.lookup(store, "000000" + ean8).product["id"] == small.cake
    assert catalog.lookup(store, f"01000000{ean8}21S-001").serial == "S-001"
    assert catalog.lookup(store, "]E0" + SALT).product["id"] == small.salt  # EAN-13 with its identifier
    tea14 = gtin("0893000000007")  # stored as a GTIN-14: its EAN-13 finds it too
    catalog.add_barcode(store, small.shrimp, tea14)
    assert catalog.lookup(store, tea14[1:]).product["id"] == small.shrimp
    with pytest.raises(UnknownBarcode):
        catalog.lookup(store, "1" + SALT14[1:-1] + str(gs1_check_digit("1" + SALT14[1:-1])))  # a case, not the item


def test_a_net_weight_becomes_the_weight_of_a_product_sold_by_weight(store, small, fish_gtin):
    hit = catalog.lookup(store, f"]d201{fish_gtin.zfill(14)}3103001250{GS}10L7")
    assert (hit.product["id"], hit.grams, hit.net_grams, hit.lot) == (small.fish, 1250, 1250, "L7")
    assert catalog.lookup(store, f"https://x.vn/01/{fish_gtin.zfill(14)}?3102=000075").grams == 750
    # on a product sold per unit the weight is only what the pack says
    hit = catalog.lookup(store, f"01{SALT14}3103000500")
    assert (hit.grams, hit.net_grams) == (None, 500)


def test_other_ais_are_read_by_biip_and_agree_with_the_fast_reader():
    fast = gs1.read(f"01{SALT14}10LOT12{GS}17271231{GS}21SN9{GS}3103001250", TODAY)
    slow = gs1.read(f"01{SALT14}11261101{GS}10LOT12{GS}17271231{GS}21SN9{GS}3103001250", TODAY)  # + (11)
    assert fast == slow == gs1.Gs1Code(SALT14, "LOT12", dt.date(2027, 12, 31), "SN9", 1250)
    assert gs1._split(f"01{SALT14}11261101") is None  # (11) is not the fast reader's: biip read it


@pytest.mark.parametrize("scanned, words", [
    (f"]d201{SALT14[:-1]}8", "wrong check digit in GTIN"),
    (f"01{SALT14}17271301", "is not a date"),
    (f"01{SALT14}17270230", "is not a date"),
    (f"01{SALT14}3103000000", "net weight (3103) is under half a gram"),
    (f"]d210LOT12{GS}17271231", "names no product"),
    (f"https://id.example.vn/01/{SALT14}/10/", "the lot (10) must be"),
    (f"https://id.example.vn/01/{SALT14}/10", "not a GS1 code"),
    (f"01{SALT14}99{GS}", "not a GS1 code"),
    (f"(01){SALT14}(10)LÔ12", "the lot (10) must be"),
])
def test_bad_codes_are_refused_with_the_reason(store, small, scanned, words):
    with pytest.raises(InvalidGs1Code) as err:
        catalog.lookup(store, scanned)
    assert words in str(err.value)
    assert "\x1d" not in err.value.details["code"]  # shown as <GS>


def test_an_item_past_its_use_by_date_is_refused_at_the_counter(store, small, clock):
    with pytest.raises(ExpiredItem) as err:
        catalog.lookup(store, f"01{SALT14}17261121{GS}10LOT1")
    assert "21/11/2026" in str(err.value) and err.value.details["lot"] == "LOT1"
    assert catalog.lookup(store, f"01{SALT14}17261122").use_by == "2026-11-22"  # good through its date
    # a manager finding the product (a count, a return to the producer) is not selling it
    assert catalog.lookup(store, f"01{SALT14}17261121", refuse_expired=False).use_by == "2026-11-21"
    assert catalog.lookup(store, f"01{SALT14}17261100").use_by == "2026-11-30"


def test_the_century_comes_from_the_stores_day_not_the_machines():
    # GS1 §7.12: 49 years back, 50 ahead of the current year
    assert gs1.use_by_date("760101", dt.date(2026, 1, 1)) == dt.date(2076, 1, 1)
    assert gs1.use_by_date("770101", dt.date(2026, 1, 1)) == dt.date(1977, 1, 1)
    assert gs1.use_by_date("100101", dt.date(2090, 6, 1)) == dt.date(2110, 1, 1)
    assert gs1.use_by_date("240200", dt.date(2026, 1, 1)) == dt.date(2024, 2, 29)


def test_plain_codes_are_not_taken_for_gs1():
    for plain in (SALT, SALT14, "2100001", "MUOI-500", "0100000"):
        assert not gs1.is_gs1(plain)
    assert gs1.gtin_forms(SALT14) == [SALT14, SALT]
    assert gs1.gtin_forms("00000093000015") == ["00000093000015", "0000093000015", "000093000015", "93000015"]


_CSET82_CHARS = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"


@st.composite
def element_strings(draw):
    """GS1 element strings of the AIs the fast reader knows, in any order, a GS after each
    variable-length field that is not last (as a GS1 encoder writes them)."""
    body = draw(st.text("0123456789", min_size=13, max_size=13))
    fields = {"01": body + str(gs1_check_digit(body))}
    if draw(st.booleans()):
        fields["10"] = draw(st.text(_CSET82_CHARS, min_size=1, max_size=20))
    if draw(st.booleans()):
        fields["21"] = draw(st.text(_CSET82_CHARS, min_size=1, max_size=20))
    if draw(st.booleans()):
        day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2075, 12, 31)))
        fields["17"] = day.strftime("%y%m%d")
    if draw(st.booleans()):
        fields[f"310{draw(st.integers(0, 5))}"] = f"{draw(st.integers(1, 999_999)):06d}"
    return fields, draw(st.permutations(list(fields)))


def _element_string(fields: dict, order: list) -> str:
    return "".join(ai + fields[ai] + (GS if ai in ("10", "21") and i < len(order) - 1 else "")
                   for i, ai in enumerate(order))


def _digital_link(fields: dict) -> str:
    """The same fields as a Digital Link URI: key qualifiers in the path, the rest as a query."""
    path = "".join(f"/{ai}/{quote(fields[ai], safe='')}" for ai in ("01", "10", "21") if ai in fields)
    query = "&".join(f"{ai}={fields[ai]}" for ai in fields if ai not in ("01", "10", "21"))
    return "https://id.example.vn" + path + ("?" + query if query else "")


@settings(max_examples=300, deadline=None)
@given(element_strings())
def test_the_fast_reader_reads_what_biip_reads(made):
    fields, order = made
    for data, uri in ((_element_string(fields, order), False), (_digital_link(fields), True)):
        fast = gs1._split_uri(data) if uri else gs1._split(data)
        assert fast == gs1._biip_fields(data, uri=uri) == fields
        assert _outcome(gs1.read, data) == _outcome(
            lambda d, today, uri=uri: gs1._checked(gs1._biip_fields(d, uri=uri), gs1.shown(d), today), data)


def _outcome(reader, data):
    try:
        return reader(data, TODAY)
    except InvalidGs1Code as exc:
        return str(exc)


@pytest.mark.parametrize("uri", [
    "https://id.example.vn/01/08930000000019/10/LOT1?17=271231&3103=000500",
    "https://id.example.vn/01/08930000000019",
    "HTTP://ID.EXAMPLE.VN/a/b/01/08930000000019/21/S1?linkType=gs1:pip#frag/01/1",
    "https://host?q=/01/08930000000019",
    "https://host#/01/08930000000019",
    "https://host",
    "https://[::1]/01/08930000000019",
    "https://id.example.vn/01/0893000\t0000019",
])
def test_the_digital_link_split_is_urlsplits(uri):
    """The fast split of a Digital Link (pos.gs1._path_and_query) gives urlsplit's path and query."""
    from urllib.parse import urlsplit

    parts = urlsplit(uri)
    assert gs1._path_and_query(uri) == (parts.path, parts.query)
