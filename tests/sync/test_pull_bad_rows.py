"""A bad catalog row put straight into the central database (SQL by hand, an import path) no
longer stops a kiosk's pull: the server withholds it, logs it, lists it for the central office,
the kiosk's sync report names it, and the rest of the catalog still arrives."""
from __future__ import annotations

import logging

import requests
import sqlalchemy as sa

from pos import catalog
from sync.client import sync_once
from central.catalog import pull as central

from syncrig import enroll, make_kiosk
from test_pull import CATEGORY, PRODUCER, admin_headers, product, put


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def raw_product(c, rev: int, pid: str, sku: str, **cols) -> None:
    row = {"id": pid, "sku": sku, "name_vi": "Hàng nhập tay", "producer_id": "prod-0001", "price": 10_000,
           "vat_rate": 8, "barcodes": "[]", "updated_at": "2026-11-22T00:00:00Z", "rev": rev, **cols}
    c.execute(sa.text(f"INSERT INTO products ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})"), row)


def test_bad_rows_are_withheld_reported_and_the_rest_flows(server, tmp_path):
    h = admin_headers(server)
    put(server, h, producers=[PRODUCER], categories=[CATEGORY],
        products=[product(50_000), {**product(30_000, "Bánh phồng tôm Cà Mau"), "id": "sp-0002", "sku": "CM-BPT-01",
                                    "barcodes": []}])
    sqlite = server.engine.dialect.name == "sqlite"
    with server.engine.begin() as c:  # what an import path or SQL by hand could leave behind
        rev = central.next_rev(c)
        raw_product(c, rev, "bad-neg", "BAD-NEG", price=-5_000)
        raw_product(c, rev, "bad-name", "BAD-NAME", name_vi="")
        raw_product(c, rev, "bad-ean", "BAD-EAN", barcodes='["8934567890121"]')  # check digit should be 0
        raw_product(c, rev, "bad-json", "BAD-JSON", barcodes="not json")
        if sqlite:  # PostgreSQL's BIGINT column cannot hold these at all
            raw_product(c, rev, "bad-frac", "BAD-FRAC", price=12.5)
        raw_product(c, rev, "good-raw", "GOOD-RAW", price=25_000)
        c.execute(sa.text("INSERT INTO producers (id, code, name, kind, rev) VALUES "
                          "('prod-bad', 'BAD-P', 'Cơ sở lạ', 'alien', :r)"), {"r": rev})
        raw_product(c, rev, "orphan", "ORPHAN", producer_id="prod-bad")  # fine itself; its producer is not
        c.execute(sa.text("INSERT INTO location_prices (location_code, product_id, price, rev) VALUES "
                          "('HN-BOOTH', 'sp-0002', -1, :r)"), {"r": rev})
        c.execute(sa.text("INSERT INTO settings (location_code, key, value, rev) VALUES "
                          "('', 'discount_approval_pct', '500', :r), ('', 'receipt_footer', '\"Hẹn gặp lại!\"', :r), "
                          "('HN-BOOTH', 'reconcile_time', '\"25:99\"', :r)"),
                  {"r": rev})
    logs = Collect()
    logging.getLogger("ocop.server.catalog").addHandler(logs)
    store, _ = make_kiosk(tmp_path / "hn.db", "HN01")
    try:
        enroll(server, store, "HN-BOOTH")
        report = sync_once(store)
        assert report.error == ""
        # the good rows arrived, from the admin API and from the same raw batch
        assert catalog.find_sku(store, "BL-MUOI-01")["price"] == 50_000
        assert catalog.find_sku(store, "GOOD-RAW")["price"] == 25_000
        assert store.settings()["receipt_footer"] == "Hẹn gặp lại!"
        # the bad ones did not, and each is named with its reason
        held = {r[0] for r in store.conn.execute("SELECT sku FROM products")}
        assert not held & {"BAD-NEG", "BAD-NAME", "BAD-EAN", "BAD-JSON", "BAD-FRAC", "ORPHAN", "CM-BPT-01"}
        assert store.settings()["discount_approval_pct"] == 10 and store.settings()["reconcile_time"] == "23:30"
        got = {(p["where"], p["kind"], p.get("sku") or p.get("code") or p["id"], p["field"])
               for p in report.pull_problems}
        expect = {("server", "products", "BAD-NEG", "price"), ("server", "products", "BAD-NAME", "name_vi"),
                  ("server", "products", "BAD-EAN", "barcodes"), ("server", "products", "BAD-JSON", "barcodes"),
                  ("server", "products", "CM-BPT-01", "price"), ("server", "producers", "BAD-P", "kind"),
                  ("server", "settings", "discount_approval_pct", "value"), ("server", "settings", "reconcile_time", "value"),
                  ("kiosk", "products", "ORPHAN", "producer_id")}
        if sqlite:
            expect.add(("server", "products", "BAD-FRAC", "price"))
        assert got == expect
        reasons = {p.get("sku"): p["reason"] for p in report.pull_problems}
        assert "expected 0" in reasons["BAD-EAN"] and "-5000" in reasons["BAD-NEG"]
        assert "catalog rows refused" in report.summary()
        assert store.settings()["sync_last_pull_problems"]["count"] == len(expect)
        assert logs.records and logs.records[0].rows == len(expect) - 1  # the server's own warning

        # the central office sees the same rows, whichever kiosk pulls
        r = requests.get(server.url + "/api/v1/admin/catalog/problems", headers=h, timeout=30)
        assert r.status_code == 200
        office = {(p["kind"], p.get("sku") or p.get("code") or p["id"], p["field"]) for p in r.json()["rows"]}
        assert {(k, n, f) for w, k, n, f in expect if w == "server"} - {("products", "CM-BPT-01", "price")} <= office
        assert ("location_prices", "CM-BPT-01", "price") in office

        # fixed centrally, the rows flow on the next pull; nothing is reported any more
        put(server, h, products=[{**product(7_000, "Muối tiêu chanh"), "id": "bad-neg", "sku": "BAD-NEG",
                                  "barcodes": []}],
            prices=[{"location_code": "HN-BOOTH", "product_id": "sp-0002", "price": 32_000}])
        again = sync_once(store)
        assert again.pull_problems == []
        assert catalog.find_sku(store, "BAD-NEG")["price"] == 7_000
        assert catalog.find_sku(store, "CM-BPT-01")["price"] == 32_000
    finally:
        logging.getLogger("ocop.server.catalog").removeHandler(logs)
        store.close()


def test_apply_catalog_without_a_problem_list_stays_all_or_nothing(tmp_path):
    from pos.errors import ValidationError

    store, _ = make_kiosk(tmp_path / "k.db", "HN01")
    try:
        changes = {"products": [{"id": "a", "sku": "A1", "name_vi": "Mắm tôm", "producer_id": "x-none",
                                 "price": 1_000, "vat_rate": 8}],
                   "categories": [{"id": "c1", "name_vi": "Mắm"}]}
        try:
            catalog.apply_catalog(store, changes)
            raise AssertionError("a bad row was accepted")
        except ValidationError:
            pass
        assert store.conn.execute("SELECT count(*) FROM categories WHERE id = 'c1'").fetchone()[0] == 0
        problems = []
        catalog.apply_catalog(store, changes, problems=problems)
        assert store.conn.execute("SELECT count(*) FROM categories WHERE id = 'c1'").fetchone()[0] == 1
        assert [(p["kind"], p["sku"], p["field"]) for p in problems] == [("products", "A1", "producer_id")]
    finally:
        store.close()
