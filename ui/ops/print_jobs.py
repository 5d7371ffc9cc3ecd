"""Print jobs on the DB thread: the receipts the clerk must look at, reprinted or set aside."""
from __future__ import annotations

from pos import print_jobs
from pos.store import OpChanges


def problems(store) -> list[dict]:
    return print_jobs.attention(store)


def reprint(store, job_id: str, staff_id: str | None) -> OpChanges:
    print_jobs.reprint(store, job_id, staff_id)
    return OpChanges(print_jobs=1)


def dismiss(store, job_id: str, staff_id: str | None) -> OpChanges:
    return print_jobs.dismiss(store, job_id, staff_id)
