"""Buyer profiles at the kiosk: saved with their buyer.saved event, found again by tax code or phone,
and taken from the centre's pull (newer wins, not echoed back)."""
from __future__ import annotations

import json

import pytest

from pos import catalog
from pos.einvoice import buyers
from pos.errors import ValidationError

COMPANY = {"tax_code": "0100233488", "company": "Công ty TNHH An Phát", "address": "5 Lê Lợi, Hà Nội",
           "phone": "0912 345 678", "email": "ketoan@anphat.vn"}


def test_saved_profile_is_found_by_tax_code_or_phone_and_sent_to_the_centre(store):
    bid, changes = buyers.save(store, COMPANY)
    assert changes.outbox == 1
    for typed in ("0100233488", "0100-233-488", "0912345678", "+84 912 345 678", "84912345678"):
        assert [b["id"] for b in buyers.find(store, typed)] == [bid], typed
    assert buyers.find(store, "0100233487") == [] and buyers.find(store, "") == []
    (payload,) = [json.loads(r[0]) for r in store.conn.execute("SELECT payload FROM outbox WHERE type = 'buyer.saved'")]
    assert payload["buyer"]["id"] == bid and payload["buyer"]["phone"] == "0912345678"
    buyers.save(store, {**COMPANY, "id": bid, "address": "7 Hàng Bài, Hà Nội"})
    assert buyers.find(store, "0912345678")[0]["address"] == "7 Hàng Bài, Hà Nội"
    assert store.one("SELECT count(*) AS n FROM buyers")["n"] == 1
    with pytest.raises(ValidationError):
        buyers.save(store, {**COMPANY, "tax_code": "0100233489"})
    with pytest.raises(ValidationError):
        buyers.save(store, {})


def test_pulled_profiles_newer_wins_and_are_not_echoed(store):
    bid, _ = buyers.save(store, COMPANY)
    events = store.one("SELECT count(*) AS n FROM outbox")["n"]
    older = {**COMPANY, "id": bid, "address": "cũ", "updated_at": "2000-01-01T00:00:00.000+00:00"}
    newer = {"id": "b-2", "name": "Lê Thị Hoa", "phone": "0987654321", "updated_at": "2026-11-22T01:00:00.000+00:00"}
    problems: list = []
    catalog.apply_catalog(store, {"buyers": [older, newer, {"id": "b-3", "tax_code": "123"}]}, problems=problems)
    assert [p["id"] for p in problems] == ["b-3"]
    assert buyers.find(store, "0100233488")[0]["address"] == "5 Lê Lợi, Hà Nội"  # ours is newer
    assert buyers.find(store, "0987654321")[0]["name"] == "Lê Thị Hoa"
    assert store.one("SELECT count(*) AS n FROM outbox")["n"] == events
