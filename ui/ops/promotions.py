"""Promotions on the DB thread: the book the sell screen evaluates its cart with after every change
(pos/promotion_store.py; the same object until a pull changes the table)."""
from __future__ import annotations

from pos import promotion_store


def book(store):
    return promotion_store.book(store)
