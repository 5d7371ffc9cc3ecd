"""Sign-in and enrollment throttling, equal work for unknown users, and body limits, against the
real server on loopback (SQLite and PostgreSQL). Other client addresses are real: the client
binds 127.0.0.2, 127.0.0.3 ... (all loopback on Linux). Lockouts end by moving the throttle's
clock (central/throttle.clock), never by sleeping."""
from __future__ import annotations

import datetime as dt
import http.client
import json

import pytest
import sqlalchemy as sa
from rig import PASSWORD, Server

from central import models as m
from central import security, signin, throttle

LIMITS = dict(login_per_address=3, login_per_account=5, enroll_per_address=3, enroll_per_account=4,
              lockout_s=60, lockout_max_s=600)


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(throttle, "clock", c)
    return c


@pytest.fixture
def srv(database_url, clock):
    from central import accounts as admin

    s = Server(database_url, **LIMITS)
    with s.engine.begin() as conn:
        admin.create_user(conn, "office", PASSWORD, "admin")
        admin.create_user(conn, "viewer1", PASSWORD, "viewer")
    yield s
    s.stop()


def post(srv, path: str, body, source: str = "127.0.0.1", ctype: str = "application/json", headers=None,
         method: str = "POST"):
    """POST from a chosen loopback address; (status, headers, body bytes)."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30, source_address=(source, 0))
    try:
        conn.request(method, path, raw, {"Content-Type": ctype, **(headers or {})})
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


def login(srv, user: str, password: str, source: str = "127.0.0.1"):
    return post(srv, "/api/v1/auth/login", {"username": user, "password": password}, source)


def refusals(srv) -> list[tuple]:
    r = m.auth_refusals
    with srv.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(
            sa.select(r.c.action, r.c.address, r.c.account, r.c.reason).order_by(r.c.id))]


def test_wrong_passwords_lock_the_address_not_the_user(srv, clock):
    for _ in range(3):
        assert login(srv, "office", "sai")[0] == 401
    code, headers, body = login(srv, "office", "sai")
    assert code == 429 and headers["Retry-After"] == "60"
    assert "too many sign-in attempts" in json.loads(body)["detail"]
    assert login(srv, "office", PASSWORD)[0] == 429  # this address waits, even with the right password
    assert login(srv, "office", PASSWORD, source="127.0.0.2")[0] == 200  # the user is not locked out
    assert refusals(srv) == [("login", "127.0.0.1", "office", "wrong")] * 3 + \
        [("login", "127.0.0.1", "office", "locked")] * 2
    clock.now += 59
    assert login(srv, "office", PASSWORD)[0] == 429
    clock.now += 2
    assert login(srv, "office", PASSWORD)[0] == 200


def test_a_second_lockout_lasts_twice_as_long(srv, clock):
    for _ in range(3):
        login(srv, "office", "sai")
    assert login(srv, "office", "sai")[1]["Retry-After"] == "60"
    clock.now += 61
    for name in ("ai1", "ai2", "ai3"):  # other names: "office" is near its own limit
        assert login(srv, name, "sai")[0] == 401
    assert login(srv, "ai4", "sai")[1]["Retry-After"] == "120"


def test_wrong_passwords_from_many_addresses_lock_the_account(srv, clock):
    for i in range(2, 7):  # five addresses, one wrong password each: the account's limit
        assert login(srv, "office", "sai", source=f"127.0.0.{i}")[0] == 401
    code, headers, _ = login(srv, "office", PASSWORD, source="127.0.0.7")
    assert code == 429 and int(headers["Retry-After"]) == 60
    assert login(srv, "viewer1", PASSWORD, source="127.0.0.7")[0] == 200  # another account is fine
    assert refusals(srv)[-1] == ("login", "127.0.0.7", "office", "locked")
    clock.now += 61
    assert login(srv, "office", PASSWORD, source="127.0.0.8")[0] == 200


def test_the_office_form_says_so_in_vietnamese(srv):
    form = "application/x-www-form-urlencoded"
    for _ in range(3):
        assert post(srv, "/office/login", b"username=office&password=sai", ctype=form)[0] == 401
    code, headers, body = post(srv, "/office/login", b"username=office&password=sai", ctype=form)
    assert code == 429 and headers["Retry-After"] == "60"
    assert "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 60 giây." in body.decode()
    code, headers, _ = post(srv, "/office/login", f"username=office&password={PASSWORD}".encode(), ctype=form,
                            source="127.0.0.2")
    assert code == 303 and headers["Location"] == "/office"


def test_enrollment_codes_are_throttled_per_address_and_per_device(srv, clock):
    from central import accounts as admin

    with srv.engine.begin() as conn:
        code = admin.create_device(conn, "HN01", "HN-BOOTH")
        admin.create_device(conn, "HN02", "HN-BOOTH")
    wrong = {"device_code": "HN01", "enrollment_code": "AAAA-BBBB-CCCC"}
    for _ in range(3):
        assert post(srv, "/api/v1/enroll", wrong)[0] == 403
    status, headers, body = post(srv, "/api/v1/enroll", wrong)
    assert status == 429 and headers["Retry-After"] == "60" and b"enrollment attempts" in body
    assert post(srv, "/api/v1/enroll", {**wrong, "enrollment_code": code})[0] == 429
    # another address: HN02 has had no attempts, HN01 three of its four
    assert post(srv, "/api/v1/enroll", {**wrong, "device_code": "HN02"}, source="127.0.0.2")[0] == 403
    assert post(srv, "/api/v1/enroll", wrong, source="127.0.0.3")[0] == 403  # HN01's fourth
    assert post(srv, "/api/v1/enroll", {**wrong, "enrollment_code": code}, source="127.0.0.4")[0] == 429
    clock.now += 61
    status, _, body = post(srv, "/api/v1/enroll", {**wrong, "enrollment_code": code}, source="127.0.0.4")
    assert status == 200 and json.loads(body)["device_code"] == "HN01"
    reasons = [(a, addr, acct, why) for a, addr, acct, why in refusals(srv)]
    assert reasons.count(("enroll", "127.0.0.1", "HN01", "wrong")) == 3
    assert ("enroll", "127.0.0.4", "HN01", "locked") in reasons


def test_an_unknown_user_costs_one_scrypt_check_like_a_known_one(srv, monkeypatch):
    checked = []
    real = security.check_password

    def spy(password, stored):
        checked.append(stored)
        return real(password, stored)

    monkeypatch.setattr(security, "check_password", spy)
    with srv.engine.begin() as conn:
        stored = conn.execute(sa.select(m.users.c.password_hash).where(m.users.c.username == "office")).scalar()
        conn.execute(sa.update(m.users).where(m.users.c.username == "viewer1").values(active=0))
    assert login(srv, "khong-co-ai", "sai", source="127.0.0.2")[0] == 401
    assert login(srv, "office", "sai", source="127.0.0.3")[0] == 401
    assert login(srv, "viewer1", PASSWORD, source="127.0.0.4")[0] == 401  # inactive: checked all the same
    assert checked[0] == signin.dummy_hash() and checked[0].startswith("scrypt$16384$8$1$")
    assert checked[1:] == [stored, checked[2]] and checked[2] != checked[0]


def test_the_dummy_hash_has_the_cost_of_a_real_one():
    assert signin.dummy_hash().split("$")[:4] == security.hash_password("x").split("$")[:4]


def _nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("path", ["/api/v1/auth/login", "/api/v1/enroll", "/api/v1/events",
                                  "/api/v1/reconcile", "/api/v1/office/producers", "/api/v1/admin/catalog"])
@pytest.mark.parametrize("body", [b"[" * 1000 + b"]" * 1000, _nested(1000), b"[" * 100_000,
                                  b'{"x":"' + b"[" * 40 + b'", "y": ' + b"[" * 33 + b"]" * 33 + b"}"])
def test_deeply_nested_bodies_are_a_400_everywhere(srv, path, body):
    method = "PUT" if path.endswith("/catalog") else "POST"
    code, _, reply = post(srv, path, body, headers={"Authorization": "Bearer dk_nobody"}, method=method)
    if code == 413:  # routes without a login refuse it for its size first
        assert path in ("/api/v1/auth/login", "/api/v1/enroll") and len(body) > 4096
        return
    assert code == 400, reply
    assert json.loads(reply) == {"detail": "JSON nested deeper than 32 levels"}


@pytest.mark.parametrize("path", ["/api/v1/auth/login", "/api/v1/enroll", "/api/v1/events",
                                  "/api/v1/reconcile", "/api/v1/office/producers", "/api/v1/admin/catalog"])
@pytest.mark.parametrize("body", [b'{"settings": {"k\\u0000": {}}}', b'{"name": "x\\\\\\u0000y"}',
                                  b'{"name": "x\x00"}'])
def test_a_nul_character_in_json_text_is_a_400_everywhere(srv, path, body):
    """PostgreSQL cannot store U+0000 in text: schemathesis found PUT /admin/catalog answering 500 to one."""
    method = "PUT" if path.endswith("/catalog") else "POST"
    code, _, reply = post(srv, path, body, headers={"Authorization": "Bearer dk_nobody"}, method=method)
    assert code == 400, reply
    assert json.loads(reply) == {"detail": "text may not contain the NUL character (\\u0000)"}


def test_an_escaped_backslash_before_u0000_is_text_not_nul(srv):
    code, _, _ = post(srv, "/api/v1/auth/login", b'{"username": "a\\\\u0000", "password": "x"}')
    assert code == 401


def test_nesting_up_to_the_limit_reaches_the_parser(srv):
    code, _, reply = post(srv, "/api/v1/auth/login", _nested(32))
    assert code == 422 and len(reply) < 1000
    code, _, reply = post(srv, "/api/v1/enroll", b'{"device_code":"' + b"[" * 200 + b'"}')  # brackets in a string
    assert code == 422


def test_enrollment_and_reconciliation_bodies_have_their_own_limits(srv):
    big = {"device_code": "HN01", "enrollment_code": "A" * 5000}
    code, _, reply = post(srv, "/api/v1/enroll", big)
    assert code == 413 and b"4096" in reply and len(reply) < 200
    code, _, reply = post(srv, "/api/v1/reconcile", {"days": {"x": "y" * 300_000}},
                          headers={"Authorization": "Bearer dk_nobody"})
    assert code == 413 and len(reply) < 200
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)  # chunked: no Content-Length
    conn.putrequest("POST", "/api/v1/enroll")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Transfer-Encoding", "chunked")
    conn.endheaders()
    for _ in range(5):
        conn.send(b"400\r\n" + b" " * 1024 + b"\r\n")
    conn.send(b"0\r\n\r\n")
    assert conn.getresponse().status == 413
    conn.close()


def test_a_refused_body_is_read_to_its_end_so_the_reply_arrives_whole(srv):
    """A client that sends its whole body before reading (requests, http.client) must get the
    refusal, not a reset: 20 MB declared to a 4 KB route is read and thrown away before the 413,
    so sending it never fails (it did once 1 MB had been read and the socket closed over the rest,
    and the reset could wipe the reply out: a 413 cut short in the conformance run)."""
    body = b'{"device_code": "HN01", "enrollment_code": "' + b"A" * (20 << 20) + b'"}'
    for _ in range(3):
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        try:
            conn.request("POST", "/api/v1/enroll", body, {"Content-Type": "application/json"})  # no reset
            reply = conn.getresponse()
            assert reply.status == 413 and json.loads(reply.read()) == {"detail": "body larger than 4096 bytes"}
        finally:
            conn.close()


def test_a_full_reconciliation_fits_its_limit(srv):
    from sync.protocol import MAX_RECONCILE_DAYS

    from central import accounts as admin

    with srv.engine.begin() as conn:
        code = admin.create_device(conn, "HN01", "HN-BOOTH")
    token = json.loads(post(srv, "/api/v1/enroll", {"device_code": "HN01", "enrollment_code": code})[2])["token"]
    big = 10**15
    first = dt.date(2025, 1, 1)
    days = {(first + dt.timedelta(days=i)).isoformat():
            {"events": big, "sales": big, "sales_total": -big, "refunds": big, "refunds_total": -big, "voids": big}
            for i in range(MAX_RECONCILE_DAYS)}
    assert len(days) == MAX_RECONCILE_DAYS
    code, _, reply = post(srv, "/api/v1/reconcile", {"days": days}, headers={"Authorization": f"Bearer {token}"})
    assert code == 200, reply[:300]


def test_error_replies_do_not_echo_the_request(srv):
    with_token = {"Authorization": "Bearer " + json.loads(login(srv, "office", PASSWORD)[2])["token"]}
    sent = {"username": ["X" * 600_000], "password": {"p": "Y" * 1000}, "role": 7}
    code, _, reply = post(srv, "/api/v1/admin/users", sent, headers=with_token)
    assert code == 422 and len(reply) < 2000 and b"XXXXXXXXXX" not in reply and b"YYYYYYYYYY" not in reply
    assert all(set(e) == {"loc", "msg", "type"} for e in json.loads(reply)["detail"])
    many = {"producers": ["x" * 100] * 15_000}  # 15,000 errors with their input, before
    code, _, reply = post(srv, "/api/v1/admin/catalog", many, headers=with_token, method="PUT")
    assert code == 422 and len(reply) < 3000 and b"xxxxxxxxxx" not in reply
    assert len(json.loads(reply)["detail"]) == 10
    code, _, reply = post(srv, "/api/v1/events", b'{"events": [' + b'{"seq": "x"},' * 100_000 + b"1]}",
                          headers={"Authorization": f"Bearer {_device_token(srv)}"})
    assert code == 422 and len(reply) < 1000, reply[:300]


def _device_token(srv) -> str:
    from central import accounts as admin

    with srv.engine.begin() as conn:
        code = admin.create_device(conn, "HN09", "HN-BOOTH")
    return json.loads(post(srv, "/api/v1/enroll", {"device_code": "HN09", "enrollment_code": code},
                           source="127.0.0.9")[2])["token"]


def test_quiet_keys_are_forgotten_and_locked_ones_kept(srv, clock):
    from central.config import Settings

    settings = Settings(database_url="sqlite://", **LIMITS)
    login(srv, "ai-do", "sai", source="127.0.0.2")
    for _ in range(4):
        login(srv, "office", "sai")  # 127.0.0.1 locked for 60 s
    quiet = max(settings.throttle_window_s, settings.lockout_max_s)
    with srv.engine.begin() as conn:
        assert throttle.prune(conn, settings, clock.now + quiet - 1) == 0
        assert throttle.prune(conn, settings, clock.now + quiet + 1) == 3  # the lockout ended too recently
        assert conn.execute(sa.select(m.auth_throttle.c.key)).scalars().all() == ["login-addr:127.0.0.1"]
        assert throttle.prune(conn, settings, clock.now + 60 + quiet + 1) == 1


def test_a_bundle_nested_deep_inside_its_signed_text_is_a_4xx(srv):
    with_token = {"Authorization": "Bearer " + json.loads(login(srv, "office", PASSWORD)[2])["token"]}
    inner = '{"device_code": "HN01", "events": ' + "[" * 5000 + "]" * 5000 + "}"
    raw = json.dumps({"format": "ocop-pos-bundle/1", "alg": "ed25519", "body": inner, "signature": "00"}).encode()
    code, _, reply = post(srv, "/api/v1/admin/bundles", raw, headers=with_token)
    assert 400 <= code < 500 and len(reply) < 500, reply
