"""Marketplace listings (issue 15 item 5): the catalog in the bulk-upload sheets of the marketplaces
OCOP producers sell on, and a stock-sync CSV.

One registry (REGISTRY, below) of one exporter per marketplace (shopee.py, tiktok.py, lazada.py),
all driven by central/marketplaces/base.py from a layout kept as data (layouts/<name>.json: the
sheet, header rows, columns, required fields, value formats). listings.py turns the catalog into
marketplace-free items; categories.py keeps which marketplace category each of ours goes to;
stock_sync.py writes the stock per warehouse location. docs/marketplaces.md names the public
sources of each layout and what in it is confirmed. A new marketplace: a layout file, a module with
an Exporter subclass naming it, one entry here."""
from __future__ import annotations

from central.marketplaces import lazada, shopee, tiktok
from central.marketplaces.base import Exporter

REGISTRY: dict[str, Exporter] = {e.name: e for e in (shopee.EXPORTER, tiktok.EXPORTER, lazada.EXPORTER)}


def get(name: str) -> Exporter | None:
    return REGISTRY.get(name)
