"""One exporter, driven by a layout kept as data (layouts/<marketplace>.json): the sheet's name, its
header rows, and per column the header text, where its value comes from, whether the marketplace
requires it, and how the value is written. The marketplace modules (shopee.py, tiktok.py, lazada.py)
only name their layout and, where a marketplace needs it, adjust a value.

A layout column: {"key": internal name (Shopee's hidden key row), "header": the text of the header
row, "field": the listing item's key (central/marketplaces/listings.py) or "const", "value" (for
const), "required": true/false, "format": "text" | "int" | "g" | "kg" | "cm" | "image", "index" (for
image: 0 = the main picture), "max_len" (text)}. `header_rows` lists which attribute of every
column makes each header row, in order ("key", "header" or "required", the last written with the
layout's `required_words`).

A product that lacks what a required column needs, or whose value breaks a stated limit, is left out
of the file and reported in a per-row error list (SKU, name, what is wrong), so the office gets a
file the marketplace can take plus a clear list of what to fix, never a file that fails as a whole.
Every cell goes through central/figures/cells.py (a name starting with "=" stays text).
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from central.catalog.rules import N_
from central.figures import cells

LAYOUTS = Path(__file__).resolve().parent / "layouts"

# what a missing or wrong value is called in an error (msgids: the office shows them translated)
FIELD_WORDS = {"category": N_("ngành hàng trên sàn"), "name": N_("tên sản phẩm"), "description": N_("mô tả"),
               "price": N_("giá bán"), "stock": N_("tồn kho"), "weight_g": N_("cân nặng kiện hàng"),
               "length_cm": N_("chiều dài kiện hàng"), "width_cm": N_("chiều rộng kiện hàng"),
               "height_cm": N_("chiều cao kiện hàng"), "images": N_("ảnh sản phẩm"), "sku": N_("mã hàng"),
               "gtin": N_("mã vạch GTIN")}
MISSING = N_("thiếu {what}")
TOO_LONG = N_("{what} dài {n} ký tự, sàn nhận tối đa {max}")
NOT_POSITIVE = N_("{what} phải lớn hơn 0")


@dataclass
class Export:
    """A finished export: the file, how many products it lists, and the products left out."""
    data: bytes
    listed: int
    errors: list[dict] = field(default_factory=list)  # {sku, name, product_id, problems: [{msgid, params}]}


def load_layout(name: str) -> dict:
    with open(LAYOUTS / f"{name}.json", encoding="utf-8") as f:
        return json.load(f)


class Exporter:
    """A marketplace's bulk-upload sheet from listing items. Subclasses set `name` (the registry key
    and the layout file) and may override `value`."""

    name = ""

    def __init__(self):
        self.layout = load_layout(self.name)
        self.title = self.layout["title"]

    @property
    def columns(self) -> list[dict]:
        return self.layout["columns"]

    def value(self, col: dict, item: dict):
        """The raw value of a column for an item, before formatting (None: nothing)."""
        fld = col["field"]
        if fld == "const":
            return col["value"]
        if fld == "images":
            imgs = item.get("images") or []
            i = col.get("index", 0)
            return imgs[i] if i < len(imgs) else None
        v = item.get(fld)
        return None if v in ("", None) else v

    @staticmethod
    def formatted(col: dict, v):
        """A value as the layout's format writes it: numbers stay numbers."""
        if v is None:
            return None
        fmt = col.get("format", "text")
        if fmt in ("int", "g", "cm"):
            return int(v)
        if fmt == "kg":
            return round(int(v) / 1000, 3)
        return str(v)

    def problems(self, item: dict, categories: dict[str, str]) -> list[dict]:
        """What keeps an item out of the file: missing required values, broken limits."""
        out, full = [], self._with_category(item, categories)
        for col in self.columns:
            v = self.value(col, full)
            what = FIELD_WORDS.get(col["field"], col["field"])
            if v is None:
                if col.get("required"):
                    out.append({"msgid": MISSING, "params": {"what": what}})
                continue
            if col.get("max_len") and isinstance(v, str) and len(v) > col["max_len"]:
                out.append({"msgid": TOO_LONG, "params": {"what": what, "n": len(v), "max": col["max_len"]}})
            if col["field"] in ("price", "weight_g") and int(v) <= 0:
                out.append({"msgid": NOT_POSITIVE, "params": {"what": what}})
        seen, unique = set(), []
        for p in out:  # several image columns say "missing pictures" once
            key = (p["msgid"], tuple(sorted(p["params"].items())))
            if key not in seen:
                seen.add(key)
                unique.append(p)
        return unique

    @staticmethod
    def _with_category(item: dict, categories: dict[str, str]) -> dict:
        return {**item, "category": categories.get(item.get("category_id") or "", "")}

    def header_rows(self) -> list[list]:
        words = self.layout.get("required_words", {})
        rows = []
        for attr in self.layout["header_rows"]:
            if attr == "required":
                rows.append([words.get("true" if c.get("required") else "false") for c in self.columns])
            else:
                rows.append([c.get(attr) or None for c in self.columns])
        return rows

    def decorate(self, ws) -> None:
        """Bold header rows, frozen under them (a subclass may hide a row the marketplace reads)."""
        from openpyxl.styles import Font

        n = len(self.layout["header_rows"])
        for row in ws.iter_rows(min_row=1, max_row=n):
            for cell in row:
                cell.font = Font(bold=True)
        ws.freeze_panes = ws.cell(n + 1, 1)

    def check(self, items: list[dict], categories: dict[str, str]) -> tuple[list[dict], list[dict]]:
        """(the items the file lists, the errors of the others)."""
        ready, errors = [], []
        for item in items:
            bad = self.problems(item, categories)
            if bad:
                errors.append({"sku": item["sku"], "name": item["name"], "product_id": item.get("product_id"),
                               "problems": bad})
            else:
                ready.append(item)
        return ready, errors

    def export(self, items: list[dict], categories: dict[str, str] | None = None) -> Export:
        """The XLSX of every item that has what the marketplace requires; the rest as errors."""
        from openpyxl import Workbook

        categories = categories or {}
        wb = Workbook()
        ws = wb.active
        ws.title = self.layout["sheet"]
        for row in self.header_rows():
            cells.append(ws, row)
        ready, errors = self.check(items, categories)
        for item in ready:
            full = self._with_category(item, categories)
            cells.append(ws, [self.formatted(c, self.value(c, full)) for c in self.columns])
        self.decorate(ws)
        buf = io.BytesIO()
        wb.save(buf)
        return Export(buf.getvalue(), len(ready), errors)
