"""Labels on the DB thread: a product as a line of the labels dialog, the label printer, the A4 sheet."""
from __future__ import annotations

from pathlib import Path

from pos import catalog, labels, stock
from pos.clock import VN_TZ
from pos.errors import PosError
from pos.store import OpChanges


def entry(store, product_id: str, code: str | None = None) -> dict:
    """A product as a line of the dialog: its name, the code its label will carry (or why none)."""
    product = catalog.get_product(store, product_id)
    out = {"product_id": product["id"], "name": product["name_vi"], "sku": product["sku"], "code": None,
           "stars": catalog.stars_on(product, store.business_day()) or 0,
           "cert_expired": bool(product["ocop_stars"]) and not catalog.cert_valid_on(product, store.business_day()),
           "problem": "", "on_hand": stock.on_hand(store, product["id"]), "asked_code": code,
           "sold_by_weight": bool(product["sold_by_weight"])}
    try:
        out["code"] = labels.printable_code(product, code)
    except PosError as exc:
        out["problem"] = exc
    return out


def print_labels(store, items: list[dict]) -> OpChanges:
    _job, changes = labels.print_labels(store, items)
    return changes


def pdf(store, items: list[dict]) -> str:
    """The A4 sheet, saved beside the kiosk's database (labels/nhan-YYYYMMDD-HHMMSS.pdf)."""
    from printers import labels as drawing

    specs = labels.label_specs(store, items)
    folder = Path(store.path).resolve().parent / "labels"
    folder.mkdir(exist_ok=True)
    path = folder / f"nhan-{store.now().astimezone(VN_TZ):%Y%m%d-%H%M%S}.pdf"
    return str(drawing.save_pdf(specs, path))
