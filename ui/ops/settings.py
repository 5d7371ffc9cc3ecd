"""Settings on the DB thread."""
from __future__ import annotations

from pos.einvoice import sellers
from pos.store import OpChanges


def load(store) -> dict:
    return store.settings()


def save(store, values: dict) -> dict:
    """Store the manager's values -> the settings as they now are (the screen shows and publishes
    them itself)."""
    store.set_settings(**values)
    return store.settings()


def save_lang(store, lang: str) -> OpChanges:
    """The language chosen last, for the next start."""
    return store.set_settings(lang=lang)


def einvoice_status(store) -> dict:
    """Whether this kiosk issues e-invoices, as the office set it up (pos.einvoice.sellers.status)."""
    return sellers.status(store)
