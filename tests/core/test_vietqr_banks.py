"""The NAPAS member banks VietQR reaches, shipped as data (assets/napas_banks.json)."""
from __future__ import annotations

import json

import pytest

from pos import vietqr

KNOWN = {"970436": "Vietcombank", "970415": "VietinBank", "970418": "BIDV", "970405": "Agribank",
         "970422": "MB", "970407": "Techcombank", "970416": "ACB", "970432": "VPBank"}


def test_every_napas_member_bank_is_listed_once():
    bins = [b.bin for b in vietqr.ALL_BANKS]
    assert len(bins) >= 50 and len(set(bins)) == len(bins)
    assert all(len(b) == 6 and b.isdigit() for b in bins)
    for bin_code, short in KNOWN.items():
        assert vietqr.BANKS[bin_code].startswith(short), bin_code
    # each BIN builds a payload a banking app accepts (CRC and fields checked by decode)
    for bank in vietqr.ALL_BANKS:
        assert vietqr.decode(vietqr.build(bank.bin, "0011001234567", 50_000)).bin_code == bank.bin


@pytest.mark.parametrize("typed,expected", [
    ("ngoai thuong", "970436"), ("Công Thương", "970415"), ("970418", "970418"), ("agri", "970405"),
    ("quân đội", "970422"), ("TECHCOM", "970407"), ("á châu", "970416"), ("vp", "970432"),
    ("liên việt", "970449"),  # LienVietPostBank, now LPBank: its old name still finds it
])
def test_banks_are_found_by_name_short_name_or_bin_without_tones(typed, expected):
    assert expected in [b.bin for b in vietqr.find_banks(typed)]


def test_nothing_typed_lists_all_and_nonsense_lists_none():
    assert vietqr.find_banks("") == list(vietqr.ALL_BANKS)
    assert vietqr.find_banks("zzzz ngân hàng") == []


@pytest.mark.parametrize("rows,problem", [
    ([{"bin": "97043", "short_name": "X"}], "6 digits"),
    ([{"bin": "９７０４３６", "short_name": "X"}], "6 digits"),  # full-width digits are not a BIN
    ([{"bin": "970436", "short_name": "A"}, {"bin": "970436", "short_name": "B"}], "twice"),
    ([{"bin": "970436", "short_name": " "}], "short name"),
])
def test_a_damaged_bank_file_is_refused(tmp_path, rows, problem):
    path = tmp_path / "banks.json"
    path.write_text(json.dumps({"banks": rows}), encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        vietqr.load_banks(path)
