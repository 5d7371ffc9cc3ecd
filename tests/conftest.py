"""Fixtures shared by every test folder: kiosk stores on real temporary SQLite FILES (WAL and
crash behaviour differ from :memory:)."""
from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

# Qt's offscreen screen is 800×800 unless told: give it a kiosk's 1366×768 (the window is never larger
# than its screen; tests/ui/test_screen_fit.py also fits it to 1024×768)
OFFSCREEN = f"offscreen:configfile={os.path.join(os.path.dirname(os.path.abspath(__file__)), 'offscreen_screen.json')}"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = OFFSCREEN


def _sleep_on_a_monotonic_wait() -> None:
    """For scripts/dayboundary.sh's runs: libfaketime fakes the machine's wall clock and leaves the
    monotonic clocks alone (faked, every timed wait of Python's threads hangs). libfaketime 0.9.10
    then breaks clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME), which time.sleep uses since Python
    3.11 (OSError EINVAL; libfaketime issue 426). Only when time.sleep is broken so: sleep on a timed
    wait of a lock instead, which goes through the monotonic clock libfaketime leaves alone."""
    import threading
    import time

    try:
        time.sleep(0.001)
        return
    except OSError:
        pass

    def sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        threading.Event().wait(seconds)

    time.sleep = sleep


if os.environ.get("OCOP_FAKED_UTC"):
    _sleep_on_a_monotonic_wait()

from pos import catalog, shifts, staff  # noqa: E402
from pos.store import Store  # noqa: E402
from testclock import Clock  # noqa: E402


@pytest.fixture
def clock() -> Clock:
    """The one clock of the test's kiosk (tests/testclock.py): 2026-11-22 10:00 in Vietnam until moved."""
    return Clock()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "kiosk.db"


@pytest.fixture
def store(db_path, clock):
    s = Store(db_path, clock=clock)
    s.set_settings(device_code="HN01", location_name="Gian hàng OCOP Hà Nội", location_kind="hanoi_booth",
                   bank_bin="970436", bank_account="1017595600", bank_account_name="TT XTTM BAC LIEU")
    yield s
    s.close()


def build_small_catalog(store: Store) -> SimpleNamespace:
    """Two producers, five products (unit goods at 0/8/10 % VAT, one weighed), a clerk, a manager."""
    hh, _ = catalog.upsert_producer(store, {"code": "P01", "name": "Hộ kinh doanh Muối Đông Hải", "kind": "household",
                                            "commission_bp": 1500})
    htx, _ = catalog.upsert_producer(store, {"code": "P02", "name": "HTX Tôm khô Gành Hào", "kind": "cooperative",
                                             "commission_bp": 2000})
    cat, _ = catalog.upsert_category(store, {"name_vi": "Đặc sản", "name_en": "Specialties"})
    salt, _ = catalog.upsert_product(store, {
        "sku": "MUOI-500", "name_vi": "Muối hầm Bạc Liêu 500g", "name_en": "Bac Lieu roasted salt 500g",
        "producer_id": hh, "category_id": cat, "unit": "hũ", "price": 45_000, "vat_rate": 0, "ocop_stars": 4,
        "ocop_cert_no": "OCOP-BL-2024-011", "ocop_cert_issued": "2024-01-15"}, barcodes=["8930000000019"])
    shrimp, _ = catalog.upsert_product(store, {
        "sku": "TOM-200", "name_vi": "Tôm khô Gành Hào 200g", "name_en": "Dried shrimp 200g", "producer_id": htx,
        "category_id": cat, "unit": "gói", "price": 250_000, "vat_rate": 8, "ocop_stars": 4}, barcodes=["8930000000026"])
    cake, _ = catalog.upsert_product(store, {
        "sku": "BANHDA", "name_vi": "Bánh đa tôm Đông Hải", "name_en": "Shrimp rice cracker", "producer_id": htx,
        "category_id": cat, "unit": "gói", "price": 35_000, "vat_rate": 10, "ocop_stars": 3}, barcodes=["8930000000033"])
    fish, _ = catalog.upsert_product(store, {
        "sku": "KHOCA", "name_vi": "Khô cá lóc Phước Long", "name_en": "Dried snakehead fish", "producer_id": hh,
        "category_id": cat, "unit": "kg", "sold_by_weight": 1, "price": 420_000, "vat_rate": 5, "ocop_stars": 3},
        barcodes=["2100001"])
    clerk, _ = staff.create_staff(store, "C1", "Nguyễn Thị Lan", "clerk", "1111")
    manager, _ = staff.create_staff(store, "M1", "Trần Văn Hùng", "manager", "9999")
    return SimpleNamespace(producer_hh=hh, producer_htx=htx, category=cat, salt=salt, shrimp=shrimp, cake=cake,
                           fish=fish, clerk=clerk, manager=manager)


@pytest.fixture
def small(store) -> SimpleNamespace:
    return build_small_catalog(store)


@pytest.fixture
def selling(store, small) -> SimpleNamespace:
    """The small catalog with stock received and a shift open with a 1.000.000 ₫ float."""
    from pos import stock

    stock.receive_delivery(store, small.producer_hh, [{"product_id": small.salt, "qty": 100},
                                                      {"product_id": small.fish, "qty": 20_000}],
                           small.manager, note_no="PN-001")
    stock.receive_delivery(store, small.producer_htx, [{"product_id": small.shrimp, "qty": 50},
                                                       {"product_id": small.cake, "qty": 80}],
                           small.manager, note_no="PN-002")
    shifts.open_shift(store, small.clerk, 1_000_000)
    return small
