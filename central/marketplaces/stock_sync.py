"""The stock-sync CSV: per product and warehouse location, what is on hand, to update the stock of
listings already on a marketplace (by Seller SKU; each marketplace's price-and-stock update takes
SKU and quantity). One row per (SKU, location) from the stock ledger; `available` never goes below
0 (a negative ledger sum means sales synced before their delivery). Cells go through
central/figures/cells.py."""
from __future__ import annotations

from central.figures import cells
from central.marketplaces.listings import stock_rows

HEADER = ["SKU", "GTIN", "Tên hàng", "Đơn vị", "Mã kho (điểm bán)", "Kho (điểm bán)", "Tồn theo sổ",
          "Có thể bán", "Giá bán (đồng)"]


def to_csv(conn, location: str | None = None) -> bytes:
    rows = stock_rows(conn, location)
    return cells.csv_bytes([HEADER, *([r["sku"], r["gtin"], r["name"], "g" if r["sold_by_weight"] else r["unit"],
                                       r["location_code"], r["location_name"], r["on_hand"], r["available"], r["price"]]
                                      for r in rows)])
