"""One process applies scheduled changes (`main.py server --workers N`): the scheduler lease
(central/lease.py) and the lock every applier takes (catalog_admin.serialize_scheduled), on
SQLite and PostgreSQL. Two real servers (uvicorn, lifespan on) share one database."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from rig import Server


def _wait(cond, what: str) -> None:
    deadline = time.monotonic() + 60
    while not cond():  # a condition waited for, not a timed assertion
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def _catalog_with_a_due_change(engine, price: int = 52_000) -> tuple[str, int]:
    """A product at 45.000 and a base-price change to `price` due today, as if scheduled earlier
    (written straight into price_changes: scheduling it through the API would apply it at once)."""
    from central import models as m
    from central.catalog import edit as ca
    from central.catalog import pull as catalog
    from central.clock import utc_now_iso, vn_today

    with engine.begin() as c:
        prod = ca.save_producer(c, {"code": "P01", "name": "HTX Muối Đông Hải", "commission_bp": 1500})["id"]
        pid = ca.save_product(c, {"sku": "MUOI-500", "name_vi": "Muối hầm 500g", "producer_id": prod,
                                  "price": 45_000, "vat_rate": 0})["id"]
        c.execute(sa.insert(m.price_changes).values(
            id="chg-1", batch_id="batch-1", product_id=pid, old_price=45_000, price=price,
            effective_day=vn_today().isoformat(), status="pending", created_by="test", created_at=utc_now_iso()))
        return pid, catalog.current_rev(c)


def _state(engine, pid):
    from central import models as m
    from central.catalog import pull as catalog

    with engine.connect() as c:
        p = c.execute(sa.text("SELECT price, rev FROM products WHERE id = :i"), {"i": pid}).one()
        ch = c.execute(sa.select(m.price_changes.c.status, m.price_changes.c.applied_rev)).all()
        return int(p.price), int(p.rev), catalog.current_rev(c), [tuple(r) for r in ch]


def test_two_servers_apply_a_scheduled_price_once(database_url, monkeypatch):
    from central import scheduler
    from central import lease

    monkeypatch.setattr(scheduler, "PRICE_CHECK_SECONDS", 3600)  # rounds below are run by the test
    a = b = None
    try:
        a = Server(database_url)
        b = Server(database_url)
        _wait(lambda: getattr(a.app.state, "scheduler_rounds", 0) >= 1 and
              getattr(b.app.state, "scheduler_rounds", 0) >= 1, "the servers' loops never ran")
        with a.engine.connect() as c:
            holder, _expires = lease.holder_of(c, scheduler.LEASE)
        ids = {a.app.state.instance_id: a, b.app.state.instance_id: b}
        assert holder in ids  # one of the two holds the lease after their first rounds
        leader = ids[holder]
        other = b if leader is a else a
        pid, rev0 = _catalog_with_a_due_change(a.engine)

        gate = threading.Barrier(2)
        results: dict[str, tuple] = {}

        def round_of(name, srv):
            gate.wait()
            results[name] = scheduler.scheduled_round(srv.app)

        threads = [threading.Thread(target=round_of, args=(n, s)) for n, s in (("leader", leader), ("other", other))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert results == {"leader": (True, 1), "other": (False, 0)}
        assert _state(a.engine, pid) == (52_000, rev0 + 1, rev0 + 1, [("applied", rev0 + 1)])
        assert scheduler.scheduled_round(leader.app) == (True, 0)  # nothing left: no second bump
        assert scheduler.scheduled_round(other.app) == (False, 0)
        assert _state(a.engine, pid)[2] == rev0 + 1

        leader.stop()  # a clean shutdown hands the lease back: the other takes over next round
        assert scheduler.scheduled_round(other.app) == (True, 0)
        with other.engine.connect() as c:
            assert lease.holder_of(c, scheduler.LEASE)[0] == other.app.state.instance_id
    finally:
        for s in (a, b):
            if s is not None and s.thread.is_alive():
                s.stop()


def test_an_expired_lease_is_taken_over(database_url):
    from central import db
    from central import lease

    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        with engine.begin() as c:
            assert lease.hold(c, "scheduler", "A", 180, now=1000.0)
        with engine.begin() as c:
            assert not lease.hold(c, "scheduler", "B", 180, now=1100.0)  # A's lease runs to 1180
        with engine.begin() as c:
            assert lease.hold(c, "scheduler", "A", 180, now=1150.0)  # renewed to 1330
        with engine.begin() as c:
            assert not lease.hold(c, "scheduler", "B", 180, now=1300.0)
        with engine.begin() as c:
            assert lease.hold(c, "scheduler", "B", 180, now=1331.0)  # A died: B takes over
        with engine.begin() as c:
            assert not lease.hold(c, "scheduler", "A", 180, now=1332.0)
            assert lease.holder_of(c, "scheduler") == ("B", 1511.0)
    finally:
        engine.dispose()


def _someone_waits_on_a_lock(engine) -> bool:
    """A backend of this database waits for a lock (B: on the scheduled-changes lock; without
    that lock, on the catalog revision counter row that A holds)."""
    with engine.connect() as c:
        return bool(c.execute(sa.text(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid() "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).scalar()
            or c.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                 "AND datname = current_database()")).scalar())


def test_two_appliers_at_once_apply_once(database_url):
    """Not only the loop applies due changes (the prices page, the API, cron do too). Applier A
    holds its transaction open; B starts meanwhile (on PostgreSQL: until B is seen waiting for the
    lock). Without the lock B read the change as pending and applied it again with a new revision."""
    from central.catalog import edit as ca
    from central import db

    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        pid, rev0 = _catalog_with_a_due_change(engine)
        got, errors = [], []

        def applier_b():
            try:
                with engine.begin() as c:
                    got.append(ca.apply_due_price_changes(c))
            except Exception as exc:  # noqa: BLE001 - asserted below
                errors.append(exc)

        with engine.begin() as c:
            assert ca.apply_due_price_changes(c) == 1
            b = threading.Thread(target=applier_b)
            b.start()
            if engine.dialect.name == "postgresql":
                _wait(lambda: _someone_waits_on_a_lock(engine), "applier B never waited for A")
        b.join(60)
        assert errors == [] and got == [0]
        assert _state(engine, pid) == (52_000, rev0 + 1, rev0 + 1, [("applied", rev0 + 1)])
    finally:
        engine.dispose()


def test_main_py_server_with_two_workers_applies_once(database_url, tmp_path):
    """`main.py server --workers 2` for real: two processes start together, each runs its first
    round at once; one holds the lease and applies the change due today, the other stands by."""
    from central import db

    engine = db.make_engine(database_url)
    try:
        db.upgrade(engine)
        pid, rev0 = _catalog_with_a_due_change(engine)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        log = tmp_path / "server.log"
        root = Path(__file__).resolve().parents[2]
        with open(log, "wb") as err:
            proc = subprocess.Popen([sys.executable, "main.py", "server", "--workers", "2", "--port", str(port),
                                     "--database-url", database_url], cwd=root, stdout=subprocess.DEVNULL, stderr=err)
        try:
            def lease_lines():
                lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines() if x.startswith("{")]
                return [x for x in lines if x.get("msg", "").startswith("scheduler lease")]

            _wait(lambda: len(lease_lines()) >= 2 or proc.poll() is not None, "the workers never ran a round")
            assert proc.poll() is None, log.read_text(encoding="utf-8")[-2000:]
            assert sorted(x["msg"] for x in lease_lines()) == ["scheduler lease held",
                                                                "scheduler lease held by another process"]
            assert len({x["holder"] for x in lease_lines()}) == 2  # two processes, one leader
            assert _state(engine, pid) == (52_000, rev0 + 1, rev0 + 1, [("applied", rev0 + 1)])
            applied = [x for x in (json.loads(y) for y in log.read_text(encoding="utf-8").splitlines()
                                   if y.startswith("{")) if x.get("msg") == "scheduled prices applied"]
            assert [x["changes"] for x in applied] == [1]
        finally:
            proc.terminate()
            proc.wait(60)
    finally:
        engine.dispose()
