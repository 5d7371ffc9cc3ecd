"""The persistent print queue (table print_jobs): the database half only, no printer I/O.

A receipt job is written with the sale (same transaction when the caller is inside one), so a
printer that is off, out of paper or unplugged can never lose a receipt or hold up a sale: the
device thread (printers/queue.py) prints it whenever it can, and any job can be printed again.

Life of a job: pending -> printing -> done | failed; a failed attempt that may succeed later goes
back to pending with attempts+1 and the error kept in last_error."""
from __future__ import annotations

import json

from .errors import ValidationError
from .store import Store, new_id

KINDS = ("receipt", "reprint", "refund", "void", "x_report", "z_report", "label", "drawer")


def _row(row: dict | None) -> dict | None:
    if row is None:
        return None
    row = dict(row)
    row["payload"] = json.loads(row["payload"])
    return row


def enqueue(store: Store, kind: str, ref_id: str, payload: dict) -> str:
    """Add a job; inside the caller's transaction when there is one. Returns the job id."""
    if kind not in KINDS:
        raise ValidationError("unknown print job kind {kind!r}; one of {kinds}", field="kind", kind=kind,
                              kinds=", ".join(KINDS))
    if not isinstance(payload, dict):
        raise ValidationError("print job payload must be a document (dict)", field="payload")
    job_id = new_id()
    now = store.now_iso()
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO print_jobs(id, kind, ref_id, payload, status, attempts, last_error, created_at, updated_at) "
            "VALUES (?,?,?,?, 'pending', 0, '', ?, ?)",
            (job_id, kind, ref_id or "", body, now, now),
        )
    return job_id


def get(store: Store, job_id: str) -> dict | None:
    return _row(store.one("SELECT * FROM print_jobs WHERE id = ?", (job_id,)))


def next_pending(store: Store) -> dict | None:
    """The oldest job still to print (receipts come out in the order they were sold)."""
    return _row(store.one(
        "SELECT * FROM print_jobs WHERE status = 'pending' ORDER BY created_at, rowid LIMIT 1"))


def pending_count(store: Store) -> int:
    return store.conn.execute(
        "SELECT count(*) FROM print_jobs WHERE status IN ('pending','printing')").fetchone()[0]


def _set(store: Store, job_id: str, sql: str, params: tuple) -> None:
    with store.transaction() as conn:
        cur = conn.execute(f"UPDATE print_jobs SET {sql}, updated_at = ? WHERE id = ?",
                           (*params, store.now_iso(), job_id))
        if cur.rowcount != 1:
            raise ValidationError("no print job {job_id}", field="id", job_id=job_id)


def mark_printing(store: Store, job_id: str) -> None:
    _set(store, job_id, "status = 'printing', attempts = attempts + 1", ())


def mark_done(store: Store, job_id: str, note: str = "") -> None:
    """Printed. `note` keeps a caveat such as 'printer did not confirm' for the clerk to judge."""
    _set(store, job_id, "status = 'done', last_error = ?", (note,))


def mark_failed(store: Store, job_id: str, error: str) -> None:
    """Given up on: stays listed with its error so the clerk can reprint it."""
    _set(store, job_id, "status = 'failed', last_error = ?", (error or "failed",))


def retry_later(store: Store, job_id: str, error: str) -> None:
    """This attempt failed but the job should print when the printer is back."""
    _set(store, job_id, "status = 'pending', last_error = ?", (error or "failed",))


def recover(store: Store) -> int:
    """After a crash, jobs left 'printing' go back to pending (better a duplicate than no receipt)."""
    with store.transaction() as conn:
        cur = conn.execute(
            "UPDATE print_jobs SET status = 'pending', updated_at = ? WHERE status = 'printing'",
            (store.now_iso(),))
    return cur.rowcount


def reprint(store: Store, job_id: str) -> str:
    """A new job printing the same document again, marked as a reprint (no drawer kick)."""
    job = get(store, job_id)
    if job is None:
        raise ValidationError("no print job {job_id}", field="id", job_id=job_id)
    payload = dict(job["payload"])
    payload["reprint"] = True
    kind = "reprint" if job["kind"] in ("receipt", "reprint", "refund", "void") else job["kind"]
    return enqueue(store, kind, job["ref_id"], payload)


def recent(store: Store, limit: int = 50) -> list[dict]:
    """Latest jobs first, for the UI's print history (reprint from here)."""
    return [_row(r) for r in store.all(
        "SELECT * FROM print_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?", (int(limit),))]
