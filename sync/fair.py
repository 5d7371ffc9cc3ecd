"""Fairs without internet, both ways, on a USB stick (docs/fair_bundles.md).

The kiosk writes its unsent events to a signed file (`export_sales`, sync/bundle.py's format);
the centre imports it and writes an acknowledgement, signed with the centre's key, that the kiosk
reads back (`read_ack`); the centre's catalog bundle for this kiosk (its pull, every page) is
applied by `import_catalog`.

Exactly once, whichever way and however often the stick goes back and forth:
- events: the centre keeps each event id once (central/events/ingest.py), so a bundle imported
  twice adds nothing; the kiosk marks events sent only up to the seq the centre signed it holds
  (outbox.ack, as a network push's reply does), and an old acknowledgement marks nothing new;
- catalog: a bundle brings the kiosk from `from_cursor` to `to_cursor` through the network pull's
  own page code (pages.apply_page), all pages and the new cursor in one transaction; one whose
  end is at or below the kiosk's cursor is older than what it holds and changes nothing, one that
  starts above it would skip rows and is refused. Each bundle's end is a revision of its own at the
  centre (central/events/fair.py), so the cursor orders bundles and network pulls alike.

A file that is not signed by this kiosk's centre, or is addressed to another kiosk, is refused
before anything is read from it into the database."""
from __future__ import annotations

from pos import outbox
from pos.store import OpChanges, Store

from .bundle import ACK_FORMAT, CENTRE_FORMAT, BundleError, open_signed
from .pages import PULL_KEYS, apply_page, note_problems


class FairError(Exception):
    """A file this kiosk refuses; `reason` says why in a word the screen translates."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason  # no_key | unreadable | forged | foreign | gap | not_enrolled
        self.detail = detail


def _open(store: Store, raw: bytes, fmt: str) -> dict:
    key = store.settings().get("sync_centre_key")
    if not key:
        raise FairError("no_key", "this kiosk has not learnt its centre's key yet (enroll it, or sync once online)")
    try:
        body = open_signed(raw, fmt, str(key))
    except BundleError as exc:
        reason = "forged" if "signature" in str(exc) else "unreadable"
        raise FairError(reason, str(exc)) from None
    if body.get("device_code") != store.device_code:
        raise FairError("foreign", str(body.get("device_code")))  # the kiosk it is for
    return body


def _ack(store: Store, upto: int) -> int:
    """Mark events sent up to the centre's signed seq, never past what this kiosk wrote."""
    return outbox.ack(store, min(int(upto), outbox.status(store)["last_seq"]))


def import_catalog(store: Store, raw: bytes) -> dict:
    """Apply a centre catalog bundle. Returns {"status": "applied" | "already", ...}; raises
    FairError (nothing changed) for a foreign, forged or unreadable file or one that leaves a gap."""
    body = _open(store, raw, CENTRE_FORMAT)
    try:
        start, end, ack, pages = int(body["from_cursor"]), int(body["to_cursor"]), int(body["ack"]), body["pages"]
    except (KeyError, TypeError, ValueError) as exc:
        raise FairError("unreadable", f"bundle body malformed: {exc}") from None
    totals, problems, changes = dict.fromkeys(PULL_KEYS, 0), [], OpChanges()
    with store.transaction():  # every page, the cursor and the acknowledgement, or nothing
        held = str(store.settings().get("sync_cursor", "0"))
        cursor = int(held) if held.isdigit() else 0
        acked = _ack(store, ack)
        if end <= cursor:
            return {"status": "already", "cursor": cursor, "to_cursor": end, "acked": acked}
        if start > cursor:
            raise FairError("gap", f"the bundle starts at catalog {start}, this kiosk holds up to {cursor}")
        for page in pages:
            changes.merge(apply_page(store, page, totals, problems))
        store.set_settings(sync_cursor=str(end), sync_last_fair_bundle={"at": store.now_iso(), "from": start,
                                                                        "to": end, "made_at": body.get("made_at")})
    note_problems(store, problems)
    return {"status": "applied", "cursor": end, "from_cursor": cursor, "acked": acked, "pulled": totals,
            "problems": len(problems), "changes": changes}


def read_ack(store: Store, raw: bytes) -> dict:
    """Take the centre's acknowledgement of this kiosk's bundle: events up to its seq are sent."""
    body = _open(store, raw, ACK_FORMAT)
    try:
        ack = int(body["ack"])
    except (KeyError, TypeError, ValueError) as exc:
        raise FairError("unreadable", f"acknowledgement malformed: {exc}") from None
    acked = _ack(store, ack)
    return {"ack": ack, "acked": acked, "unsynced": outbox.unsynced_count(store),
            "ahead": ack > outbox.status(store)["last_seq"]}


def export_sales(store: Store, path) -> dict:
    """This kiosk's unsent events to a signed file (the command line's export-bundle)."""
    from .client import NotEnrolled, export_bundle

    try:
        return export_bundle(store, path)
    except NotEnrolled as exc:
        raise FairError("not_enrolled", str(exc)) from None


CENTRE_SUFFIX, ACK_SUFFIX, SALES_SUFFIX = ".ocopcentre", ".ocopack", ".ocopbundle"


def take_file(store: Store, raw: bytes) -> dict:
    """A file from the centre, whichever it is: its catalog bundle or an acknowledgement
    ({"kind": "catalog" | "ack", ...the import's answer})."""
    import json

    try:
        fmt = json.loads(raw.decode("utf-8")).get("format")
    except (ValueError, UnicodeDecodeError, AttributeError, RecursionError):
        fmt = None
    if fmt == CENTRE_FORMAT:
        return {"kind": "catalog", **import_catalog(store, raw)}
    if fmt == ACK_FORMAT:
        return {"kind": "ack", **read_ack(store, raw)}
    raise FairError("unreadable", "not a file from the centre (catalog bundle or acknowledgement)")
