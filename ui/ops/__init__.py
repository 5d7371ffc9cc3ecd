"""Kiosk operations: the functions the screens hand to the DB worker, one module per noun.

In the manner of Anki's aqt/operations: a screen never runs pos/ code or SQL itself; it submits
an op from here, `ctx.worker.submit(sales.void, sale_id, ..., on_done=...)`. An op runs on the DB
thread with the Store as its first argument and returns what the screen shows. An op that
changes something returns what pos says changed: an OpChanges, or a result carrying one in
`.changes` (pos.sales.SaleResult, or OpResult below). The worker hands those changes to every
listener once the screen's own on_done has run (DbWorker.changed -> AppContext.apply_changes ->
stock_changed, sales_changed, the print queue, the sync thread...), so no screen applies change
flags by hand and no screen needs to know which others show what it changed.

Nothing here imports Qt: ops run on the DB thread and are plain functions of a Store."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pos.store import OpChanges


@dataclass(frozen=True)
class OpResult:
    """What an op hands back to its screen (`value`) and what it changed (`changes`, applied by
    the worker): Anki's OpChangesWithCount / OpChangesWithId, for any value."""

    value: Any
    changes: OpChanges


def changes_of(result: object) -> OpChanges | None:
    """The OpChanges a job's result carries (itself, or its `.changes`), else None."""
    if isinstance(result, OpChanges):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, OpChanges) else None
