"""Label specs: which products, which code, what price and stars, how many of each.

Why in pos/: a label makes the same claims as the till, so it follows the same rules. The stars
of an expired OCOP certificate are not printed (pos.catalog.stars_on, on the store's business day),
and a GS1 code is validated, check digit included, before anything is drawn. printers/labels.py
draws the specs (thermal label printer or an A4 sheet); this module builds them and queues a
'label' job for the printer.

A spec: {"name", "price", "code", "unit", "ocop_stars", "kind": "barcode" | "shelf", "lang",
"copies", "link" (shelf labels, when the centre's public address is known: the GS1 Digital Link of
the lot on the shelf, pos.gs1.lot_link)}; a label job's payload: {"labels": [spec, ...], "copies": 1}."""
from __future__ import annotations

from . import barcodes, catalog, checks, gs1, lots, prices, print_jobs, recalls
from .errors import InvalidBarcode, InvalidQuantity, ValidationError
from .store import OpChanges, Store

KINDS = ("barcode", "shelf")
MAX_COPIES = 500  # of one product in one print: 5000 typed for 50 would empty a roll


def printable_code(product: dict, code: str | None) -> str:
    """The code to print: the one asked for (it must be the product's), else its first full GTIN or
    in-store code, else its SKU as Code128."""
    if code:
        code = str(code).strip()
        if code not in product.get("barcodes", []) and code != product["sku"]:
            raise ValidationError("{code} is not a code of {name}", field="code", code=code, name=product["name_vi"])
    else:
        gtins = [c for c in product.get("barcodes", []) if c.isascii() and c.isdigit() and len(c) in (8, 13)]
        code = gtins[0] if gtins else product["sku"]
    if code.isascii() and code.isdigit() and len(code) in (8, 13):
        try:
            return barcodes.validate(code)  # a wrong check digit is refused, never "fixed"
        except InvalidBarcode as exc:
            raise ValidationError("{code} on {name} has a wrong check digit: fix the product's barcode first",
                                  field="code", code=code, name=product["name_vi"]) from exc
    if not code or not all(32 <= ord(ch) < 127 for ch in code):
        raise ValidationError("{name} has no barcode a label can carry: issue an in-store code first",
                              field="code", name=product["name_vi"], code=code)
    return code


def product_spec(product: dict, kind: str, day: str, code: str | None = None, lang: str = "vi",
                 copies: int = 1) -> dict:
    """One product's label spec (product as pos.catalog.get_product returns it) for a print on `day`."""
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValidationError("label kind must be one of {kinds}, not {kind!r}", field="kind",
                              kinds=", ".join(KINDS), kind=checks.shown(kind))
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise InvalidQuantity("labels per product must be a whole number from 1 to {most}, not {qty!r}",
                              qty=checks.shown(copies), most=MAX_COPIES)
    name = product.get("name_en") if lang == "en" and product.get("name_en") else product["name_vi"]
    return {"name": name, "price": int(product["price"]), "code": printable_code(product, code),
            "unit": "kg" if product.get("sold_by_weight") else product.get("unit") or "",
            "ocop_stars": catalog.stars_on(product, day) or 0, "kind": kind, "lang": lang, "copies": copies}


def label_specs(store: Store, items: list[dict], lang: str = "vi") -> list[dict]:
    """Specs for [{"product_id", "kind", "copies", "code" (optional)}], in the order given."""
    items = checks.records(items, "items")
    if not items:
        raise ValidationError("choose at least one product to label", field="items")
    lang = checks.lang(lang)
    day, hm = prices.moment(store.now())
    specs = []
    for item in items:
        product = catalog.get_product(store, checks.ident(item.get("product_id"), "product_id"))
        # the price the till charges now (a fair's list, a scheduled change begun: pos/prices.py),
        # never the catalog's when they differ: a shelf must not promise another price than the till
        product["price"] = prices.price_on(store.conn, product["id"], day, hm, product["price"])
        code = item.get("code")
        if code is not None:
            checks.text(code, "code", 64)
        spec = product_spec(product, item.get("kind", "barcode"), day, code, lang, item.get("copies", 1))
        if spec["kind"] == "shelf":
            link = shelf_link(store, product, spec["code"], item.get("lot_no"))
            if link:
                spec["link"] = link
        specs.append(spec)
    return specs


def shelf_link(store: Store, product: dict, code: str, lot_no=None) -> str | None:
    """The Digital Link a shelf label carries: of the lot named, else of the lot a sale draws next
    (FEFO, in stock, not recalled), else of the product; None without the centre's public address
    or a GTIN."""
    base = str(store.settings().get("public_url") or "")
    if not base:
        return None
    if lot_no is not None:
        lot_no = checks.text(lot_no, "lot_no", lots.MAX_LOT_NO).strip()
    else:
        lot_no = next((r["lot_no"] for r in lots.lots_of(store, product["id"])
                       if r["on_hand"] > 0 and recalls.recall_of(store, product["id"], r["lot_no"]) is None), None)
    return gs1.lot_link(base, code, lot_no)


def printer_configured(store: Store) -> bool:
    printer = store.setting("printer") or {}
    return isinstance(printer, dict) and printer.get("kind", "none") != "none"


def print_labels(store: Store, items: list[dict], lang: str = "vi") -> tuple[str, OpChanges]:
    """Queue the labels for the label printer (the print queue prints them when it can)."""
    specs = label_specs(store, items, lang)
    if not printer_configured(store):
        raise ValidationError("no label printer is set up (Settings): print an A4 sheet instead", field="printer")
    job = print_jobs.enqueue(store, "label", str(items[0].get("product_id")), {"labels": specs, "copies": 1})
    return job, OpChanges(print_jobs=1)
