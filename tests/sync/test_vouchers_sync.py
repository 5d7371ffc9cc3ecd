"""Vouchers between kiosks and the centre, on SQLite and PostgreSQL: the pull carries the vouchers
valid at a kiosk's location with its allotment; two kiosks spending the same single-use voucher
offline (the allotment moved while the first was offline) are both recorded and the double use is
reported at sync (the voucher's page, event flags, sync health); the online reservation refuses a
spent voucher and answers the same redemption id the same; a refund restores the use centrally."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from pos import catalog, errors, outbox, sales, vouchers
from pos.cart import Cart
from sync.client import sync_once
from sync import vouchers as online

from syncrig import enroll, fast_client, make_kiosk

FAR = "2027-12-31"


def issue(server, **form):
    from central.vouchers import issue as iss

    with server.engine.begin() as conn:
        return iss.issue(conn, {"kind": "amount", "value": 100_000, "uses": 1, "expires_on": FAR, **form}, "office")


def pay_with(store, ids, code, amount=45_000, rid=""):
    cart = Cart()
    cart.add(catalog.get_product(store, ids["products"][0]), qty=1)  # 45.000
    part = {"method": "voucher", "amount": amount, "voucher_code": code, **({"redemption_id": rid} if rid else {})}
    return sales.complete_sale(store, cart, [part], ids["clerk"])


def redemptions(server, code):
    with server.engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(sa.text(
            "SELECT device_code, status, amount, double_use, online, restored_by FROM voucher_redemptions "
            "WHERE voucher_code = :c ORDER BY double_use, device_code"), {"c": code})]


def test_two_kiosks_spend_one_single_use_voucher_offline_and_the_centre_reports_it(server, kiosk, tmp_path, clock):
    from central.figures import reports as rp
    from central.figures import vouchers as fig
    from central.vouchers import issue as iss

    hn, hn_ids = kiosk
    dn, dn_ids = make_kiosk(tmp_path / "dn.db", "DN01", clock=clock)
    try:
        enroll(server, hn)
        enroll(server, dn)
        [v] = issue(server, allot="HN01", batch_no="HOI-CHO-1")
        sync_once(hn)
        sync_once(dn)
        assert [r["code"] for r in vouchers.listed(hn)] == [v["code"]] and vouchers.listed(hn)[0]["allotted"] == 1
        assert vouchers.listed(dn)[0]["allotted"] == 0  # valid at DN01 too, but not allotted there
        # the booth moves: the office gives the voucher's use to DN01 while HN01 is offline
        with server.engine.begin() as conn:
            iss.reallot(conn, v["code"], "DN01", "office")
        sync_once(dn)
        assert vouchers.check(dn, v["code"], 45_000)["offline"]
        pay_with(hn, hn_ids, v["code"])  # HN01 offline, by its old allotment
        pay_with(dn, dn_ids, v["code"])  # DN01 offline, by its new one
        sync_once(dn)
        events = outbox.pending(hn, limit=1000)
        sync_once(hn)
        rows = redemptions(server, v["code"])
        assert [(r["device_code"], r["status"], r["double_use"]) for r in rows] == [
            ("DN01", "redeemed", 0), ("HN01", "redeemed", 1)]
        with server.engine.connect() as c:
            double = fig.double_uses(c)
            assert [(d["code"], d["uses"], d["spent"]) for d in double] == [(v["code"], 1, 2)]
            assert {u["device_code"] for u in double[0]["redemptions"]} == {"HN01", "DN01"}
            flags = c.execute(sa.text("SELECT device_code, kind, record_id FROM event_flags")).all()
            assert [tuple(f) for f in flags] == [("HN01", "voucher_reuse", v["code"])]
            health = {h["device_code"]: h for h in rp.sync_health(c)}
            assert health["HN01"]["voucher_double_uses"] == 1 and health["HN01"]["state"] == "flagged"
            assert health["DN01"]["voucher_double_uses"] == 0
        # pushing the same events again changes nothing
        assert fast_client(hn).push(events)["duplicates"] == len(events)
        assert len(redemptions(server, v["code"])) == 2
    finally:
        dn.close()


def test_the_online_reservation_refuses_a_spent_voucher_and_is_idempotent(server, kiosk, tmp_path, clock):
    hn, hn_ids = kiosk
    dn, dn_ids = make_kiosk(tmp_path / "dn.db", "DN01", clock=clock)
    try:
        enroll(server, hn)
        enroll(server, dn)
        [v] = issue(server)  # single use, allotted to no kiosk: online only
        sync_once(hn)
        assert not vouchers.check(hn, v["code"], 45_000)["offline"]
        cfg = online.config_for(hn)
        rid = str(uuid.uuid4())
        reply = online.reserve(cfg, v["code"], rid, 45_000)
        assert reply["status"] == "reserved" and reply["code"] == v["code"] and reply["value"] == 100_000
        assert online.reserve(cfg, v["code"], rid, 45_000) == reply  # a lost reply asked again: the same use
        vouchers.record_reservation(hn, reply, rid)
        with pytest.raises(online.VoucherRefused) as refused:  # the only use is reserved: DN01 is refused
            online.reserve(online.config_for(dn), v["code"], str(uuid.uuid4()), 45_000)
        assert refused.value.reason == "spent"
        res = pay_with(hn, hn_ids, v["code"], rid=rid)
        sync_once(hn)
        assert [(r["device_code"], r["status"], r["online"], r["double_use"]) for r in redemptions(server, v["code"])] \
            == [("HN01", "redeemed", 1, 0)]
        with pytest.raises(online.VoucherRefused):  # spent
            online.reserve(online.config_for(dn), v["code"], str(uuid.uuid4()), 45_000)
        with pytest.raises(online.VoucherRefused) as bad:  # a typo never reaches the database
            online.reserve(cfg, v["code"][:-1] + ("0" if v["code"][-1] != "0" else "1"), str(uuid.uuid4()))
        assert bad.value.reason == "malformed"
        # the refund gives the use back at the kiosk and at the centre: DN01 can reserve it now
        line = sales.refundable_lines(hn, res.sale_id)[0]
        sales.refund(hn, res.sale_id, [{"line_id": line["line_id"], "qty": 1}], hn_ids["clerk"], hn_ids["manager"],
                     "khách trả hàng")
        sync_once(hn)
        assert redemptions(server, v["code"])[0]["restored_by"]
        again = online.reserve(online.config_for(dn), v["code"], str(uuid.uuid4()), 45_000)
        assert again["status"] == "reserved"
    finally:
        dn.close()


def test_a_reservation_taken_off_is_released(server, kiosk):
    hn, _ = kiosk
    enroll(server, hn)
    [v] = issue(server)
    cfg = online.config_for(hn)
    rid = str(uuid.uuid4())
    online.reserve(cfg, v["code"], rid)
    online.release(cfg, rid)
    assert redemptions(server, v["code"])[0]["status"] == "released"
    assert online.reserve(cfg, v["code"], str(uuid.uuid4()))["status"] == "reserved"


def test_an_online_kiosk_reserves_even_its_own_allotment_and_counts_it(server, kiosk, tmp_path, clock):
    """Allotted to HN01 and HN01 online: it reserves at the centre first (its own allotment is
    open to it, not to DN01); the use then counts against its allotment, so offline it cannot
    spend the same use again. A try whose reply was lost is spent offline under the same id: the
    centre counts one use, no double use."""
    hn, hn_ids = kiosk
    dn, _ = make_kiosk(tmp_path / "dn.db", "DN01", clock=clock)
    try:
        enroll(server, hn)
        enroll(server, dn)
        [v, w] = issue(server, count=2, allot="HN01")
        sync_once(hn)
        with pytest.raises(online.VoucherRefused):  # DN01 may not take HN01's allotted use
            online.reserve(online.config_for(dn), v["code"], str(uuid.uuid4()))
        rid = str(uuid.uuid4())
        reply = online.reserve(online.config_for(hn), v["code"], rid)
        vouchers.record_reservation(hn, reply, rid)
        pay_with(hn, hn_ids, v["code"], rid=rid)
        assert not vouchers.check(hn, v["code"], 45_000)["offline"]
        with pytest.raises(errors.InvalidState):
            pay_with(hn, hn_ids, v["code"])  # offline, the allotted use is spent
        # the reply lost: the centre holds a reservation, the kiosk spends offline under the same id
        lost = str(uuid.uuid4())
        online.reserve(online.config_for(hn), w["code"], lost)
        pay_with(hn, hn_ids, w["code"], rid=lost)
        sync_once(hn)
        assert [(r["status"], r["double_use"]) for r in redemptions(server, w["code"])] == [("redeemed", 0)]
        assert [(r["status"], r["double_use"]) for r in redemptions(server, v["code"])] == [("redeemed", 0)]
    finally:
        dn.close()
