"""The kiosk's voucher pull sends only what changed since its cursor (docs/vouchers.md), on SQLite
and PostgreSQL: a voucher changed after the cursor arrives, an unchanged one is not sent again, a
withdrawn one arrives as ended and the kiosk stops offering it, and a page applied twice (a crash
before the cursor was saved) leaves the same state."""
from __future__ import annotations

from central.catalog import pull
from central.vouchers import issue as iss
from pos import catalog, vouchers
from sync.client import sync_once

from syncrig import enroll, register

FAR = "2027-12-31"


def _issue(server, **form):
    with server.engine.begin() as conn:
        return iss.issue(conn, {"kind": "amount", "value": 100_000, "uses": 2, "expires_on": FAR, **form}, "office")


def _page(server, cursor: str) -> dict:
    with server.engine.connect() as conn:
        return pull.changes_since(conn, "HN-BOOTH", int(cursor), device_code="HN01")


def test_only_vouchers_changed_since_the_cursor_are_sent(server, kiosk):
    hn, _ids = kiosk
    enroll(server, hn)
    register(server, "DN01", "DN-SITE")
    [a] = _issue(server, allot="HN01:1")
    [b] = _issue(server, locations="HN-BOOTH")
    [elsewhere] = _issue(server, locations="DN-SITE")
    first = _page(server, "0")
    assert [(v["code"], v["allotted"]) for v in first["voucher_changes"]] == [(a["code"], 1), (b["code"], 0)]
    assert "vouchers" not in first  # the whole list is no longer sent
    sync_once(hn)
    cursor = hn.settings()["sync_cursor"]
    assert _page(server, cursor).get("voucher_changes") is None  # nothing changed: nothing resent
    with server.engine.begin() as conn:
        iss.reallot(conn, b["code"], "HN01:2", "office")  # b changes; a does not
        iss.void(conn, elsewhere["code"], "office")       # not valid here: an ended marker only
    changed = _page(server, cursor)["voucher_changes"]
    assert changed == [{**{k: b[k] for k in ("id", "code", "kind", "value", "cap", "uses", "expires_on", "name")},
                        "allotted": 2},
                       {"id": elsewhere["id"], "code": elsewhere["code"], "status": "ended"}]
    sync_once(hn)
    assert {v["code"]: v["allotted"] for v in vouchers.listed(hn)} == {a["code"]: 1, b["code"]: 2}
    with server.engine.begin() as conn:
        iss.void(conn, a["code"], "office")
    page = _page(server, hn.settings()["sync_cursor"])
    assert page["voucher_changes"] == [{"id": a["id"], "code": a["code"], "status": "ended"}]
    for _twice in range(2):  # the same page applied again (its cursor not saved) changes nothing more
        catalog.apply_catalog(hn, page)
        assert [v["code"] for v in vouchers.listed(hn)] == [b["code"]]
    sync_once(hn)
    assert [v["code"] for v in vouchers.listed(hn)] == [b["code"]]
    assert _page(server, hn.settings()["sync_cursor"]).get("voucher_changes") is None


def test_voucher_changes_page_with_the_catalog_and_resume_from_the_cursor(server, kiosk):
    """Three vouchers issued one by one (three revisions), pulled two rows a page: the first page
    stops below the third, says there is more, and its cursor brings exactly the third."""
    hn, _ids = kiosk
    enroll(server, hn)
    codes = [_issue(server)[0]["code"] for _ in range(3)]
    with server.engine.connect() as conn:
        first = pull.changes_since(conn, "HN-BOOTH", 0, limit=2, device_code="HN01")
        second = pull.changes_since(conn, "HN-BOOTH", int(first["cursor"]), limit=2, device_code="HN01")
    assert first["more"] and [v["code"] for v in first["voucher_changes"]] == codes[:2]
    assert not second["more"] and [v["code"] for v in second["voucher_changes"]] == codes[2:]
