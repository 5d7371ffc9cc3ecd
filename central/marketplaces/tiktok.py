"""TikTok Shop's batch-upload sheet, layout in layouts/tiktok.json.

Published sources read (docs/marketplaces.md): TikTok Shop Seller Center's batch-upload templates
as published copies show them (Category, Brand, Product Name under 255 characters, Product
Description, Main Product Image and Product Image 2-9 as URLs, Identifier Code Type / Code,
Package Weight(g), Package Length/Width/Height(cm), Retail Price (Local Currency), Quantity, Seller
SKU) and TikTok Shop Academy's "Add and Manage Product" (up to 9 pictures, batch upload).
Unconfirmed: the Vietnamese site's header texts, any hidden key row, and the category-specific
attribute columns each category's template adds."""
from __future__ import annotations

from central.marketplaces.base import Exporter


class TikTokExporter(Exporter):
    name = "tiktok"

    def value(self, col: dict, item: dict):
        if col["field"] == "gtin_type":
            return "GTIN" if item.get("gtin") else None
        return super().value(col, item)


EXPORTER = TikTokExporter()
