"""A pull page applied at the kiosk, the one way: the network pull (sync/client.py) and a fair
bundle from a USB stick (sync/fair.py) both apply their pages here, so the two never differ."""
from __future__ import annotations

import logging

from pos.store import Store

log = logging.getLogger("ocop.sync")


def keep_centre_key(store: Store, key: str) -> None:
    """The centre's public key, from enrollment or a pull (both over the enrolled connection):
    it checks the centre's files at a fair."""
    if store.settings().get("sync_centre_key") != key:
        store.set_settings(sync_centre_key=key)


PULL_KEYS = ("producers", "categories", "products", "staff", "settings", "vat_changes", "lot_recalls",
             "buyers", "price_changes", "price_lists")


def apply_page(store: Store, changes: dict, totals: dict, problems: list[dict]):
    """One pull page applied, in the caller's transaction: the network pull and a fair bundle from a
    USB stick (sync/fair.py) both go through here, so the two apply a page alike."""
    from pos import catalog

    for key in totals:
        totals[key] += len(changes.get(key) or [])
    problems += [{**p, "where": "server"} for p in changes.get("rejected") or []]
    refused: list[dict] = []
    done = catalog.apply_catalog(store, changes, problems=refused)
    problems += [{**p, "where": "kiosk"} for p in refused]
    if changes.get("centre_key"):
        keep_centre_key(store, str(changes["centre_key"]))
    return done  # pos.OpChanges: what the screens showing the catalog hear of


def note_problems(store: Store, problems: list[dict]) -> None:
    if problems:
        log.warning("catalog rows not applied", extra={"rows": len(problems), "first": problems[:5]})
        store.set_settings(sync_last_pull_problems={"at": store.now_iso(), "rows": problems[:50],
                                                    "count": len(problems)})
