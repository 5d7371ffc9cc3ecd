"""The producer's commune at the kiosk (m016, issue 14): a database made before it gets the column
(empty) when it opens; the pull brings the commune onto the product card, and a pulled producer
without one (the centre sends `commune` only when set) clears it."""
from __future__ import annotations

from pos import catalog, product_card, schema
from pos.store import Store


def test_a_kiosk_made_before_m016_gets_the_commune_when_it_opens(tmp_path, clock, monkeypatch):
    from tests.conftest import build_small_catalog

    path = tmp_path / "old.db"
    with monkeypatch.context() as m:
        m.setattr(schema.migrations, "_migrations",
                  [x for x in schema.migrations._migrations if x.name != "m016_producer_commune"])
        m.setattr(schema, "SCHEMA_VERSION", 13)
        with Store(path, clock=clock) as s:
            s.set_settings(device_code="HN01")
            small = build_small_catalog(s)
            assert "commune" not in {c[1] for c in s.conn.execute("PRAGMA table_info(producers)")}
    with Store(path, clock=clock) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert product_card.card(s, small.shrimp)["producer"]["commune"] == ""
        producer = dict(s.one("SELECT * FROM producers WHERE id = ?", (small.producer_htx,)))
        pulled = {k: producer[k] for k in catalog.PRODUCER_FIELDS if k != "commune"} | {"id": small.producer_htx}
        catalog.apply_catalog(s, {"producers": [{**pulled, "commune": "xã Gành Hào", "province": "Cà Mau"}]})
        card = product_card.card(s, small.shrimp)["producer"]
        assert (card["commune"], card["province"]) == ("xã Gành Hào", "Cà Mau")
        catalog.apply_catalog(s, {"producers": [pulled]})  # sent without it: the centre has none
        assert product_card.card(s, small.shrimp)["producer"]["commune"] == ""
