"""What a manager is told at login (ui/manager/login_notice.py): an expired OCOP certificate is a
warning on the status line for a manager, looked up on the DB worker; a clerk's login says nothing."""
from __future__ import annotations

from pos import catalog
from testclock import vn

TEA = "Trà Shan tuyết Hà Giang"  # 4 stars in the test catalog


def _log_in(k, who: dict, pin: str) -> None:
    login = k.window.login  # the login screen, tile and PIN, as a person does it
    login.activated()
    k.qtbot.waitUntil(lambda: who["code"] in login.tiles, timeout=10_000)
    login.tiles[who["code"]].click()
    login.pad.edit.setText(pin)
    login.pad._submit()
    k.qtbot.waitUntil(lambda: k.ctx.staff is not None and k.ctx.staff["code"] == who["code"], timeout=10_000)
    k.qtbot.waitUntil(lambda: k.ctx.worker.pending == 0, timeout=10_000)


def _expire_tea(k, kiosk_db, clock) -> None:
    from pos.store import Store

    clock.set(vn(2026, 12, 20, 9, 0))
    with Store(kiosk_db.path, clock=clock) as store:  # the catalog as pulled: the tea's certificate ended yesterday
        catalog.upsert_product(store, {"id": kiosk_db.products[TEA], "ocop_cert_expires": "2026-12-19"})


def test_a_manager_is_warned_at_login_of_an_expired_certificate(make_kiosk, kiosk_db, clock):
    _expire_tea(None, kiosk_db, clock)
    told = []
    k = make_kiosk(kiosk_db, login=False)
    k.ctx.message.connect(lambda level, text: told.append((level, text)))
    _log_in(k, kiosk_db.manager, kiosk_db.manager_pin)
    k.qtbot.waitUntil(lambda: any("Chứng nhận OCOP đã hết hạn" in t for _lv, t in told), timeout=10_000)
    level, text = next((lv, t) for lv, t in told if "Chứng nhận OCOP đã hết hạn" in t)
    assert level == "warn" and f"với 1 sản phẩm ({TEA})" in text


def test_a_clerk_is_not_told(make_kiosk, kiosk_db, clock):
    _expire_tea(None, kiosk_db, clock)
    told = []
    k = make_kiosk(kiosk_db, login=False)
    k.ctx.message.connect(lambda level, text: told.append((level, text)))
    _log_in(k, kiosk_db.clerk, kiosk_db.clerk_pin)
    k.qtbot.wait(200)  # the worker is idle (checked above): nothing queued could still speak
    assert not [t for _lv, t in told if "Chứng nhận OCOP" in t or "sắp đổi" in t]
