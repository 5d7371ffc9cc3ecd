"""Fair bundles on the DB thread (sync/fair.py): finding the centre's files on a USB stick, taking
one in, writing this kiosk's sales to the stick. Disk work stays here, off the UI thread."""
from __future__ import annotations

import os
from pathlib import Path

from pos.clock import VN_TZ
from pos.store import OpChanges
from sync import fair
from sync.bundle import MAX_BUNDLE_BYTES

from . import OpResult

MAX_DEPTH = 3  # /media/<user>/<stick>/<folder>: a stick mounts two levels below /media


def state(store) -> dict:
    """What the dialog shows on top: events still to carry, and the last centre file taken in."""
    from pos import outbox

    return {"unsynced": outbox.unsynced_count(store), "has_key": bool(store.settings().get("sync_centre_key")),
            "last_bundle": store.settings().get("sync_last_fair_bundle") or None}


def files_on(store, folder: str) -> list[dict]:
    """The centre's files under `folder` (or `folder` itself when it is a file), newest first."""
    root = Path(folder).expanduser()
    if root.is_file():
        return [_row(root)]
    if not root.is_dir():
        raise fair.FairError("no_folder", str(root))
    found = []
    for here, dirs, names in os.walk(root):
        depth = len(Path(here).relative_to(root).parts)
        if depth >= MAX_DEPTH:
            dirs[:] = []
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [_row(Path(here) / n) for n in names if n.endswith((fair.CENTRE_SUFFIX, fair.ACK_SUFFIX))]
    return sorted(found, key=lambda r: (-r["mtime"], r["path"]))


def _row(path: Path) -> dict:
    st = path.stat()
    kind = "ack" if path.name.endswith(fair.ACK_SUFFIX) else "catalog"
    return {"path": str(path), "name": path.name, "kind": kind, "mtime": st.st_mtime, "size": st.st_size}


def take_file(store, path: str) -> OpResult:
    with open(path, "rb") as fh:
        raw = fh.read(MAX_BUNDLE_BYTES + 1)
    result = fair.take_file(store, raw)
    changes = result.pop("changes", None) or OpChanges()
    if result.get("acked"):
        changes.merge(OpChanges(sales=True))  # the sync status shows fewer unsent
    return OpResult(result, changes)


def export_to(store, folder: str) -> OpResult:
    """This kiosk's unsent events to `folder` (a file path is taken as it is)."""
    target = Path(folder).expanduser()
    if target.is_dir():
        stamp = store.now().astimezone(VN_TZ).strftime("%Y%m%d-%H%M%S")
        target = target / f"{store.device_code}-{stamp}{fair.SALES_SUFFIX}"
    elif not target.parent.is_dir():
        raise fair.FairError("no_folder", str(target.parent))
    return OpResult(fair.export_sales(store, target), OpChanges())
