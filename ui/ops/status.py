"""The status bar's figures on the DB thread: cheap counts, polled every few seconds."""
from __future__ import annotations

from pos import outbox, print_jobs


def poll(store) -> dict:
    settings = store.settings()
    out = {"outbox": outbox.status(store), "last_sync_at": settings.get("sync_last_sync_at") or "",
           "last_reconcile": settings.get("sync_last_reconcile") or {},
           "pull_problems": (settings.get("sync_last_pull_problems") or {}).get("count", 0)}
    out["print"] = {"pending": print_jobs.pending_count(store), "attention": print_jobs.attention_count(store)}
    return out
