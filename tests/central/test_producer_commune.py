"""The producer's commune (xã/phường, issue 14): typed on the office's producer page or brought by a
catalog import that makes the producer, shown on the public trace page (once, when the address
written before already names it), published in the open data with its schema, pulled by a kiosk
(real sync client) onto the product card; a producer without one reads as before (no new key)."""
from __future__ import annotations

import csv
import html
import io

import requests
import sqlalchemy as sa

from central import models as m
from hubrig import SALT_GTIN, csrf, hub  # noqa: F401 - hub is a fixture
from pos import product_card
from rig import Kiosk, ok
from testclock import Clock, vn

SHRIMP_GTIN = "08930000000026"


def page_text(url: str) -> str:
    return html.unescape(requests.get(url, timeout=30).text)


def test_commune_from_the_office_to_the_public_page_open_data_and_the_kiosk(hub, tmp_path):
    o = f"{hub.url}/office/catalog/producer/{hub.cat.producer_htx}"
    form = hub.browser.get(o, timeout=30).text
    assert 'name="commune"' in form and "Xã / phường" in form
    r = hub.browser.post(o, data={"csrf": csrf(form), "code": "P02", "name": "HTX Tôm khô Gành Hào", "kind": "cooperative",
                                  "commune": "  xã Gành Hào ", "province": "Cà Mau", "address": "Ấp 1", "active": "1"},
                         timeout=30)
    assert r.status_code == 200 and "Đã lưu." in r.text and 'value="xã Gành Hào"' in html.unescape(r.text)
    with hub.server.engine.connect() as conn:
        assert conn.execute(sa.select(m.producers.c.commune).where(m.producers.c.id == hub.cat.producer_htx)).scalar() \
            == "xã Gành Hào"
    listed = {p["code"]: p for p in ok(hub.api.get(f"{hub.url}/api/v1/office/producers"))}
    assert listed["P02"]["commune"] == "xã Gành Hào" and "commune" not in listed["P01"]  # none yet: no new key

    shrimp = page_text(f"{hub.url}/01/{SHRIMP_GTIN}")
    assert "HTX Tôm khô Gành Hào" in shrimp and "Ấp 1, xã Gành Hào, Cà Mau" in shrimp
    api = f"{hub.url}/api/v1/office/producers"
    ok(hub.api.post(api, json={"id": hub.cat.producer_hh, "commune": "Đông Hải"}))  # the address already names it
    salt = page_text(f"{hub.url}/01/{SALT_GTIN}")
    assert "Ấp Diêm Điền, Đông Hải, Bạc Liêu" in salt and "Đông Hải, Đông Hải" not in salt

    package = requests.get(f"{hub.url}/opendata/datapackage.json", timeout=30).json()
    producers = next(r for r in package["resources"] if r["name"] == "producers")
    assert "commune" in [f["name"] for f in producers["schema"]["fields"]]
    rows = requests.get(f"{hub.url}/opendata/producers.json", timeout=30).json()
    assert {p["code"]: p["commune"] for p in rows} == {"P01": "Đông Hải", "P02": "xã Gành Hào"}
    table = list(csv.DictReader(io.StringIO(requests.get(f"{hub.url}/opendata/producers.csv", timeout=30)
                                            .content.decode("utf-8-sig"))))
    assert {p["code"]: p["commune"] for p in table} == {"P01": "Đông Hải", "P02": "xã Gành Hào"}

    k = Kiosk(tmp_path / "k.db", hub.server, "HN01", "HN-BOOTH", Clock(vn(2026, 12, 7, 9, 0)), hub.cat)
    card = product_card.card(k.store, hub.cat.shrimp)
    assert card["producer"]["commune"] == "xã Gành Hào" and card["producer"]["province"] == "Cà Mau"
    ok(hub.api.post(api, json={"id": hub.cat.producer_htx, "commune": ""}))  # cleared at the centre: at the kiosk too
    assert k.sync().pulled["producers"] == 1
    assert product_card.card(k.store, hub.cat.shrimp)["producer"]["commune"] == ""


def test_an_import_that_makes_a_producer_takes_its_commune_and_province(hub):
    page = hub.browser.get(f"{hub.url}/office/catalog/import", timeout=30).text
    data = ("Mã hàng,Tên hàng,Mã NSX,Nhà sản xuất,Xã/phường,Tỉnh,Giá\n"
            "MAM-01,Mắm ba khía Rạch Gốc,P77,HTX Rạch Gốc,xã Tân Ân,Cà Mau,60000\n").encode("utf-8")
    r = hub.browser.post(f"{hub.url}/office/catalog/import", data={"csrf": csrf(page)},
                         files={"file": ("hang.csv", data)}, timeout=30)
    assert "/office/catalog/import/" in r.url, r.text[:500]
    r = hub.browser.post(r.url + "/apply", data={"csrf": csrf(r.text)}, timeout=30)
    assert r.status_code == 200
    with hub.server.engine.connect() as conn:
        made = conn.execute(sa.select(m.producers).where(m.producers.c.code == "P77")).one()
        assert (made.name, made.commune, made.province) == ("HTX Rạch Gốc", "xã Tân Ân", "Cà Mau")
        assert conn.execute(sa.select(m.products.c.name_vi).where(m.products.c.sku == "MAM-01")).scalar() \
            == "Mắm ba khía Rạch Gốc"
