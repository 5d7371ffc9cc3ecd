"""Before pushing: make sure this kiosk's outbox and receipt numbers follow on from what the
server holds for this device (it differs after a restore from an old file backup).

Cheap in the normal case: it acts only when the server's highest seq for this device is above
the kiosk's acknowledged mark (a lost reply, or a restore); then it asks the server about the
unacknowledged events and unsent receipt numbers (POST /events/check) and lets pos.realign move
the kiosk's numbering forward. See sync/README.md, "After a restore"."""
from __future__ import annotations

import logging

from pos import outbox, realign as kiosk
from pos.store import Store

from .protocol import MAX_CHECK_ITEMS

log = logging.getLogger("ocop.sync")

CHUNK = MAX_CHECK_ITEMS  # the server's per-request limit for each list
ROUNDS = 5  # questions in one pass while the server's max_seq keeps growing under them


def _ask(client, store: Store, upto_seq: int):
    """The server's verdicts on the unacknowledged events up to `upto_seq` and on every unsent
    receipt number; returns (verdicts, receipts asked, numbers taken, the last reply)."""
    events = kiosk.unacked_events(store, upto_seq)
    receipts = kiosk.unacked_receipts(store)
    verdicts, taken, reply = [], set(), None
    for i in range(0, max(len(events), len(receipts), 1), CHUNK):
        reply = client.check(events[i:i + CHUNK], receipts[i:i + CHUNK])
        verdicts += reply["events"]
        taken.update(reply["receipts_taken"])
    return verdicts, receipts, taken, reply


def _unasked(store: Store, asked: int, server_max_seq: int) -> bool:
    """Whether an unacknowledged event lies in (asked, server_max_seq]: apply would move it unasked."""
    return kiosk.unacked_between(store, asked, server_max_seq)


def realign(client, store: Store, progress: dict) -> dict | None:
    """Returns what changed on the kiosk (pos.realign.apply's summary), or None when the kiosk
    was not behind the server.

    The question covers the unacknowledged events up to the server's max_seq as the reply gives
    it, not as progress gave it: a push still on the wire from before (this kiosk killed or its
    connection dropped mid-sync) may commit in between, and pos.realign.apply moves an event it
    did not ask about. Moving an event the server holds under its own seq would make every later
    push of it a conflict and leave the server with a gap it never fills, so the kiosk asks
    again until the reply's max_seq is within what it asked about. If it keeps growing (another
    sync of this kiosk still pushing), nothing is moved in this pass: the push that follows only
    sends events under their own seqs, which the server stores once or answers as duplicates."""
    if not kiosk.needs_check(store, progress["max_seq"]):  # the normal case
        return None
    asked = progress["max_seq"]
    for _ in range(ROUNDS):
        verdicts, receipts, taken, reply = _ask(client, store, asked)
        if not _unasked(store, asked, reply["max_seq"]):
            break
        asked = reply["max_seq"]
    else:
        log.warning("the server's events for this kiosk kept growing while it was asked about them; "
                    "nothing moved in this pass", extra={"device_code": store.device_code, "asked": asked,
                                                         "max_seq": reply["max_seq"]})
        return None
    done = kiosk.apply(store, verdicts=verdicts, server_max_seq=reply["max_seq"],
                       server_receipt_counter=reply["max_receipt_counter"], taken_receipts=sorted(taken),
                       checked_receipts={r["receipt_no"] for r in receipts})
    if done["renumbered_events"] or done["outbox_seq"] or done["receipt_counter"] or done["receipts"]:
        log.warning("kiosk was behind the server (restored from a backup?): numbering moved forward",
                    extra={"device_code": store.device_code, **{k: v for k, v in done.items() if k != "receipts"},
                           "receipts_renumbered": done["receipts"]})
    if reply["max_seq"] > reply["ack"]:
        have = outbox.seqs_between(store, reply["ack"], reply["max_seq"])
        if len(have) < reply["max_seq"] - reply["ack"]:
            log.warning("the server waits for seqs this kiosk no longer has; events after them stay pending "
                        "on the server until an operator resolves the gap",
                        extra={"device_code": store.device_code, "ack": reply["ack"], "max_seq": reply["max_seq"]})
    return done
