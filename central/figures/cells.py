"""Spreadsheet cells that are safe to open: the one place every CSV/XLSX the server writes goes through.

Names in the files come from people outside the office (a producer's name typed in an import, a
product name, a sale line's name a kiosk pushed). A spreadsheet evaluates a text cell that begins
with `=`, `+`, `-` or `@` (and some also after a tab or carriage return) as a formula, so a product
named `=HYPERLINK("http://x","y")` would become a live link in the office's Excel (OWASP "CSV
injection"). Text cells that begin so are neutralised; numbers stay numbers (a negative amount is
an int, never text).

CSV has no types, so such text gets a leading apostrophe (what OWASP recommends; Excel and
LibreOffice then show the text). XLSX has types: such text is written as an explicit string cell
(openpyxl would otherwise store a value starting with `=` as a formula) with quotePrefix set, so
the cell shows the name exactly and stays text when someone edits it.
"""
from __future__ import annotations

import csv
import io

RISKY = ("=", "+", "-", "@", "\t", "\r")


def risky(value) -> bool:
    """True for text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(RISKY)


def csv_cell(value):
    return "'" + value if risky(value) else value


def csv_row(row) -> list:
    return [csv_cell(v) for v in row]


class SafeWriter:
    """csv.writer with every row neutralised (same writerow/writerows)."""

    def __init__(self, buf, **kw):
        self._w = csv.writer(buf, **kw)

    def writerow(self, row) -> None:
        self._w.writerow(csv_row(row))

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_bytes(rows) -> bytes:
    """UTF-8 with a BOM (so Excel reads the Vietnamese right) of neutralised rows."""
    buf = io.StringIO()
    SafeWriter(buf).writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_only_row(ws, row, bold: bool = False) -> list:
    """`row` for a write-only sheet's append (the nightly files): risky text as a string cell shown
    as typed, as `append` does; `bold` for a header row."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    out = list(row)
    for i, value in enumerate(out):
        if bold or risky(value):
            cell = out[i] = WriteOnlyCell(ws, value)
            if risky(value):
                cell.data_type = "s"  # openpyxl guessed "f" for a leading "="
                cell.quotePrefix = True
            if bold:
                cell.font = Font(bold=True)
    return out


def append(ws, row) -> None:
    """ws.append(row), with risky text written as a plain string cell shown as typed."""
    ws.append(list(row))
    r = ws.max_row
    for i, value in enumerate(row, start=1):
        if risky(value):
            cell = ws.cell(r, i)
            cell.value = value
            cell.data_type = "s"  # openpyxl guessed "f" for a leading "="
            cell.quotePrefix = True
