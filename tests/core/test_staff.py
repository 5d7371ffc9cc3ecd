"""Staff: PIN hashing, login lockout on the store clock, manager approval with audit rows."""
from __future__ import annotations

import hashlib
import sqlite3

import pytest

from pos import staff
from pos.errors import PermissionDenied, StaffLocked, ValidationError, WrongPin
from pos.store import Store


@pytest.fixture
def kstore(tmp_path, clock):
    s = Store(tmp_path / "kiosk.db", clock=clock)
    yield s
    s.close()


@pytest.fixture
def team(kstore):
    ids = {}
    for code, name, role, pin in [("NV01", "Nguyễn Thị Lan", "clerk", "1111"),
                                  ("NV02", "Trần Văn Đức", "clerk", "2222"),
                                  ("QL01", "Lê Hoàng Yến", "manager", "9999"),
                                  ("AD01", "Phạm Minh Đạt", "admin", "0000")]:
        ids[code], _ = staff.create_staff(kstore, code, name, role, pin)
    return ids


def audit_rows(store):
    return store.all("SELECT * FROM audit_log ORDER BY id")


def snapshot(store):
    return store.all("SELECT * FROM staff ORDER BY id"), store.all("SELECT * FROM audit_log ORDER BY id")


def test_create_hashes_pin_with_scrypt_and_per_user_salt(kstore, team):
    rows = kstore.all("SELECT * FROM staff")
    assert len(rows) == 4
    salts = {bytes(r["pin_salt"]) for r in rows}
    assert len(salts) == 4 and all(len(s) == 16 for s in salts)
    lan = kstore.one("SELECT * FROM staff WHERE code = 'NV01'")
    expected = hashlib.scrypt(b"1111", salt=bytes(lan["pin_salt"]), n=2**14, r=8, p=1, dklen=32)
    assert bytes(lan["pin_hash"]) == expected
    assert b"1111" not in bytes(lan["pin_hash"])
    # the same PIN on two people gives two different hashes
    other, _ = staff.create_staff(kstore, "NV03", "Võ Thị Hồng", "clerk", "1111")
    assert bytes(kstore.one("SELECT pin_hash FROM staff WHERE id=?", (other,))["pin_hash"]) != bytes(lan["pin_hash"])


@pytest.mark.parametrize("code,name,role,pin", [
    ("NV09", "A", "clerk", "123"),        # too short
    ("NV09", "A", "clerk", "123456789"),  # too long
    ("NV09", "A", "clerk", "12a4"),       # not digits
    ("NV09", "A", "clerk", 1234),         # not a string
    ("NV09", "A", "boss", "1234"),        # unknown role
    ("NV09", "  ", "clerk", "1234"),      # no name
    ("", "A", "clerk", "1234"),           # no code
    ("NV01", "A", "clerk", "1234"),       # code taken
])
def test_create_bad_input_changes_nothing(kstore, team, code, name, role, pin):
    before = snapshot(kstore)
    with pytest.raises(ValidationError):
        staff.create_staff(kstore, code, name, role, pin)
    assert snapshot(kstore) == before


def test_login_ok_returns_public_fields(kstore, team):
    who = staff.login(kstore, team["NV01"], "1111")
    assert who == {"id": team["NV01"], "code": "NV01", "name": "Nguyễn Thị Lan", "role": "clerk", "active": 1}


def test_wrong_pin_counts_down_then_locks_then_unlocks_after_time(kstore, team, clock):
    kstore.set_settings(max_pin_failures=3, lockout_minutes=5)
    sid = team["NV02"]
    with pytest.raises(WrongPin) as e1:
        staff.login(kstore, sid, "1234")
    assert e1.value.details["attempts_left"] == 2
    with pytest.raises(WrongPin) as e2:
        staff.login(kstore, sid, "abcd")  # malformed PIN is just wrong, and counts
    assert e2.value.details["attempts_left"] == 1
    with pytest.raises(StaffLocked):
        staff.login(kstore, sid, "0001")
    # locked: even the right PIN is refused, and does not reset anything
    with pytest.raises(StaffLocked) as e3:
        staff.login(kstore, sid, "2222")
    assert e3.value.details["seconds_left"] == 300
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(StaffLocked):
        staff.login(kstore, sid, "2222")
    clock.advance(seconds=2)
    assert staff.login(kstore, sid, "2222")["code"] == "NV02"
    row = kstore.one("SELECT failed_attempts, locked_until FROM staff WHERE id=?", (sid,))
    assert row == {"failed_attempts": 0, "locked_until": None}
    assert [r["action"] for r in audit_rows(kstore)].count("staff.locked") == 1
    # other staff were never affected
    assert staff.login(kstore, team["NV01"], "1111")["code"] == "NV01"


def test_success_resets_failure_counter(kstore, team):
    kstore.set_settings(max_pin_failures=3)
    sid = team["NV01"]
    for _ in range(2):
        with pytest.raises(WrongPin):
            staff.login(kstore, sid, "9998")
    staff.login(kstore, sid, "1111")
    with pytest.raises(WrongPin) as e:
        staff.login(kstore, sid, "9998")
    assert e.value.details["attempts_left"] == 2


def test_lockout_survives_reopening_the_file(tmp_path, clock):
    path = tmp_path / "k.db"
    s = Store(path, clock=clock)
    sid, _ = staff.create_staff(s, "NV05", "Đỗ Thị Mai", "clerk", "5555")
    s.set_settings(max_pin_failures=2)
    for exc in (WrongPin, StaffLocked):
        with pytest.raises(exc):
            staff.login(s, sid, "0000")
    s.close()
    s2 = Store(path, clock=clock)
    with pytest.raises(StaffLocked):
        staff.login(s2, sid, "5555")
    s2.close()


def test_unknown_and_inactive_staff(kstore, team):
    with pytest.raises(PermissionDenied):
        staff.login(kstore, "no-such-id", "1111")
    staff.deactivate(kstore, team["NV02"], by=team["QL01"])
    with pytest.raises(PermissionDenied):
        staff.login(kstore, team["NV02"], "2222")
    assert "NV02" not in [r["code"] for r in staff.list_staff(kstore)]
    assert "NV02" in [r["code"] for r in staff.list_staff(kstore, include_inactive=True)]


def test_approve_finds_manager_by_pin_and_audits(kstore, team):
    m = staff.approve(kstore, "9999", "sale.void", ref_type="sale", ref_id="S1", staff_id=team["NV01"])
    assert m["code"] == "QL01" and m["role"] == "manager"
    a = staff.approve(kstore, "0000", "discount", staff_id=team["NV01"])
    assert a["role"] == "admin"
    rows = audit_rows(kstore)
    void = [r for r in rows if r["action"] == "sale.void"]
    assert len(void) == 1
    assert void[0]["approved_by"] == team["QL01"] and void[0]["staff_id"] == team["NV01"]
    assert (void[0]["ref_type"], void[0]["ref_id"]) == ("sale", "S1")


def test_approve_refuses_clerk_pin_unknown_pin_and_inactive_manager(kstore, team):
    staff_before = kstore.all("SELECT * FROM staff ORDER BY id")
    for pin, left in (("1111", 4), ("2222", 3), ("", 2), ("99999999x", 1)):
        with pytest.raises(WrongPin) as e:
            staff.approve(kstore, pin, "refund", staff_id=team["NV01"])
        assert e.value.details["attempts_left"] == left
    assert kstore.all("SELECT * FROM staff ORDER BY id") == staff_before
    failed = [r for r in audit_rows(kstore) if r["action"] == "approval.failed"]
    assert len(failed) == 4 and all(r["approved_by"] is None and r["staff_id"] == team["NV01"] for r in failed)
    assert staff.approve(kstore, "9999", "refund")["code"] == "QL01"  # a good PIN resets the count
    staff.deactivate(kstore, team["QL01"], by=team["AD01"])
    with pytest.raises(WrongPin) as e:
        staff.approve(kstore, "9999", "refund")
    assert e.value.details["attempts_left"] == 4


def test_approval_guessing_locks_approvals_for_a_while(kstore, team, clock):
    kstore.set_settings(max_pin_failures=3, lockout_minutes=5)
    for _ in range(2):
        with pytest.raises(WrongPin):
            staff.approve(kstore, "1234", "discount")
    with pytest.raises(StaffLocked):
        staff.approve(kstore, "4321", "discount")  # the third wrong one locks
    with pytest.raises(StaffLocked) as e:
        staff.approve(kstore, "9999", "discount")  # even the right PIN waits now
    assert e.value.details["seconds_left"] == 300
    n_audit = len(audit_rows(kstore))
    clock.advance(minutes=4, seconds=59)
    with pytest.raises(StaffLocked):
        staff.approve(kstore, "9999", "discount")
    assert len(audit_rows(kstore)) == n_audit  # refused up front: nothing tried, nothing written
    clock.advance(seconds=2)
    assert staff.approve(kstore, "9999", "discount")["code"] == "QL01"
    # logging in is separate: the manager's own login was never locked
    assert staff.login(kstore, team["QL01"], "9999")["code"] == "QL01"


def test_require_manager(kstore, team):
    assert staff.require_manager(kstore, team["QL01"])["code"] == "QL01"
    assert staff.require_manager(kstore, team["AD01"])["code"] == "AD01"
    for bad in (team["NV01"], None, "", "nobody"):
        with pytest.raises(PermissionDenied):
            staff.require_manager(kstore, bad)


def test_set_pin_rules(kstore, team):
    staff.set_pin(kstore, team["NV01"], "4444", by_staff_id=team["NV01"])  # own PIN
    with pytest.raises(WrongPin):
        staff.login(kstore, team["NV01"], "1111")
    assert staff.login(kstore, team["NV01"], "4444")["code"] == "NV01"
    staff.set_pin(kstore, team["NV02"], "123456", by_staff_id=team["QL01"])  # manager sets a clerk's
    assert staff.login(kstore, team["NV02"], "123456")["code"] == "NV02"
    before = snapshot(kstore)
    with pytest.raises(PermissionDenied):
        staff.set_pin(kstore, team["NV02"], "7777", by_staff_id=team["NV01"])  # clerk sets another's
    with pytest.raises(PermissionDenied):
        staff.set_pin(kstore, team["AD01"], "7777", by_staff_id=team["QL01"])  # manager sets admin's
    with pytest.raises(ValidationError):
        staff.set_pin(kstore, team["NV02"], "12", by_staff_id=team["QL01"])
    assert snapshot(kstore) == before
    assert any(r["action"] == "staff.set_pin" and r["approved_by"] == team["QL01"] for r in audit_rows(kstore))


def test_set_pin_unlocks(kstore, team, clock):
    kstore.set_settings(max_pin_failures=1)
    with pytest.raises(StaffLocked):
        staff.login(kstore, team["NV01"], "0000")
    staff.set_pin(kstore, team["NV01"], "4545", by_staff_id=team["QL01"])
    assert staff.login(kstore, team["NV01"], "4545")["code"] == "NV01"


def test_deactivate_rules(kstore, team):
    before = snapshot(kstore)
    with pytest.raises(PermissionDenied):
        staff.deactivate(kstore, team["NV02"], by=team["NV01"])
    with pytest.raises(PermissionDenied):
        staff.deactivate(kstore, team["QL01"], by=team["QL01"])
    with pytest.raises(PermissionDenied):
        staff.deactivate(kstore, team["AD01"], by=team["QL01"])
    assert snapshot(kstore) == before
    ch = staff.deactivate(kstore, team["NV02"], by=team["QL01"])
    assert ch.staff
    row = [r for r in audit_rows(kstore) if r["action"] == "staff.deactivate"][0]
    assert row["ref_id"] == team["NV02"] and row["approved_by"] == team["QL01"]


def test_apply_staff_from_server(kstore, team, tmp_path):
    # a row exported from one kiosk logs in on another with the same PIN
    wire = staff.export_row(kstore, team["QL01"])
    other = Store(tmp_path / "other.db")
    try:
        ch = staff.apply_staff(other, [wire])
        assert ch.staff
        assert staff.login(other, wire["id"], "9999")["role"] == "manager"
        # an update changes name/role/active, keeping the PIN
        staff.apply_staff(other, [dict(wire, name="Lê Hoàng Yến (QL)", role="admin")])
        assert staff.login(other, wire["id"], "9999") == {
            "id": wire["id"], "code": "QL01", "name": "Lê Hoàng Yến (QL)", "role": "admin", "active": 1}
        staff.apply_staff(other, [dict(wire, active=0)])
        with pytest.raises(PermissionDenied):
            staff.login(other, wire["id"], "9999")
        before = snapshot(other)
        for bad in (dict(wire, pin_hash="zz"), dict(wire, role="owner"), dict(wire, code=""),
                    dict(wire, id="new-id")):  # new id with an existing code clashes
            with pytest.raises(ValidationError):
                staff.apply_staff(other, [dict(wire, id="ok-id", code="QL77"), bad])
            assert snapshot(other) == before  # the good row before the bad one is not kept either
    finally:
        other.close()


def test_approve_skips_a_manager_locked_out_of_login(kstore, team, clock):
    kstore.set_settings(max_pin_failures=2, lockout_minutes=5)
    for exc in (WrongPin, StaffLocked):
        with pytest.raises(exc):
            staff.login(kstore, team["QL01"], "0101")
    with pytest.raises(WrongPin):
        staff.approve(kstore, "9999", "refund")  # a locked manager's PIN approves nothing
    assert staff.approve(kstore, "0000", "refund")["code"] == "AD01"  # the admin still can
    clock.advance(minutes=6)
    assert staff.approve(kstore, "9999", "refund")["code"] == "QL01"
