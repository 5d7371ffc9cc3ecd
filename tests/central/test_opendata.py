"""The open-data catalog read back as a reuser would: the descriptor, then each CSV and JSON file
checked against the schema it declares; formula-looking names stay inert in the CSV and exact in
the JSON; what is private stays out."""
from __future__ import annotations

import csv
import io
import json

import requests

from central.catalog import content as co
from central.catalog import media
from hubrig import SALT_GTIN, hub, picture  # noqa: F401 - hub is a fixture
from rig import ok


def fetch(hub, name: str) -> requests.Response:
    r = requests.get(f"{hub.url}/opendata/{name}", timeout=30)
    assert r.status_code == 200, (name, r.status_code)
    return r


def typed(value: str, kind: str):
    """A CSV cell read by its Table Schema type (empty: missing)."""
    if value == "":
        return None
    return {"integer": int, "boolean": lambda v: {"true": True, "false": False}[v]}.get(kind, str)(value)


def test_the_catalog_reads_back_from_csv_and_json_as_the_descriptor_says(hub):
    o = f"{hub.url}/api/v1/office"
    ok(hub.api.post(f"{o}/producers", json={"code": "P09", "name": "=HYPERLINK(\"http://x\",\"y\")", "kind": "enterprise",
                                            "phone": "0912345678", "email": "chu@example.vn", "contact_name": "Nguyễn Văn A",
                                            "tax_code": "1900999999", "province": "Cà Mau"}))
    bad = ok(hub.api.get(f"{o}/producers"))
    bad_id = next(p["id"] for p in bad if p["code"] == "P09")
    ok(hub.api.post(f"{o}/products", json={"sku": "-CHAM", "name_vi": "@Nước chấm", "producer_id": bad_id, "price": 30_000,
                                           "barcodes": ["8930000000064"], "ocop_stars": 3, "ocop_cert_issued": "2019-01-02",
                                           "ocop_cert_expires": "2022-01-02"}))
    ok(hub.api.post(f"{o}/products", json={"sku": "NGUNG", "name_vi": "Hàng ngừng bán", "producer_id": bad_id, "price": 1000,
                                           "active": 0}))
    ok(hub.api.post(f"{o}/products", json={"id": hub.cat.salt, "ocop_cert_issued": "2025-06-01",
                                           "ocop_cert_expires": "2099-06-01"}))
    settings = hub.server.app.state.settings
    with hub.server.engine.begin() as conn:
        co.save(conn, hub.cat.salt, {"description_vi": "Muối hột rang", "storage_en": "Keep dry", "net_qty": 500}, "t")
        stored = media.store_picture(picture(), settings)
        co.add_media(conn, hub.cat.salt, "photo", stored, settings, "t")

    package = fetch(hub, "datapackage.json").json()
    assert package["resources"] and package["licenses"]
    tables = {}
    for res in package["resources"]:
        assert res["path"].startswith(f"{hub.url}/opendata/")
        r = requests.get(res["path"], timeout=30)
        fields = res["schema"]["fields"]
        names = [f["name"] for f in fields]
        if res["format"] == "csv":
            assert r.headers["content-type"].startswith("text/csv")
            reader = csv.reader(io.StringIO(r.content.decode(res["encoding"])))
            assert next(reader) == names
            rows = [{f["name"]: typed(v, f["type"]) for f, v in zip(fields, row)} for row in reader]
        else:
            rows = r.json()
            assert all(list(row) == names for row in rows)
        tables[res["name"]] = rows

    csv_products = {p["sku"]: p for p in tables["products"]}
    json_products = {p["sku"]: p for p in tables["products-json"]}
    assert set(json_products) == {"MUOI-500", "TOM-200", "BANHDA", "KHOCA", "-CHAM"}
    assert set(csv_products) == {"MUOI-500", "TOM-200", "BANHDA", "KHOCA", "'-CHAM"}
    assert "NGUNG" not in json_products  # not on sale: not published
    salt = json_products["MUOI-500"]
    assert salt["gtin"] == SALT_GTIN and salt["page_url"] == f"{hub.url}/01/{SALT_GTIN}"
    assert salt["ocop_stars"] == 4 and salt["ocop_cert_valid"] is True and salt["ocop_cert_expires"] == "2099-06-01"
    assert salt["description_vi"] == "Muối hột rang" and salt["storage_en"] == "Keep dry" and salt["net_qty"] == 500
    assert salt["photo_urls"] == f"{hub.url}/media/{stored.sha256}.jpg" and salt["photo_sha256"] == stored.sha256
    assert requests.get(salt["photo_urls"], timeout=30).status_code == 200 and requests.get(salt["page_url"], timeout=30).ok
    assert json_products["KHOCA"]["gtin"] == ""  # a weight code is this shop's own number, not a GTIN
    cham = json_products["-CHAM"]
    assert cham["name_vi"] == "@Nước chấm" and cham["ocop_cert_valid"] is False  # exact in JSON; expired said so
    assert csv_products["'-CHAM"]["name_vi"] == "'@Nước chấm"  # CSV: a spreadsheet shows it as text, never runs it
    assert csv_products["'-CHAM"]["producer_name"] == "'=HYPERLINK(\"http://x\",\"y\")"
    for key in ("gtin", "ocop_stars", "price_vnd", "ocop_cert_valid", "photo_sha256"):
        assert csv_products["MUOI-500"][key] == salt[key], key  # the two formats say the same

    producers = {p["code"]: p for p in tables["producers-json"]}
    assert set(producers) == {"P01", "P02", "P09"} and producers["P01"]["products"] == 2
    assert producers["P09"]["province"] == "Cà Mau"
    every_file = b"".join(requests.get(res["path"], timeout=30).content for res in package["resources"])
    for private in ("0912345678", "chu@example.vn", "Nguyễn Văn A", "1900999999"):
        assert private.encode() not in every_file, private


def test_the_files_have_stable_addresses_and_a_landing_page(hub):
    page = fetch(hub, "")
    for name in ("datapackage.json", "products.csv", "products.json", "producers.csv", "producers.json"):
        assert f'href="/opendata/{name}"' in page.text
    r = fetch(hub, "products.json")
    assert r.headers["access-control-allow-origin"] == "*" and "max-age" in r.headers["cache-control"]
    assert requests.get(f"{hub.url}/opendata/secrets.csv", timeout=30).status_code == 404
    assert json.loads(fetch(hub, "datapackage.json").text)["name"] == "ocop-catalog"
