"""Invoices reach the provider exactly once through the real sender, against local fakes of
Viettel S-Invoice and MISA meInvoice on loopback, on SQLite and PostgreSQL: a reply lost after the
provider committed, a token expiring mid-batch, a provider error, a provider down for two days,
a refusal, and the settings the sender needs. The sender's clock is simulated (no sleeping)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from central import models as m
from einvoice_fakes import FakeMisa, FakeViettel, Served
from einvoice_rig import OPERATOR, SimClock, central, deliveries, invoice_payload, push, register_seller, sender

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from faultproxy import FaultProxy  # noqa: E402

FAKES = {"viettel": FakeViettel, "misa": FakeMisa}


@pytest.fixture(params=["viettel", "misa"])
def provider(request):
    served = Served(FAKES[request.param](OPERATOR))
    served.name = request.param
    yield served
    served.stop()


@pytest.fixture
def engine(database_url):
    eng = central(database_url)
    yield eng
    eng.dispose()


def _replies(engine, invoice_id: str) -> list[tuple[str, str]]:
    R = m.invoice_replies
    with engine.connect() as conn:
        return [(r.action, r.outcome) for r in conn.execute(sa.select(R).where(R.c.invoice_id == invoice_id)
                                                           .order_by(R.c.id))]


def test_a_batch_is_delivered_once_each_and_a_rerun_sends_nothing(engine, provider):
    register_seller(engine, provider.name, provider.url)
    push(engine, [invoice_payload(n) for n in range(1, 6)])
    clock = SimClock()
    counts = sender(engine, clock).run_once()
    assert counts["accepted"] == 5
    rows = deliveries(engine)
    assert {r.state for r in rows.values()} == {"accepted"}
    assert set(provider.fake.invoices) == set(rows)
    assert all(r.provider_ref and r.attempts == 1 and r.provider == provider.name for r in rows.values())
    clock.advance(7 * 24 * 3600)
    assert sender(engine, clock).run_once()["accepted"] == 0
    assert provider.fake.creates == 5 and provider.fake.lookups == 0


def test_a_sales_invoice_with_lines_of_several_vat_rates_is_accepted(engine, provider):
    """Template 2 (sales invoice, direct method) states no VAT: one tax group of the whole amount,
    the summary without VAT; the lines' own rates (0/5/8/10 %) must not split or shrink it. Both
    adapters sent a group per rate with the pre-VAT amounts, which the providers' validation refuses."""
    register_seller(engine, provider.name, provider.url, template="2")
    pl = invoice_payload(1)
    pl["invoice"]["template"] = "2"
    push(engine, [pl])
    assert sender(engine, SimClock()).run_once()["accepted"] == 1
    body = provider.fake.invoices[pl["invoice"]["id"]]["body"]
    total = pl["invoice"]["total"]
    if provider.name == "viettel":
        assert body["taxBreakdowns"] == [{"taxPercentage": -2, "taxableAmount": total, "taxAmount": 0,
                                          "taxableAmountPos": True, "taxAmountPos": True}]
        assert (body["summarizeInfo"]["totalAmountWithoutTax"], body["summarizeInfo"]["totalTaxAmount"]) == (total, 0)
    else:
        assert body["TaxRateInfo"] == [{"VATRateName": "KKKNT", "AmountWithoutVATOC": total, "VATAmountOC": 0}]
        assert (body["TotalAmountWithoutVAT"], body["TotalVATAmount"], body["TotalAmount"]) == (total, 0, total)


def test_a_reply_lost_after_the_provider_committed_is_found_by_lookup_not_resent(engine, provider):
    proxy = FaultProxy(provider.port)
    try:
        register_seller(engine, provider.name, proxy.url)
        push(engine, [invoice_payload(1)])
        inv_id = next(iter(deliveries(engine)))
        proxy.plan = ["pass", "drop"]  # the login answers; the create reaches the provider, its reply is lost
        clock = SimClock()
        first = sender(engine, clock).run_once()
        assert first["retry"] == 1 and len(provider.fake.invoices) == 1
        row = deliveries(engine)[inv_id]
        assert row.state == "queued" and "no answer to create" in row.last_error and row.attempts == 1
        assert sender(engine, clock).run_once()["claimed"] == 0  # not due before its backoff
        clock.advance(61)
        assert sender(engine, clock).run_once()["accepted"] == 1
        row = deliveries(engine)[inv_id]
        assert row.state == "accepted" and row.attempts == 2 and row.last_error == ""
        assert provider.fake.creates == 1 and provider.fake.lookups == 1 and len(provider.fake.invoices) == 1
        assert row.provider_ref == _ref(provider.fake, inv_id)
        assert ("lookup", "found") in _replies(engine, inv_id)
    finally:
        proxy.close()


def _ref(fake, inv_id: str) -> str:
    res = fake.invoices[inv_id]["result"]
    return res.get("reservationCode") or res.get("TransactionID")


def test_a_token_expiring_mid_batch_is_renewed_and_nothing_is_lost(engine, provider):
    provider.fake.token_uses = 3
    register_seller(engine, provider.name, provider.url)
    push(engine, [invoice_payload(n) for n in range(1, 9)])
    counts = sender(engine, SimClock(), workers=1).run_once()
    assert counts["accepted"] == 8
    assert provider.fake.expired >= 2 and provider.fake.logins >= 3
    assert len(provider.fake.invoices) == 8 and provider.fake.creates == 8
    R = m.invoice_replies
    with engine.connect() as conn:
        kinds = {(r.action, r.outcome) for r in conn.execute(sa.select(R.c.action, R.c.outcome))}
    assert ("auth", "expired") in kinds and ("login", "ok") in kinds


def test_a_provider_error_keeps_the_invoice_queued_with_its_reason(engine, provider):
    register_seller(engine, provider.name, provider.url)
    push(engine, [invoice_payload(1)])
    inv_id = next(iter(deliveries(engine)))
    answer = ({"errorCode": "SYSTEM_ERROR", "description": "Hệ thống đang bảo trì, vui lòng thử lại sau"}
              if provider.name == "viettel" else
              {"Success": False, "ErrorCode": "SystemError", "DescriptionErrorCode": "Hệ thống đang bảo trì"})
    provider.fake.fail_next = [(500, answer)]
    clock = SimClock()
    sender(engine, clock).run_once()
    row = deliveries(engine)[inv_id]
    assert row.state == "queued" and "HTTP 500" in row.last_error and "bảo trì" in row.last_error
    assert row.next_attempt_at == clock.t + 60 and not provider.fake.invoices
    clock.advance(60)
    sender(engine, clock).run_once()
    row = deliveries(engine)[inv_id]
    assert row.state == "accepted" and row.last_error == "" and provider.fake.creates == 1


def test_a_provider_down_for_two_days_then_up_gets_each_invoice_once(engine, provider):
    register_seller(engine, provider.name, provider.url)
    push(engine, [invoice_payload(n) for n in range(1, 7)])
    provider.fake.down = True
    clock = SimClock()
    send = sender(engine, clock)
    rounds = 0
    while clock.t < SimClock().t + 2 * 24 * 3600:
        send.run_once()
        clock.advance(900)
        rounds += 1
    rows = deliveries(engine)
    assert {r.state for r in rows.values()} == {"queued"} and not provider.fake.invoices
    assert all("HTTP 503" in r.last_error or "login refused" in r.last_error for r in rows.values())
    tries = {r.attempts for r in rows.values()}
    assert max(tries) < rounds  # backoff: far fewer tries than rounds, capped at an hour apart
    assert all(r.next_attempt_at - clock.t <= 3600 for r in rows.values())
    provider.fake.down = False
    clock.advance(3600)
    assert send.run_once()["accepted"] == 6
    assert provider.fake.creates == 6 and len(provider.fake.invoices) == 6
    assert {r.state for r in deliveries(engine).values()} == {"accepted"}


def test_a_refusal_is_kept_with_the_providers_reason_and_can_be_queued_again(engine, provider):
    from central.einvoice import sender as sender_mod

    register_seller(engine, provider.name, provider.url)
    push(engine, [invoice_payload(1, symbol="C26MXX")])  # a symbol the provider has not registered
    inv_id = next(iter(deliveries(engine)))
    clock = SimClock()
    assert sender(engine, clock).run_once()["refused"] == 1
    row = deliveries(engine)[inv_id]
    assert row.state == "refused" and ("C26MXX" in row.last_error or "InvalidInvSeries" in row.last_error)
    clock.advance(86_400)
    assert sender(engine, clock).run_once()["claimed"] == 0  # a refusal is not retried by itself
    provider.fake.series.add("C26MXX")
    with engine.begin() as conn:
        assert sender_mod.requeue(conn, inv_id)
    assert sender(engine, clock).run_once()["accepted"] == 1
    assert provider.fake.creates == 1


def test_no_provider_settings_keep_invoices_queued_with_the_reason(engine):
    push(engine, [invoice_payload(1)])
    sender(engine, SimClock()).run_once()
    row = next(iter(deliveries(engine).values()))
    assert row.state == "queued" and row.attempts == 0 and "no e-invoice settings" in row.last_error


def test_a_replacement_waits_for_the_invoice_it_replaces(engine, provider):
    register_seller(engine, provider.name, provider.url)
    first = invoice_payload(1)
    second = invoice_payload(2, kind="replacement", related=first["invoice"]["id"])
    push(engine, [second], first_seq=1)
    clock = SimClock()
    sender(engine, clock).run_once()
    row = deliveries(engine)[second["invoice"]["id"]]
    assert row.state == "queued" and "waits for invoice" in row.last_error and not provider.fake.invoices
    push(engine, [first], first_seq=2)
    sender(engine, clock).run_once()
    clock.advance(61)
    sender(engine, clock).run_once()
    rows = deliveries(engine)
    assert {r.state for r in rows.values()} == {"accepted"}
    body = provider.fake.invoices[second["invoice"]["id"]]["body"]
    text = str(body)
    assert "Thay thế cho hóa đơn Mẫu số 1 ký hiệu C26MBL số 1" in text or "OrgInvNo" in text


def test_the_einvoice_send_command_sends_once_as_cron_would_run_it(tmp_path):
    import os
    import subprocess

    from einvoice_rig import KEY

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    engine = central(url)
    served = Served(FakeViettel(OPERATOR))
    try:
        register_seller(engine, "viettel", served.url)
        push(engine, [invoice_payload(n) for n in range(1, 4)])
        root = Path(__file__).resolve().parents[2]
        cmd = [sys.executable, str(root / "main.py"), "server", "--database-url", url, "einvoice-send"]
        env = {**os.environ, "OCOP_SERVER_EINVOICE_KEY": KEY}
        res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert res.stdout.startswith("3 accepted, 0 refused")
        res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        assert res.stdout.startswith("0 accepted") and served.fake.creates == 3
        env.pop("OCOP_SERVER_EINVOICE_KEY")
        res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
        assert res.returncode == 2 and "OCOP_SERVER_EINVOICE_KEY" in res.stderr
    finally:
        served.stop()
        engine.dispose()


def test_the_running_server_sends_what_kiosks_pushed(database_url):
    """The server's own loop (central/einvoice/loop.py), with a key configured, delivers the backlog."""
    import time

    from einvoice_rig import KEY
    from rig import Server

    engine = central(database_url)
    served = Served(FakeMisa(OPERATOR))
    register_seller(engine, "misa", served.url)
    push(engine, [invoice_payload(n) for n in range(1, 4)])
    engine.dispose()
    server = Server(database_url, einvoice_key=KEY)
    try:
        deadline = time.monotonic() + 60  # a bound on waiting, not a speed assertion
        while time.monotonic() < deadline and len(served.fake.invoices) < 3:
            time.sleep(0.1)
        while time.monotonic() < deadline and {r.state for r in deliveries(server.engine).values()} != {"accepted"}:
            time.sleep(0.1)
        assert {r.state for r in deliveries(server.engine).values()} == {"accepted"}
        assert served.fake.creates == 3
    finally:
        server.stop()
        served.stop()


def test_a_sender_dying_after_the_provider_committed_leaves_it_due_and_it_is_found(engine, provider, monkeypatch):
    """The process dies between the provider's answer and recording it: the claimed row stays `sent`
    (claimed in its own committed transaction), is due after its backoff, and the next sender finds
    the invoice by lookup instead of creating a second one."""
    from central.einvoice.sender import Sender

    register_seller(engine, provider.name, provider.url)
    push(engine, [invoice_payload(1)])
    inv_id = next(iter(deliveries(engine)))
    clock = SimClock()

    def die(self, done):
        raise KeyboardInterrupt("power cut")

    with monkeypatch.context() as mp:
        mp.setattr(Sender, "_record", die)
        with pytest.raises(KeyboardInterrupt):
            sender(engine, clock).run_once()
    row = deliveries(engine)[inv_id]
    assert row.state == "sent" and row.attempts == 1 and len(provider.fake.invoices) == 1
    with engine.begin() as conn:  # the dead process's lease runs out
        conn.execute(sa.update(m.server_leases).where(m.server_leases.c.name == "einvoice").values(expires_at=0))
    clock.advance(61)
    assert sender(engine, clock).run_once()["accepted"] == 1
    assert provider.fake.creates == 1 and provider.fake.lookups == 1
    assert deliveries(engine)[inv_id].state == "accepted"
