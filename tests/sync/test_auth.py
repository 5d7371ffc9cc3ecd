"""Who may do what, and bad requests: each gets a 4xx and changes nothing."""
from __future__ import annotations

import json

import pytest
import requests
import sqlalchemy as sa

from pos import outbox
from sync.client import NotEnrolled, Refused, SyncClient, enroll as do_enroll, sync_once
from central import accounts as admin

from syncrig import enroll, make_kiosk, register, sell, server_books


def counts(engine) -> dict:
    with engine.connect() as c:
        return {t: c.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("events", "sales", "sale_lines", "payments", "stock_moves", "shifts")}


def test_enrollment_code_is_one_time_and_tokens_are_hashed(server, tmp_path):
    store, _ = make_kiosk(tmp_path / "k.db", "HN05")
    try:
        code = register(server, "HN05")
        with pytest.raises(Refused) as wrong:
            do_enroll(store, server.url, "HN05", "AAAA-BBBB-CCCC")
        assert wrong.value.status == 403
        info = do_enroll(store, server.url, "HN05", code)
        assert info["location_code"] == "HN-BOOTH" and info["token"].startswith("dk_")
        with pytest.raises(Refused):  # used once already
            do_enroll(store, server.url, "HN05", code)
        with server.engine.connect() as c:
            stored = c.execute(sa.text("SELECT token_hash, enroll_hash FROM devices WHERE code='HN05'")).one()
            everything = json.dumps([list(r) for r in c.execute(sa.text("SELECT * FROM devices"))])
        assert stored[0] != info["token"] and len(stored[0]) == 64 and stored[1] is None
        assert info["token"] not in everything
        assert store.settings()["sync_token"] == info["token"]
    finally:
        store.close()


def test_every_request_needs_a_valid_token(server):
    for method, path in [("GET", "/events/progress"), ("POST", "/events"), ("GET", "/catalog"),
                         ("POST", "/reconcile"), ("GET", "/admin/devices")]:
        r = requests.request(method, server.url + "/api/v1" + path, json={}, timeout=10)
        assert r.status_code == 401, path
        r = requests.request(method, server.url + "/api/v1" + path, json={}, timeout=10,
                             headers={"Authorization": "Bearer dk_not-a-real-token"})
        assert r.status_code in (401, 403), path
    spec = requests.get(server.url + "/api/v1/openapi.json", timeout=10).json()
    assert spec["info"]["title"]
    # POST /events decodes its own body (msgspec) but still documents it as PushRequest
    body = spec["paths"]["/api/v1/events"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/PushRequest"}
    events = spec["components"]["schemas"]["PushRequest"]["properties"]["events"]
    assert events["items"] == {"$ref": "#/components/schemas/Envelope"}
    assert "payload" in spec["components"]["schemas"]["Envelope"]["properties"]


def test_bad_requests_get_4xx_and_change_nothing(database_url, tmp_path):
    from syncrig import ThreadServer

    server = ThreadServer(database_url, max_body_bytes=256 * 1024).start()
    try:
        _bad_requests(server, tmp_path)
    finally:
        server.stop()


def _bad_requests(server, tmp_path):
    a, ids_a = make_kiosk(tmp_path / "a.db", "HN01")
    b, ids_b = make_kiosk(tmp_path / "b.db", "HN02")
    try:
        enroll(server, a)
        enroll(server, b, location="HCM-MART")
        sell(a, ids_a, 3)
        sell(b, ids_b, 3)
        sync_once(a)
        before = counts(server.engine)
        books_a = server_books(server.engine, "HN01")
        tok_a, tok_b = a.settings()["sync_token"], b.settings()["sync_token"]
        url = server.url + "/api/v1/events"
        good = outbox.pending(b, limit=3)
        assert good

        def post(body, token=tok_b, **kw):
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            data = body if not isinstance(body, (dict, list)) else json.dumps(body)
            return requests.post(url, data=data, headers=headers, timeout=30, **kw)

        assert post(b'{"events": [ {"event_id": ').status_code == 422            # malformed JSON
        assert post({"events": [{**good[0], "seq": "1"}]}).status_code == 422    # seq as text
        assert post({"events": [{**good[0], "business_day": "22/11/2026"}]}).status_code == 422
        assert post({"events": [{**good[0], "type": "sale.deleted"}]}).status_code == 422
        assert post({"events": "all of them"}).status_code == 422
        bad_total = json.loads(json.dumps(good))
        sale_ev = next(e for e in bad_total if e["type"] == "sale.completed") if any(
            e["type"] == "sale.completed" for e in bad_total) else None
        if sale_ev is None:  # the first events are deliveries: send those plus a broken sale
            sale_ev = json.loads(json.dumps(outbox.pending(b, limit=100)[-1]))
            bad_total = json.loads(json.dumps(outbox.pending(b, limit=100)))
            sale_ev = bad_total[-1]
        sale_ev["payload"]["sale"]["total"] = "180000"
        r = post({"events": bad_total})
        assert r.status_code == 422 and "total" in r.json()["detail"]
        big = {"events": good, "pad": "x" * (300 * 1024)}
        assert post(big).status_code == 413                                        # oversized body
        assert post(json.dumps(big).encode()).status_code == 413
        chunked = post(iter([json.dumps(big).encode()[i:i + 16384] for i in range(0, 310_000, 16384)]))
        assert chunked.status_code == 413                                          # oversized, no length
        assert post({"events": good}, token=tok_a).status_code == 403             # another kiosk's token
        r = requests.get(server.url + "/api/v1/catalog", headers={"Authorization": f"Bearer {tok_b}"},
                         params={"cursor": "x"}, timeout=10)
        assert r.status_code == 422
        assert counts(server.engine) == before
        assert server_books(server.engine, "HN01") == books_a

        with server.engine.begin() as c:
            admin.revoke_device(c, "HN02")
        assert post({"events": good}).status_code == 401                          # revoked token
        with pytest.raises(Refused) as refused:
            sync_once(b)
        assert refused.value.status == 401
        assert counts(server.engine) == before
        assert outbox.unsynced_count(b) == len(outbox.pending(b, limit=1000))
    finally:
        a.close()
        b.close()


def test_kiosk_without_enrollment_is_told_so(tmp_path):
    store, _ = make_kiosk(tmp_path / "k.db", "HN09")
    try:
        with pytest.raises(NotEnrolled):
            sync_once(store)
    finally:
        store.close()


def test_people_and_admin_routes(server):
    with server.engine.begin() as c:
        admin.create_user(c, "admin", "mật-khẩu-dài", "admin", "Quản trị")
        admin.create_user(c, "viewer1", "xem-bao-cao-123", "viewer")
    api = server.url + "/api/v1"
    assert requests.post(api + "/auth/login", json={"username": "admin", "password": "sai"}, timeout=10).status_code == 401
    tok = requests.post(api + "/auth/login", json={"username": "admin", "password": "mật-khẩu-dài"}, timeout=10).json()["token"]
    vtok = requests.post(api + "/auth/login", json={"username": "viewer1", "password": "xem-bao-cao-123"},
                         timeout=10).json()["token"]
    h = {"Authorization": f"Bearer {tok}"}
    r = requests.post(api + "/admin/devices", json={"code": "DN01", "location_code": "DN-FAIR", "kind": "fair",
                                                    "location_kind": "fair"}, headers=h, timeout=10)
    assert r.status_code == 200 and len(r.json()["enrollment_code"]) == 14
    assert requests.post(api + "/admin/devices", json={"code": "dn 1", "location_code": "X"}, headers=h,
                         timeout=10).status_code == 422
    assert requests.get(api + "/admin/devices", headers={"Authorization": f"Bearer {vtok}"},
                        timeout=10).status_code == 403          # a viewer is not an admin
    # a kiosk token cannot act as a person, nor a person's token as a kiosk
    assert requests.get(api + "/events/progress", headers=h, timeout=10).status_code == 403
    assert requests.post(api + "/auth/logout", headers=h, timeout=10).status_code == 200
    assert requests.get(api + "/admin/devices", headers=h, timeout=10).status_code == 401
    with server.engine.connect() as c:
        pw = c.execute(sa.text("SELECT password_hash FROM users WHERE username='admin'")).scalar()
    assert pw.startswith("scrypt$") and "mật" not in pw
