"""Product content pulled from the centre, kept by the kiosk (pos/content.py, migration m011):
applied through pos.catalog.apply_catalog as the sync client does, whole picture lists replaced,
a bad row refused alone, an older centre's pull (no `product_content` key) changing nothing."""
from __future__ import annotations

import sqlite3

import pytest

from picturerig import content_row
from pos import catalog, content, product_card, schema
from pos.errors import ValidationError
from pos.store import Store

A, B, C = "a" * 64, "b" * 64, "c" * 64


def pull(*rows, **extra) -> dict:
    return {"cursor": "9", "more": False, "products": [], "product_content": list(rows), **extra}


def test_pulled_content_is_kept_and_read_back_for_the_card(store, small):
    row = content_row(small.salt, [(A, B), (C, None)], description_vi="Muối hột rang với ớt.\nĐặc sản Bạc Liêu.",
                      description_en="Sea salt roasted with chili.", storage_vi="Nơi khô ráo",
                      storage_en="Keep dry", net_qty=500, shelf_life_days=365,
                      certificate={"sha256": C, "url": f"/media/{C}.pdf", "type": "application/pdf"})
    row["photos"][1]["thumb_sha256"] = None
    changes = catalog.apply_catalog(store, pull(row))
    assert changes.catalog
    card = product_card.card(store, small.salt)
    assert card["content"]["description_vi"].endswith("Đặc sản Bạc Liêu.") and card["content"]["net_qty"] == 500
    assert card["content"]["certificate_url"] == f"/media/{C}.pdf" and card["cert_valid"] is True
    assert [p["sha256"] for p in card["photos"]] == [A, C] and card["photos"][1]["thumb_sha256"] is None
    assert card["producer"]["kind"] == "household" and card["ocop_stars"] == 4
    assert content.thumbs_for(store, [small.salt, small.cake]) == {small.salt: (B, f"/media/{B}.jpg")}
    assert content.wanted(store) == [(B, f"/media/{B}.jpg")]  # thumbnails only by default
    assert set(content.wanted(store, large=True)) == {(B, f"/media/{B}.jpg"), (A, f"/media/{A}.jpg"),
                                                       (C, f"/media/{C}.jpg")}
    # the centre sends the list whole: a later pull with one picture leaves one
    catalog.apply_catalog(store, pull(content_row(small.salt, [(C, A)], description_vi="Muối")))
    card = product_card.card(store, small.salt)
    assert [p["sha256"] for p in card["photos"]] == [C] and card["content"]["certificate_url"] is None
    assert card["content"]["description_vi"] == "Muối" and card["content"]["net_qty"] is None


def test_a_product_without_content_has_an_empty_card(store, small):
    card = product_card.card(store, small.cake)
    assert card["photos"] == [] and card["content"]["description_en"] == ""
    assert content.with_thumbs(store, [{"id": small.cake}]) == [{"id": small.cake, "thumb": None}]


def test_an_older_centre_without_the_key_changes_nothing(store, small):
    catalog.apply_catalog(store, pull(content_row(small.salt, [(A, B)], storage_vi="Nơi khô ráo")))
    before = store.conn.execute("SELECT * FROM product_content").fetchall(), \
        store.conn.execute("SELECT * FROM product_photos").fetchall()
    old = pull()
    del old["product_content"]
    catalog.apply_catalog(store, old)
    assert (store.conn.execute("SELECT * FROM product_content").fetchall(),
            store.conn.execute("SELECT * FROM product_photos").fetchall()) == before


@pytest.mark.parametrize("bad, field", [
    ({"photos": [{"sha256": "not-a-hash", "url": "/media/x.jpg"}]}, "photos.sha256"),
    ({"photos": [{"sha256": A, "url": "javascript:alert(1)", "thumb_sha256": None}]}, "photos.url"),
    ({"net_unit": "kg"}, "net_unit"),
    ({"net_qty": -5}, "net_qty"),
    ({"certificate": {"sha256": A.upper(), "url": "/media/x.pdf"}}, "certificate.sha256"),
])
def test_a_bad_row_is_refused_alone_and_the_rest_applies(store, small, bad, field):
    good = content_row(small.shrimp, [(A, B)], description_vi="Tôm khô")
    wrong = {**content_row(small.salt, [(C, None)], description_vi="Muối"), **bad}
    problems: list = []
    catalog.apply_catalog(store, pull(wrong, good), problems=problems)
    assert [(p["kind"], p["id"], p["field"]) for p in problems] == [("product_content", small.salt, field)]
    assert product_card.card(store, small.shrimp)["content"]["description_vi"] == "Tôm khô"
    assert product_card.card(store, small.salt)["photos"] == []  # nothing of the bad row kept
    with pytest.raises(ValidationError):  # all or nothing without a problem list
        catalog.apply_catalog(store, pull(good, wrong))


def test_a_kiosk_made_before_m011_gets_the_tables_when_it_opens(store, small, clock):
    path = store.path
    store.close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE product_content")
    con.execute("DROP TABLE product_photos")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_product_content'")
    con.execute("PRAGMA user_version=9")
    con.commit()
    con.close()
    with Store(path, clock=clock) as again:
        assert again.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        catalog.apply_catalog(again, pull(content_row(small.salt, [(A, B)])))
        assert catalog.get_product(again, small.salt)["name_vi"] == "Muối hầm Bạc Liêu 500g"
        assert content.thumbs_for(again, [small.salt]) == {small.salt: (B, f"/media/{B}.jpg")}
