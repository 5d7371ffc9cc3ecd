"""The real kiosk process (`main.py --db`, offscreen) with a sale open on screen - lines, a line
and an order discount, a card payment already taken - killed with SIGKILL, or stopped with
SIGTERM: started again, the same sale is on screen for the next clerk, with its card payment.
Driven by tests/ui/kiosk_driver.py."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pos.store import Store

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("kiosk_driver.py")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    from pos import demo, shifts, staff

    path = tmp_path_factory.mktemp("demo") / "kiosk.db"
    with Store(path) as store:
        demo.seed_demo(store)
        store.set_settings(idle_lock_minutes=0)
        shifts.open_shift(store, staff.by_code(store, "NV01")["id"], 1_000_000)  # no open-shift offer
    return path


def _start(mode: str, db: Path) -> subprocess.Popen:
    """The driver with its log in DB.MODE.log (a file: a pipe nobody reads could fill and block it)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ["QT_QPA_PLATFORM"], PYTHONPATH=str(ROOT))  # 1366x768 (conftest)
    log = open(f"{db}.{mode}.log", "w")
    proc = subprocess.Popen([sys.executable, str(DRIVER), mode, str(db)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=log, text=True)
    proc.log_path = log.name
    log.close()
    return proc


def _log(proc) -> str:
    return Path(proc.log_path).read_text()[-3000:]


def _wait_line(proc: subprocess.Popen, prefix: str) -> dict:
    """The driver's line `prefix {json}`; the driver ends itself when a step fails or waits too long."""
    seen = ""
    for line in proc.stdout:
        if line.startswith(prefix + " "):
            return json.loads(line[len(prefix) + 1:])
        seen = line
        if line.startswith("TIMEOUT"):
            break
    proc.kill()
    proc.communicate(timeout=30)
    raise AssertionError(f"the kiosk never printed {prefix}: {seen}\n{_log(proc)}")


def _restart_and_read(db: Path) -> dict:
    proc = _start("check", db)
    try:
        got = _wait_line(proc, "STATE")
        assert proc.wait(timeout=60) == 0
        return got
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)


def _assert_same_sale(before: dict, after: dict) -> None:
    assert before["lines"] and before["parts"], before
    assert after["lines"] == before["lines"]  # skus, quantities, line discounts and reasons
    assert after["order_discount"] == before["order_discount"] and after["order_discount"][0] == 5_000
    assert any(d for _sku, _q, d, _r in after["lines"])
    assert after["total"] == before["total"]
    assert after["parts"] == before["parts"] == [["card", 50_000, "TID01/4711"]]
    assert "50.000 ₫ thẻ (TID01/4711)" in after["parts_label"]  # shown on the cart screen
    assert "Đã khôi phục đơn đang mở" in after["notice"] and "Nguyễn Thị Lan" in after["notice"]
    assert after["staff"] == "NV02" and after["page"] == 0


@pytest.mark.slow
def test_sigkill_with_a_sale_on_screen_brings_it_back_after_restart(demo_db, tmp_path):
    db = tmp_path / "kiosk.db"
    shutil.copyfile(demo_db, db)
    proc = _start("fill", db)
    try:
        before = _wait_line(proc, "READY")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)
    _assert_same_sale(before, _restart_and_read(db))


@pytest.mark.slow
def test_sigterm_closes_cleanly_with_the_sale_saved(demo_db, tmp_path):
    db = tmp_path / "kiosk.db"
    shutil.copyfile(demo_db, db)
    proc = _start("fill-nowait", db)  # signalled as soon as the sale is on screen
    try:
        before = _wait_line(proc, "READY")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0  # a clean exit (Python's default would be -15), no question asked
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)
    assert "stop signal" in _log(proc)
    _assert_same_sale(before, _restart_and_read(db))
