"""Regenerate assets/napas_banks.json from the bank table of the MIT-licensed `vietnam-qr-pay` library
(xuannghia/vietnam-qr-pay, src/constants/banks.ts and bank-code.ts).

Why that table: it is a maintained copy of the NAPAS / VietQR member list (BIN, short name, legal
name, whether VietQR transfers reach the bank) that records renamed banks (LienVietPostBank ->
LPBank, OceanBank -> MBV, DongA Bank -> Vikki) instead of silently dropping them. Renamed entries are
folded into their successor as search aliases, so a BIN appears once; banks without a BIN (not
reachable by VietQR) are left out.

    python scripts/napas_banks.py banks.ts bank-code.ts COMMIT DATE > assets/napas_banks.json
"""
from __future__ import annotations

import json
import re
import sys

ENTRY = re.compile(r"\[BankKey\.(\w+)\]:\s*\{(.*?)\n  \}", re.S)
FIELD = re.compile(r"(\w+):\s*('(?:[^'\\]|\\.)*'|[\w.]+)")
# In VietQR's own published list (https://api.vietqr.io/v2/banks, as copied into public repositories
# in 2025-2026) but not in the library's table: added so every BIN VietQR routes is offered.
SUPPLEMENT = [
    ("970467", "KEB Hana HN", "Ngân hàng KEB Hana - Chi nhánh Hà Nội", "KEBHANAHN"),
    ("970466", "KEB Hana HCM", "Ngân hàng KEB Hana - Chi nhánh Thành phố Hồ Chí Minh", "KEBHANAHCM"),
    ("533948", "Citibank", "Ngân hàng Citibank, N.A. - Chi nhánh Hà Nội", "CITIBANK"),
    ("999888", "VBSP", "Ngân hàng Chính sách Xã hội", "VBSP"),
    ("971133", "PVcomBank Pay", "Ngân hàng TMCP Đại Chúng Việt Nam Ngân hàng số", "PVDB"),
    ("971005", "ViettelMoney", "Tổng Công ty Dịch vụ số Viettel - Chi nhánh tập đoàn công nghiệp viễn thông Quân Đội",
     "VTLMONEY"),
    ("971011", "VNPTMoney", "VNPT Money", "VNPTMONEY"),
    ("977777", "MAFC", "Công ty Tài chính TNHH MTV Mirae Asset (Việt Nam)", "MAFC"),
]
STATUS = {"TRANSFER_SUPPORTED": "transfer", "RECEIVE_ONLY": "receive_only", "NOT_SUPPORTED": "not_supported"}


def parse(banks_ts: str, codes_ts: str) -> list[dict]:
    codes = dict(re.findall(r"(\w+)\s*=\s*'([^']*)'", codes_ts))
    out = []
    for key, body in ENTRY.findall(banks_ts):
        raw = {k: v for k, v in FIELD.findall(body)}
        text = {k: v[1:-1] for k, v in raw.items() if v.startswith("'")}
        out.append({
            "key": key,
            "bin": text.get("bin", ""),
            "code": codes.get(raw.get("code", "").split(".")[-1], ""),
            "short_name": text.get("shortName", ""),
            "name": text.get("name", ""),
            "swift": text.get("swiftCode") or None,
            "vietqr": STATUS[raw["vietQRStatus"].split(".")[-1]],
            "keywords": [w.strip() for w in text.get("keywords", "").split(",") if w.strip()],
            "deprecated": raw.get("deprecated") == "true",
        })
    return out


def build(entries: list[dict]) -> list[dict]:
    current = {e["bin"]: e for e in entries if e["bin"] and not e["deprecated"] and e["vietqr"] != "not_supported"}
    for old in entries:
        if old["deprecated"] and old["bin"] in current:  # a renamed bank: its old names still find it
            new = current[old["bin"]]
            new["keywords"] += [w for w in [old["short_name"], old["name"], *old["keywords"]] if w not in new["keywords"]]
    for bin_code, short, name, code in SUPPLEMENT:
        if bin_code not in current:
            current[bin_code] = {"bin": bin_code, "short_name": short, "name": name, "code": code, "swift": None,
                                 "vietqr": "transfer", "keywords": [], "source": "api.vietqr.io/v2/banks"}
    return [{"bin": e["bin"], "short_name": e["short_name"], "name": e["name"], "code": e["code"],
             "swift": e["swift"], "vietqr": e["vietqr"], "aliases": e["keywords"],
             **({"source": e["source"]} if "source" in e else {})}
            for e in sorted(current.values(), key=lambda e: e["short_name"].lower())]


def main(argv: list[str]) -> int:
    banks_ts, codes_ts, commit, day = argv[1:5]
    with open(banks_ts, encoding="utf-8") as fh, open(codes_ts, encoding="utf-8") as fc:
        banks = build(parse(fh.read(), fc.read()))
    doc = {
        "source": "xuannghia/vietnam-qr-pay (MIT), src/constants/banks.ts; entries marked with their own "
                  "source from VietQR's published list api.vietqr.io/v2/banks",
        "source_commit": commit,
        "source_date": day,
        "note": "NAPAS member banks reachable by VietQR; regenerate with scripts/napas_banks.py",
        "banks": banks,
    }
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
