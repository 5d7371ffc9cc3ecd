"""Shopee's mass-upload sheet ("Đăng tải hàng loạt"), layout in layouts/shopee.json.

Published sources read (docs/marketplaces.md says what each confirms): Shopee Seller Centre's basic
mass-upload template as third parties describe and fill it (the hidden first row of `ps_*` keys,
the Vietnamese logistics channel keys), and Shopee's seller guidance on the template's fields
(category id, name limits, parcel weight including packing, picture addresses the system fetches).
Unconfirmed: the exact Vietnamese header texts and the rows between the headers and the data in
the current template; Shopee checks a version row of its own template, so the rows of this file are
meant to be pasted into the template downloaded from Seller Centre."""
from __future__ import annotations

from central.marketplaces.base import Exporter


class ShopeeExporter(Exporter):
    name = "shopee"

    def decorate(self, ws) -> None:
        super().decorate(ws)
        ws.row_dimensions[1].hidden = True  # the ps_* keys: Shopee reads them, sellers do not


EXPORTER = ShopeeExporter()
