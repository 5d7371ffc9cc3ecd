"""What the manager is told at login, looked up on the DB worker and said on the status line.

Why one place: VAT changes, price changes and withdrawn stars are all told the same way (only to a
manager, only when there is something to say, never waiting on the disk); a new notice is one call."""
from __future__ import annotations

from typing import Callable


def on_manager_login(ctx, job: Callable, text_of: Callable[..., str], level: str = "info") -> None:
    """At each manager or admin login run `job` on the DB worker, then say `text_of(result)` if any."""
    def staff_changed(staff) -> None:
        if staff and staff.get("role") in ("manager", "admin"):
            ctx.worker.submit(job, on_done=tell, on_error=lambda e: None)

    def tell(result) -> None:
        text = text_of(result)
        if text and ctx.is_manager:
            ctx.message.emit(level, text)

    ctx.staff_changed.connect(staff_changed)
