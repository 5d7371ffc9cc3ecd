"""The stock-on-hand screen on a catalog bigger than one page: rows come in pages from the DB
worker as the manager scrolls (warnings first, then by name), agree with pos.stock.stock_list,
and a movement updates its row where it stands. (Speed is measured in bench/bench_manager.py.)"""
from __future__ import annotations

import shutil
from collections import defaultdict

import pytest

from pos import catalog, demo, staff, stock
from pos.store import Store
from testclock import Clock
from ui.manager.stock_model import DONE, PAGE, has_warning

N = 3 * PAGE + 37
WAIT = 20_000


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    """N synthetic products; two in three got a delivery (so not every row is a warning). Built and
    shown on one fixed clock: which certificates are expired must not change under the test."""
    path = tmp_path_factory.mktemp("stock_pages") / "kiosk.db"
    with Store(path, clock=Clock()) as s:
        s.set_settings(device_code="HN01")
        demo.seed_synthetic(s, N)
        manager, _ = staff.create_staff(s, "M1", "Quản lý", "manager", "9999")
        by_producer = defaultdict(list)
        for i, p in enumerate(s.all("SELECT id, producer_id, sold_by_weight FROM products ORDER BY sku")):
            if i % 3:
                by_producer[p["producer_id"]].append({"product_id": p["id"],
                                                      "qty": 9_000 if p["sold_by_weight"] else 50})
        for producer, lines in by_producer.items():
            stock.receive_delivery(s, producer, lines, manager)
        expected = stock.stock_list(s, expiring_days=60)
        mgr = staff.get_staff(s, manager)
    return path, mgr, expected


@pytest.fixture
def screen(qtbot, big_db, tmp_path):
    from ui.context import AppContext
    from ui.manager.stock import StockScreen
    from ui.worker import DbWorker

    src, manager, expected = big_db
    path = tmp_path / "kiosk.db"
    shutil.copyfile(src, path)
    worker = DbWorker(path, clock=Clock())
    with qtbot.waitSignal(worker.opened, timeout=WAIT) as opened:
        pass
    ctx = AppContext(worker, settings=opened.args[0])
    ctx.set_staff(manager)
    w = StockScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.expected = expected
    w.db_path = path
    yield w
    w.hide()
    worker.stop()


def load_all(qtbot, w):
    while w.model.phase != DONE or w.model.loading:
        before = w.model.rowCount()
        w.table.scrollToBottom()  # the view asks the model for more (fetchMore)
        qtbot.waitUntil(lambda: w.model.rowCount() > before or (w.model.phase == DONE and not w.model.loading),
                        timeout=WAIT)


def assert_warnings_first_by_name(rows):
    flags = [has_warning(r) for r in rows]
    assert flags == sorted(flags, reverse=True), "every warning row comes before the others"
    for part in (True, False):
        names = [(r["name_folded"], r["product_id"]) for r in rows if has_warning(r) is part]
        assert names == sorted(names)


def test_first_page_comes_from_the_worker_then_the_rest_as_one_scrolls(qtbot, screen):
    w = screen
    w.show()
    assert w.model.rowCount() == 0 and w.ctx.worker.pending >= 1  # nothing listed on the UI thread
    qtbot.waitUntil(lambda: w.model.rowCount() > 0 and not w.model.loading, timeout=WAIT)
    assert w.model.rowCount() == PAGE and w.model.phase != DONE
    assert "cuộn xuống" in w.more.text() or "scroll" in w.more.text()
    qtbot.waitUntil(lambda: "products" in w.summary.text() or "sản phẩm" in w.summary.text(), timeout=WAIT)
    assert w.summary.text().startswith(f"{N} ")

    load_all(qtbot, w)
    rows = w.model.rows
    assert len(rows) == N == len({r["product_id"] for r in rows})
    assert_warnings_first_by_name(rows)
    # the same facts as the domain's own full list
    want = {r["product_id"]: (r["on_hand"], r["is_low"], r["cert_expired"], r["cert_expiring"]) for r in w.expected}
    got = {r["product_id"]: (r["on_hand"], r["is_low"], r["cert_expired"], r["cert_expiring"]) for r in rows}
    assert got == want
    n_warn = sum(1 for r in w.expected if has_warning(r))
    assert 0 < n_warn < N
    # a warning row is coloured and says why
    first = w.model.index(0, 7)
    assert w.model.data(first) and w.model.data(first, 8) is not None  # BackgroundRole


def test_warnings_only_and_filter(qtbot, screen):
    w = screen
    w.show()
    qtbot.waitUntil(lambda: w.model.rowCount() > 0 and not w.model.loading, timeout=WAIT)
    w.low_only.click()
    load_all(qtbot, w)
    want = sorted(r["product_id"] for r in w.expected if has_warning(r))
    assert sorted(r["product_id"] for r in w.model.rows) == want
    w.low_only.click()
    qtbot.waitUntil(lambda: not w.model.warnings_only and w.model.rowCount() == PAGE, timeout=WAIT)

    name = w.expected[5]["name_vi"]
    w.filter.setText(name)
    with Store(w.db_path) as s:
        hits = {p["id"] for p in catalog.search(s, name, limit=500)}
    qtbot.waitUntil(lambda: w.model.phase == DONE and {r["product_id"] for r in w.model.rows} == hits,
                    timeout=WAIT)
    assert w.expected[5]["product_id"] in hits
    flags = [has_warning(r) for r in w.model.rows]  # warnings first, then the search's own ranking
    assert flags == sorted(flags, reverse=True)
    w.filter.setText("zzzz không có")
    qtbot.waitUntil(lambda: w.model.rowCount() == 0, timeout=WAIT)
    w.filter.clear()
    qtbot.waitUntil(lambda: w.model.rowCount() == PAGE, timeout=WAIT)


def test_a_movement_updates_its_row_where_it_stands(qtbot, screen):
    w = screen
    w.show()
    qtbot.waitUntil(lambda: w.model.rowCount() > 0 and not w.model.loading, timeout=WAIT)
    load_all(qtbot, w)
    i = next(i for i, r in enumerate(w.model.rows) if not has_warning(r) and i > PAGE)
    r = w.model.rows[i]
    w.table.selectRow(i)
    assert w.selected_row()["product_id"] == r["product_id"] and w.move_box.isEnabled()
    w.move_kind.setCurrentIndex(w.move_kind.findData("damaged"))
    w.move_qty.setValue(2)
    w.move_reason.setText("Vỡ khi xếp kệ")
    w.move_btn.click()
    qtbot.waitUntil(lambda: w.model.rows[i]["on_hand"] == r["on_hand"] - 2, timeout=WAIT)
    assert w.model.rowCount() == N  # not reloaded from the top
    assert w.selected_row()["product_id"] == r["product_id"]
    unit = "g" if r["sold_by_weight"] else r["unit"]
    assert w.model.text(i, 3).endswith(unit) and w.model.text(i, 3).startswith(f"{r['on_hand'] - 2:,}".replace(",", "."))
    with Store(w.db_path) as s:
        assert stock.on_hand(s, r["product_id"]) == r["on_hand"] - 2
