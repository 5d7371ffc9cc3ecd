"""Barcode and shelf labels: one label as an image, A4 sheets as PNG/PDF for an office printer, and
ESC/POS raster for a thermal label printer.

A label spec (built by pos.labels): {"name": "Muối hầm Bạc Liêu", "price": 45000, "code": "2000000000015",
"unit": "hũ", "ocop_stars": 4, "kind": "barcode" | "shelf", "lang": "vi", "copies": 1, "link": Digital Link
URL or absent (shelf labels print it as a QR code)}. A 13- or 8-digit code
prints as EAN-13 / EAN-8 after its check digit is validated (python-barcode would silently "fix"
it, turning a typo into another product); anything else prints as Code128."""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from pos.barcodes import validate as validate_code
from pos.money import fmt_vnd

from .escpos_job import _printer, raster_commands
from .drawing import barcode_image, font, nfc, qr_image, to_mono, wrap

BARCODE_MM = (48, 30)  # 384 dots at 203 dpi: fits a 58 mm printer too
SHELF_MM = (70, 40)
A4_MM = (210, 297)
SHEET_MARGIN_MM = 8


def _copies(spec: dict) -> int:
    """How many of this label (pos.labels validated it; a stray value prints one, never thousands)."""
    n = spec.get("copies", 1)
    return n if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 500 else 1


def symbology_for(code: str) -> str:
    code = validate_code(code)
    if code.isdigit() and len(code) == 13:
        return "ean13"
    if code.isdigit() and len(code) == 8:
        return "ean8"
    return "code128"


def _px(mm: float, dpi: int) -> int:
    return int(round(mm * dpi / 25.4))


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, f, width: int) -> int:
    text = nfc(text)
    w = f.getlength(text)
    draw.text(((width - w) / 2, y), text, font=f, fill=0)
    asc, desc = f.getmetrics()
    return y + asc + desc


def _fit_font(text: str, width: int, size: int, bold: bool = True, min_size: int = 10):
    while size > min_size and font(size, bold).getlength(text) > width:
        size -= 1
    return font(size, bold)


def _digits_under(code: str, kind: str) -> str:
    if kind == "ean13":
        return f"{code[0]} {code[1:7]} {code[7:]}"
    if kind == "ean8":
        return f"{code[:4]} {code[4:]}"
    return code


def label_image(spec: dict, dpi: int = 203, size_mm: tuple[float, float] | None = None) -> Image.Image:
    """One label, 1-bit, at `dpi` (203 for thermal label printers, 300 for office sheets)."""
    shelf = spec.get("kind", "barcode") == "shelf"
    w_mm, h_mm = size_mm or (SHELF_MM if shelf else BARCODE_MM)
    W, H = _px(w_mm, dpi), _px(h_mm, dpi)
    margin = _px(1.5, dpi)
    inner = W - 2 * margin
    img = Image.new("L", (W, H), 255)
    draw = ImageDraw.Draw(img)
    name = spec.get("name", "")
    stars = int(spec.get("ocop_stars") or 0)
    price = spec.get("price")
    code = spec.get("code") or ""
    unit = spec.get("unit") or ""
    scale = dpi / 203
    y = margin
    if shelf:
        fname = font(int(24 * scale), True)
        for line in wrap(name, fname, inner)[:2]:
            y = _centered(draw, y, line, fname, W)
        left = _shelf_link(img, spec.get("link") or "", y, W, H, margin, scale)  # the QR takes the right side
        inner = left - 2 * margin
        if stars:
            y = _centered(draw, y, "OCOP " + "★" * min(stars, 5), font(int(20 * scale), True), left)
        if price is not None:
            ptext = fmt_vnd(int(price)) + (f" / {unit}" if unit else "")
            y = _centered(draw, y + int(4 * scale), ptext, _fit_font(ptext, inner, int(44 * scale)), left)
        bar_h = max(int(40 * scale), H - y - int(26 * scale) - margin)
    else:
        left = W
        fname = _fit_font(name, inner, int(20 * scale), min_size=int(14 * scale))
        lines = wrap(name, fname, inner)[:2]
        for line in lines:
            y = _centered(draw, y, line, fname, W)
        bar_h = max(int(40 * scale), H - y - int(50 * scale) - margin)
    if code:
        kind = symbology_for(code)
        bars = barcode_image(kind, code, inner, bar_h, min_module=2, max_module=max(2, int(3 * scale)))
        img.paste(bars.convert("L"), ((left - bars.width) // 2, y + int(3 * scale)))
        y += int(3 * scale) + bars.height
        y = _centered(draw, y, _digits_under(code, kind), font(int(17 * scale)), left)
    if not shelf and price is not None:
        stars_txt = ("  " + "★" * min(stars, 5)) if stars else ""
        _centered(draw, y, fmt_vnd(int(price)) + stars_txt, font(int(22 * scale), True), W)
    draw.rectangle((0, 0, W - 1, H - 1), outline=0, width=1) if spec.get("border") else None
    return to_mono(img)


def _shelf_link(img: Image.Image, link: str, y: int, W: int, H: int, margin: int, scale: float) -> int:
    """Paste the Digital Link QR (the product's or its lot's public page) at the label's bottom
    right, below the name; the width left for price and barcode. Modules of 3 dots at 203 dpi
    (0.375 mm) stay readable by a phone at arm's length."""
    if not link:
        return W
    side = min(H - y - margin, int(W * 0.34))
    qr = qr_image(link, side, min_module=max(2, int(3 * scale)))
    img.paste(qr.convert("L"), (W - margin - qr.width, H - margin - qr.height))
    return W - margin - qr.width


def sheet_pages(specs: list[dict], dpi: int = 300, cols: int | None = None, rows: int | None = None) -> list[Image.Image]:
    """A4 pages with labels in a grid and thin cut lines between them. Labels of one size share a
    grid and start on a page of their own (barcode labels 4 across, shelf labels 2), so a few shelf
    labels do not turn a sheet of small labels into big empty cells."""
    if not specs:
        raise ValueError("no labels to print")
    page_w, page_h = _px(A4_MM[0], dpi), _px(A4_MM[1], dpi)
    by_size: dict[tuple[int, int], list[Image.Image]] = {}
    for s in specs:  # each label drawn once, placed as many times as asked
        im = label_image(s, dpi)
        by_size.setdefault(im.size, []).extend([im] * _copies(s))
    margin = _px(SHEET_MARGIN_MM, dpi)
    pages = []
    for (cell_w, cell_h), images in by_size.items():
        across = cols or max(1, (page_w - 2 * margin) // cell_w)
        down = rows or max(1, (page_h - 2 * margin) // cell_h)
        per_page = across * down
        for start in range(0, len(images), per_page):
            page = Image.new("1", (page_w, page_h), 1)
            draw = ImageDraw.Draw(page)
            for i, im in enumerate(images[start : start + per_page]):
                r, c = divmod(i, across)
                x, y = margin + c * cell_w, margin + r * cell_h
                page.paste(im, (x, y))
                draw.rectangle((x, y, x + cell_w - 1, y + cell_h - 1), outline=0, width=1)
            pages.append(page)
    return pages


def save_pdf(specs: list[dict], path: str | Path, dpi: int = 300) -> Path:
    """An A4 PDF for an office printer, through Pillow's PDF writer: each page one 1-bit raster at
    `dpi`, stored losslessly (CCITT G4), so bars keep their whole-dot widths at print size."""
    pages = sheet_pages(specs, dpi)
    path = Path(path)
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return path


def save_png(specs: list[dict], directory: str | Path, stem: str = "labels", dpi: int = 300) -> list[Path]:
    out = []
    for i, page in enumerate(sheet_pages(specs, dpi), start=1):
        path = Path(directory) / f"{stem}-{i}.png"
        page.save(path, dpi=(dpi, dpi))
        out.append(path)
    return out


def escpos_labels(doc: dict, width: int = 384) -> bytes:
    """Labels as GS v 0 rasters for a thermal label printer, one cut after each label.

    doc: {"labels": [spec, ...], "copies": 1}."""
    specs = doc.get("labels") or []
    if not specs:
        raise ValueError("label job without labels")
    copies = max(1, int(doc.get("copies", 1)))
    p = _printer(None, width)
    p._raw(b"\x1b@")
    for spec in specs:
        im = label_image(spec, 203)
        if im.width > width:  # a shelf label on a narrow printer: same layout, narrower
            im = label_image(spec, 203, ((width - 1) * 25.4 / 203, (SHELF_MM if spec.get("kind") == "shelf" else BARCODE_MM)[1]))
        raster = raster_commands(im)
        for _ in range(copies * _copies(spec)):
            p._raw(raster)
            p.cut(feed=False)
    return p.output

