"""The legal formats of pos/einvoice/rules.py: symbol, authority code, buyer tax code, amount in words."""
from __future__ import annotations

import pytest

from pos.einvoice import buyers, rules
from pos.errors import ValidationError


@pytest.mark.parametrize("amount, words", [
    (0, "Không đồng"),
    (45_000, "Bốn mươi lăm nghìn đồng"),
    (105_000, "Một trăm lẻ năm nghìn đồng"),
    (1_000_000, "Một triệu đồng"),
    (1_015, "Một nghìn không trăm mười lăm đồng"),
    (2_005_000, "Hai triệu không trăm lẻ năm nghìn đồng"),
    (21_500_000, "Hai mươi mốt triệu năm trăm nghìn đồng"),
    (1_000_000_005, "Một tỷ không trăm lẻ năm đồng"),
    (10_000_000_000, "Mười tỷ đồng"),
    (-105_000, "Một trăm lẻ năm nghìn đồng"),
])
def test_amount_in_words(amount, words):
    assert rules.amount_in_words(amount) == words


def test_symbol_and_its_year():
    assert rules.check_symbol("C26MBL") == "C26MBL"
    assert rules.symbol_for_year("C26MBL", 2027) == "C27MBL"
    for bad in ("K26MBL", "C26TBL", "C6MBL", "C26MB1", "c26mbl", "C26MBLX", 26):
        with pytest.raises(ValidationError):
            rules.check_symbol(bad)


def test_authority_code_format_and_uniqueness_across_kiosks_of_one_seller():
    code = rules.authority_code("1", "C26MBL", 2026, 42, "AB12C")
    assert code == "M1-26-AB12C-1" + "037" + "0000042"  # B=1, L=11 -> 1*26+11 = 37
    tail = code.rsplit("-", 1)[1]
    assert len(tail) == 11 and tail.isdigit()
    # another kiosk of the same seller has other letters: same number, other code
    assert rules.authority_code("1", "C26MBM", 2026, 42, "AB12C") != code
    assert rules.authority_code("2", "C26MBL", 2026, 42, "AB12C") != code
    codes = {rules.authority_code("1", f"C26M{a}{b}", 2026, n, "AB12C")
             for a in "AZ" for b in "AZ" for n in (1, 9_999_999)}
    assert len(codes) == 8
    with pytest.raises(ValidationError):
        rules.authority_code("1", "C26MBL", 2026, 10_000_000, "AB12C")
    with pytest.raises(ValidationError):
        rules.authority_code("1", "C26MBL", 2026, 1, "AB12")


def test_tax_code_check_digit():
    assert rules.check_tax_code("0100233488") == "0100233488"
    assert rules.check_tax_code("0314409058002") == "0314409058-002"
    with pytest.raises(ValidationError, match="check digit"):
        rules.check_tax_code("0100233489")
    with pytest.raises(ValidationError, match="10 digits"):
        rules.check_tax_code("01002334")


def test_buyer_details_are_checked():
    assert buyers.check_buyer(None) == {}
    assert buyers.check_buyer({"name": " ", "phone": ""}) == {}
    b = buyers.check_buyer({"tax_code": "0100233488", "company": "Công ty  TNHH An Phát", "address": "Hà Nội",
                            "phone": "+84 912 345 678"})
    assert b["company"] == "Công ty TNHH An Phát" and b["phone"] == "0912345678"
    for bad in ({"tax_code": "0100233489", "company": "X", "address": "Y"},
                {"tax_code": "0100233488"},
                {"id_no": "12345"},
                {"email": "a@b"},
                {"phone": "12345"},
                {"nickname": "x"}):
        with pytest.raises(ValidationError):
            buyers.check_buyer(bad)
    assert buyers.check_buyer({"id_no": "b1234567"})["id_no"] == "B1234567"
