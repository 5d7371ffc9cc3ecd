"""Lazada's bulk product upload, layout in layouts/lazada.json.

Published sources read (docs/marketplaces.md): Lazada Open Platform's product fields (CreateProduct:
PrimaryCategory, Attributes name / description / brand, Skus SellerSku, quantity, price,
package_length / width / height in cm, package_weight in kg, package_content, Images), Lazada's
older Seller Center CSV upload guidelines (starred columns mandatory, PrimaryCategory the deepest
category id) and UpdatePriceQuantity for stock. Unconfirmed: the headers of Seller Center's current
Excel bulk template (localized, per category), so the columns carry the field names themselves."""
from __future__ import annotations

from central.marketplaces.base import Exporter


class LazadaExporter(Exporter):
    name = "lazada"

    def value(self, col: dict, item: dict):
        if col["field"] == "package_content":  # "what's in the box"
            unit = "g" if item.get("sold_by_weight") else item.get("unit") or ""
            return f"1 {unit} {item['name']}".replace("  ", " ") if item.get("name") else None
        return super().value(col, item)


EXPORTER = LazadaExporter()
