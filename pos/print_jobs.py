"""The persistent print queue (table print_jobs): the database half only, no printer I/O.

A receipt job is written with the sale (same transaction when the caller is inside one), so a
printer that is off, out of paper or unplugged can never lose a receipt or hold up a sale: the
device thread (printers/queue.py) prints it whenever it can.

A job's status says only what is known, because a finished send is not a printed receipt:

    pending --> printing --> printed       the printer answered "OK" (DLE EOT) after the whole job
       ^           |-------> unconfirmed   bytes went out but nothing confirmed them: the printer
       |           |                       hung up, reset, stopped taking data, stayed silent, or
       |           |                       reported paper out / cover open after the job; or the
       |           |                       kiosk stopped mid-print. It may have printed, in part or
       |           |                       whole: it is never sent again without the clerk's say.
       |           |-------> sent          every byte went to a device that can never answer (a
       |           |                       plain device file): as far as anyone can know, printed.
       |           '-------> pending       (only when not one byte was handed over)
       '-- retry --------- failed          nothing of it printed: it cannot be drawn, or the printer
                                           stayed unreachable for too long.

'printing' is set just before the first byte goes out, so a job found 'printing' after a crash
may have printed and becomes 'unconfirmed' (never silently printed again).

Jobs 'unconfirmed' or 'failed' need the clerk: they are listed (attention) until the clerk
reprints one (a new job marked as a reprint, audited) or says it printed fine (dismissed,
audited). `outcome` is a code for that list (OUTCOMES); `last_error` keeps the technical detail."""
from __future__ import annotations

import json

from .errors import InvalidState, ValidationError
from .store import OpChanges, Store, new_id

KINDS = ("receipt", "reprint", "refund", "void", "x_report", "z_report", "label", "drawer", "return_note",
         "transfer_note")
STATUSES = ("pending", "printing", "printed", "unconfirmed", "sent", "failed")
# Why a job is unconfirmed or failed (the UI says each in the clerk's words):
OUTCOMES = (
    "no_answer",        # all bytes taken, then no status answer
    "hung_up",          # all bytes taken, then the printer closed the connection instead of answering
    "cut_off",          # the connection broke part-way through the job
    "stalled",          # the printer stopped taking data part-way (write timeout)
    "printer_stopped",  # after the job the printer reported paper out / cover open / an error
    "interrupted",      # the kiosk stopped while the job was being sent
    "gave_up",          # failed: the printer could not be reached for too long (nothing sent)
    "render",           # failed: the document could not be drawn (nothing sent)
)
ATTENTION_SQL = "status IN ('unconfirmed','failed') AND resolution = ''"


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


def _set(store: Store, job_id: str, sql: str, params: tuple, allowed: tuple[str, ...] = STATUSES) -> None:
    marks = ",".join("?" * len(allowed))
    with store.transaction() as conn:
        cur = conn.execute(f"UPDATE print_jobs SET {sql}, updated_at = ? WHERE id = ? AND status IN ({marks})",
                           (*params, store.now_iso(), job_id, *allowed))
        if cur.rowcount != 1:
            if store.one("SELECT 1 FROM print_jobs WHERE id = ?", (job_id,)) is None:
                raise ValidationError("no print job {job_id}", field="id", job_id=job_id)
            raise InvalidState("print job {job_id} has already finished", job_id=job_id)


def mark_printing(store: Store, job_id: str) -> None:
    """The first byte is about to go out: from here on the job may print."""
    _set(store, job_id, "status = 'printing', attempts = attempts + 1", (), ("pending",))


def mark_printed(store: Store, job_id: str, detail: str = "") -> None:
    """The printer confirmed: it answered OK after the whole job."""
    _set(store, job_id, "status = 'printed', outcome = '', last_error = ?", (detail,), ("printing",))


def mark_sent(store: Store, job_id: str, detail: str = "") -> None:
    """Every byte went to a device that cannot answer (a device file): all that can be known."""
    _set(store, job_id, "status = 'sent', outcome = '', last_error = ?", (detail,), ("printing",))


def mark_unconfirmed(store: Store, job_id: str, outcome: str, detail: str) -> None:
    """It may have printed (in part or whole): the clerk decides, the queue never resends it."""
    if outcome not in OUTCOMES:
        raise ValidationError("unknown print outcome {outcome!r}", field="outcome", outcome=outcome)
    _set(store, job_id, "status = 'unconfirmed', outcome = ?, last_error = ?", (outcome, detail or outcome),
         ("printing",))


def mark_failed(store: Store, job_id: str, outcome: str, error: str) -> None:
    """Nothing of it printed and the queue stops trying: listed for the clerk to reprint."""
    if outcome not in OUTCOMES:
        raise ValidationError("unknown print outcome {outcome!r}", field="outcome", outcome=outcome)
    _set(store, job_id, "status = 'failed', outcome = ?, last_error = ?", (outcome, error or outcome),
         ("pending", "printing"))


def retry_later(store: Store, job_id: str, error: str) -> None:
    """Not one byte went out this time (printer unreachable, not ready): try again later. Counts
    as an attempt (one that never reached 'printing' was not counted yet)."""
    _set(store, job_id, "attempts = attempts + (status = 'pending'), status = 'pending', last_error = ?",
         (error or "failed",), ("pending", "printing"))


def recover(store: Store) -> int:
    """At start-up: a job left 'printing' by a crash may have printed, so it waits for the clerk."""
    with store.transaction() as conn:
        cur = conn.execute(
            "UPDATE print_jobs SET status = 'unconfirmed', outcome = 'interrupted', "
            "last_error = 'the kiosk stopped while this job was being sent', updated_at = ? "
            "WHERE status = 'printing'", (store.now_iso(),))
    return cur.rowcount


def attention(store: Store, limit: int = 200) -> list[dict]:
    """Jobs the clerk must decide on (unconfirmed or failed, not yet reprinted or dismissed), newest first."""
    return [_row(r) for r in store.all(
        f"SELECT * FROM print_jobs WHERE {ATTENTION_SQL} ORDER BY created_at DESC, rowid DESC LIMIT ?",
        (int(limit),))]


def attention_count(store: Store) -> int:
    return store.conn.execute(f"SELECT count(*) FROM print_jobs WHERE {ATTENTION_SQL}").fetchone()[0]


def _reprint_payload(job: dict) -> dict:
    payload = dict(job["payload"])
    payload["reprint"] = True
    qr = payload.get("qr")
    if isinstance(qr, dict) and qr.get("kind") == "vietqr":
        payload["qr"] = None  # a second copy must not be a second way to pay
    return payload


def reprint(store: Store, job_id: str, staff_id: str | None = None) -> str:
    """A new job printing the same document again, marked as a reprint; audited. When the job was
    waiting for the clerk (unconfirmed or failed), this is the clerk's decision on it. Returns the
    new job's id."""
    if not isinstance(job_id, str):
        raise ValidationError("print job id must be text", field="id")
    with store.transaction() as conn:
        job = get(store, job_id)
        if job is None:
            raise ValidationError("no print job {job_id}", field="id", job_id=job_id)
        kind = "reprint" if job["kind"] in ("receipt", "reprint", "refund", "void") else job["kind"]
        new = enqueue(store, kind, job["ref_id"], _reprint_payload(job))
        conn.execute(
            f"UPDATE print_jobs SET resolution = 'reprinted', resolved_by = ?, resolved_at = ? "
            f"WHERE id = ? AND {ATTENTION_SQL}", (staff_id, store.now_iso(), job_id))
        store.audit("print.reprint", staff_id, ref_type="print_job", ref_id=job_id, new_job=new,
                    kind=job["kind"], receipt_no=job["payload"].get("receipt_no", ""),
                    status=job["status"], outcome=job["outcome"])
    return new


def dismiss(store: Store, job_id: str, staff_id: str | None) -> OpChanges:
    """The clerk saw it come out fine: off the list, nothing printed; audited."""
    with store.transaction() as conn:
        job = get(store, job_id) if isinstance(job_id, str) else None
        if job is None:
            raise ValidationError("no print job {job_id}", field="id", job_id=str(job_id))
        cur = conn.execute(
            f"UPDATE print_jobs SET resolution = 'dismissed', resolved_by = ?, resolved_at = ? "
            f"WHERE id = ? AND {ATTENTION_SQL}", (staff_id, store.now_iso(), job_id))
        if cur.rowcount != 1:
            raise InvalidState("print job {job_id} does not need a decision", job_id=job_id)
        store.audit("print.dismissed", staff_id, ref_type="print_job", ref_id=job_id, kind=job["kind"],
                    receipt_no=job["payload"].get("receipt_no", ""), status=job["status"], outcome=job["outcome"])
    return OpChanges()


def recent(store: Store, limit: int = 50) -> list[dict]:
    """Latest jobs first, for the UI's print history (reprint from here)."""
    return [_row(r) for r in store.all(
        "SELECT * FROM print_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?", (int(limit),))]
