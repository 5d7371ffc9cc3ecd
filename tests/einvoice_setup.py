"""The e-invoice setup the kiosk tests use: the shape of the pull's "einvoice" key (docs/einvoice.md),
applied through the same pos function the pull uses."""
from __future__ import annotations

OPERATOR = "1900123454"      # the booth operator (trade promotion centre)
PRODUCER = "1900987655"      # a cooperative that delegated its invoicing to the operator


def einvoice(producer_id: str | None = None, enabled: bool = True, template: str = "1") -> dict:
    sellers = [{"tax_code": OPERATOR, "name": "Trung tâm Xúc tiến Thương mại Bạc Liêu",
                "address": "12 Trần Phú, Phường 7, TP. Bạc Liêu", "template": template, "authority_prefix": "AB12C",
                "symbol": "C26MBL", "place_code": "BL01", "place_name": "Gian hàng OCOP Hà Nội",
                "place_address": "Số 1 Phố Huế, Hà Nội", "lookup_url": "https://hoadon.example.vn/tra-cuu",
                "is_operator": True, "producer_ids": [], "delegate": None}]
    if producer_id:
        sellers.append({"tax_code": PRODUCER, "name": "HTX Tôm khô Gành Hào", "address": "Ấp 3, Gành Hào, Bạc Liêu",
                        "template": "2", "authority_prefix": "HTX01", "symbol": "C26MBL", "place_code": "BL01",
                        "place_name": "Gian hàng OCOP Hà Nội", "place_address": "Số 1 Phố Huế, Hà Nội",
                        "lookup_url": "https://hoadon.example.vn/tra-cuu", "is_operator": False,
                        "producer_ids": [producer_id],
                        "delegate": {"tax_code": OPERATOR, "name": "Trung tâm Xúc tiến Thương mại Bạc Liêu",
                                     "address": "12 Trần Phú, Phường 7, TP. Bạc Liêu"}})
    return {"enabled": enabled, "sellers": sellers}
