"""The print job table says only what is known, and the clerk's decisions on jobs that may or
may not have printed are recorded (pos/print_jobs.py)."""
from __future__ import annotations

import json
import sqlite3

import pytest
import sqlite_utils

from pos import print_jobs, schema
from pos.errors import InvalidState, ValidationError
from pos.store import Store

DOC = {"kind": "sale", "receipt_no": "HN01-000007", "payments": [{"method": "vietqr", "amount": 90_000}],
       "qr": {"kind": "vietqr", "payload": "000201...", "caption": "VietQR"}}


def sent(store, doc=DOC) -> str:
    job = print_jobs.enqueue(store, "receipt", "sale-7", doc)
    print_jobs.mark_printing(store, job)
    return job


def test_only_a_job_being_sent_can_end_printed_or_unconfirmed(store):
    job = print_jobs.enqueue(store, "receipt", "sale-7", DOC)
    with pytest.raises(InvalidState):  # never marked printed without having been sent
        print_jobs.mark_printed(store, job)
    print_jobs.mark_printing(store, job)
    print_jobs.mark_unconfirmed(store, job, "hung_up", "printer closed the connection")
    with pytest.raises(InvalidState):  # an unconfirmed job is not quietly "retried" either
        print_jobs.retry_later(store, job, "again")
    with pytest.raises(InvalidState):
        print_jobs.mark_printed(store, job)
    with pytest.raises(ValidationError):
        print_jobs.mark_unconfirmed(store, sent(store), "gremlins", "?")
    row = print_jobs.get(store, job)
    assert (row["status"], row["outcome"], row["attempts"]) == ("unconfirmed", "hung_up", 1)


def test_crash_while_printing_leaves_the_job_for_the_clerk(store):
    job = sent(store)
    assert print_jobs.recover(store) == 1
    row = print_jobs.get(store, job)
    assert (row["status"], row["outcome"]) == ("unconfirmed", "interrupted")
    assert print_jobs.next_pending(store) is None  # not printed again by itself
    assert [j["id"] for j in print_jobs.attention(store)] == [job]


def test_clerk_reprints_or_dismisses_and_both_are_audited(store, clock):
    a, b = sent(store), sent(store)
    print_jobs.mark_unconfirmed(store, a, "no_answer", "silence")
    clock.advance(minutes=1)
    print_jobs.mark_unconfirmed(store, b, "stalled", "stopped taking data")
    fine = print_jobs.enqueue(store, "z_report", "shift-1", {"kind": "z_report"})
    print_jobs.mark_failed(store, fine, "render", "cannot render")
    assert print_jobs.attention_count(store) == 3

    new = print_jobs.reprint(store, a, "staff-1")
    again = print_jobs.get(store, new)
    assert again["kind"] == "reprint" and again["status"] == "pending" and again["payload"]["reprint"] is True
    assert again["payload"]["qr"] is None  # a second copy is not a second way to pay
    assert print_jobs.get(store, a)["resolution"] == "reprinted"
    print_jobs.dismiss(store, b, "staff-1")
    assert print_jobs.get(store, b)["resolution"] == "dismissed"
    assert [j["id"] for j in print_jobs.attention(store)] == [fine]
    with pytest.raises(InvalidState):  # decided once
        print_jobs.dismiss(store, b, "staff-1")
    with pytest.raises(ValidationError):
        print_jobs.dismiss(store, "no-such-job", "staff-1")
    audit = store.all("SELECT action, staff_id, ref_id, detail FROM audit_log WHERE action LIKE 'print.%' ORDER BY id")
    assert [(r["action"], r["staff_id"], r["ref_id"]) for r in audit] == [
        ("print.reprint", "staff-1", a), ("print.dismissed", "staff-1", b)]
    assert json.loads(audit[0]["detail"])["new_job"] == new


def test_migration_keeps_what_old_jobs_said(tmp_path):
    """A schema-2 file: 'done' with no note was an OK from the printer (printed); 'not confirmed'
    from a device file (sent) or from silence (unconfirmed, archived: not put in front of the
    clerk as today's problem); failed stays failed (archived)."""
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(sqlite3.connect(path))
    schema.migrations.apply(db, stop_before="m003_print_job_states")
    rows = [("a", "done", ""), ("b", "done", "not confirmed: connection cannot read the printer's answers"),
            ("c", "done", "not confirmed: printer did not answer the status request"),
            ("d", "failed", "gave up: printer not reachable"), ("e", "pending", ""), ("f", "printing", "")]
    for i, (job_id, st, note) in enumerate(rows):
        db.conn.execute("INSERT INTO print_jobs(id, kind, ref_id, payload, status, attempts, last_error, created_at, "
                        "updated_at) VALUES (?, 'receipt', '', '{}', ?, 1, ?, ?, ?)",
                        (job_id, st, note, f"2026-11-2{i}T00:00:00.000+00:00", f"2026-11-2{i}T00:00:00.000+00:00"))
    db.conn.execute(f"PRAGMA application_id={schema.APPLICATION_ID}")
    db.conn.execute("PRAGMA user_version=2")
    db.conn.commit()
    db.conn.close()
    with Store(path) as store:
        got = {r["id"]: (r["status"], r["outcome"], r["resolution"]) for r in store.all("SELECT * FROM print_jobs")}
        assert got == {"a": ("printed", "", ""), "b": ("sent", "", ""), "c": ("unconfirmed", "no_answer", "archived"),
                       "d": ("failed", "gave_up", "archived"), "e": ("pending", "", ""), "f": ("printing", "", "")}
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        print_jobs.recover(store)  # the queue's start-up: the one left printing waits for the clerk
        assert [j["id"] for j in print_jobs.attention(store)] == ["f"]
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("UPDATE print_jobs SET status = 'done' WHERE id = 'a'")
