"""The product card (Ctrl+I or the info button on the sell screen): what a customer asks at the counter, in Vietnamese or
English, turned with one button to the customer's language whatever the kiosk's language is:
the picture, origin, producer, OCOP stars and certificate validity, description, net quantity,
shelf life, storage and ingredients.

Why its own translator: the kiosk's installed translation follows the clerk's language; the card
follows the customer's. Its labels are marked with QT_TRANSLATE_NOOP (lupdate collects them into
ui/i18n/kiosk_vi.ts) and translated here with the Vietnamese catalog when the card shows Vietnamese.

The data is read on the DB worker (ui/ops/catalog.card); the picture comes from ui/pictures.py:
the thumbnail at once when cached, the full picture when the fetcher brings it."""
from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTranslator
from PySide6.QtGui import QPixmapCache
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from pos.money import fmt_vnd

from . import i18n
from .cart_view import stars
from .ops import catalog as catalog_ops

CTX = "ProductCard"
PICTURE_PX = 340
KINDS = {"household": QT_TRANSLATE_NOOP("ProductCard", "household business"),
         "cooperative": QT_TRANSLATE_NOOP("ProductCard", "cooperative"),
         "coop_group": QT_TRANSLATE_NOOP("ProductCard", "cooperative group"),
         "enterprise": QT_TRANSLATE_NOOP("ProductCard", "enterprise")}
LABELS = {
    "producer": QT_TRANSLATE_NOOP("ProductCard", "Producer"), "origin": QT_TRANSLATE_NOOP("ProductCard", "Origin"),
    "ocop": QT_TRANSLATE_NOOP("ProductCard", "OCOP"), "net": QT_TRANSLATE_NOOP("ProductCard", "Net quantity"),
    "shelf": QT_TRANSLATE_NOOP("ProductCard", "Shelf life"), "storage": QT_TRANSLATE_NOOP("ProductCard", "Storage"),
    "ingredients": QT_TRANSLATE_NOOP("ProductCard", "Ingredients"), "description": QT_TRANSLATE_NOOP("ProductCard", "Description"),
    "price": QT_TRANSLATE_NOOP("ProductCard", "Price"), "close": QT_TRANSLATE_NOOP("ProductCard", "Close (Esc)"),
    "no_picture": QT_TRANSLATE_NOOP("ProductCard", "No picture"),
    "days": QT_TRANSLATE_NOOP("ProductCard", "%1 days"), "not_rated": QT_TRANSLATE_NOOP("ProductCard", "not rated"),
    "valid": QT_TRANSLATE_NOOP("ProductCard", "certificate %1, valid until %2"),
    "expired": QT_TRANSLATE_NOOP("ProductCard", "certificate %1 EXPIRED on %2"),
    "cert_no_date": QT_TRANSLATE_NOOP("ProductCard", "certificate %1"),
    "none": QT_TRANSLATE_NOOP("ProductCard", "not given"),
    "set": QT_TRANSLATE_NOOP("ProductCard", "Gift set of"),
}
_vi: QTranslator | None = None


def _vietnamese() -> QTranslator:
    global _vi
    if _vi is None:
        _vi = QTranslator()
        _vi.load(str(i18n.HERE / "kiosk_vi.qm"))
    return _vi


def _day(iso: str | None) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


class ProductCard(QDialog):
    """Opened on a product id; `lang` is the language it starts in (the kiosk's)."""

    def __init__(self, ctx, product_id: str, parent=None, lang: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.lang = lang or ctx.lang
        self.data: dict | None = None
        self.pictures = ctx.pictures
        self._shown_sha = ""
        self.setObjectName("product_card")
        self.setModal(True)
        self.resize(940, 640)
        self.picture = QLabel()
        self.picture.setObjectName("card_picture")
        self.picture.setFixedSize(PICTURE_PX, PICTURE_PX)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: rgba(0, 0, 0, 0.05); border-radius: 8px; color: #777;")
        self.title = QLabel("")
        self.title.setObjectName("title")
        self.title.setWordWrap(True)
        self.body = QLabel("")
        self.body.setObjectName("card_body")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        host = QWidget()
        hv = QVBoxLayout(host)
        hv.addWidget(self.title)
        hv.addWidget(self.body, 1)
        scroll.setWidget(host)
        self.lang_button = QPushButton("")
        self.lang_button.setObjectName("card_lang")
        self.lang_button.setMinimumHeight(48)
        self.lang_button.clicked.connect(self.toggle_lang)
        self.close_button = QPushButton("")
        self.close_button.setMinimumHeight(48)
        self.close_button.clicked.connect(self.accept)
        left = QVBoxLayout()
        left.addWidget(self.picture)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left)
        row.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.lang_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(row, 1)
        lay.addLayout(buttons)
        if self.pictures is not None:
            self.pictures.ready.connect(self._picture_ready)
        self._render()
        ctx.worker.submit(catalog_ops.card, product_id, on_done=self.show_product,
                          on_error=lambda e: self.body.setText(html.escape(str(e))))

    def t(self, text: str) -> str:
        """A label in the card's language (not the kiosk's)."""
        if self.lang == "vi":
            return _vietnamese().translate(CTX, text) or text
        return text

    def toggle_lang(self) -> None:
        self.lang = "en" if self.lang == "vi" else "vi"
        self._render()

    def show_product(self, data: dict) -> None:
        self.data = data
        self._render()
        self._load_picture()

    # -- the picture: the thumbnail at once when cached, the full picture when it comes ----------
    def _load_picture(self) -> None:
        photos = (self.data or {}).get("photos") or []
        if not photos:
            self.picture.setText(self.t(LABELS["no_picture"]))
            return
        if self.pictures is None:
            return
        main = photos[0]
        big = self.pictures.pixmap(main["sha256"], main["url"], PICTURE_PX)
        if big is not None:
            self._set_picture(big, main["sha256"])
            return
        if main.get("thumb_sha256") and self.pictures.cache.has(main["thumb_sha256"]):
            small = self.pictures.pixmap(main["thumb_sha256"], main["thumb_url"], PICTURE_PX)
            if small is not None:
                self._set_picture(small, main["thumb_sha256"])

    def _set_picture(self, pixmap, sha: str) -> None:
        if self._shown_sha == (self.data or {}).get("photos", [{}])[0].get("sha256"):
            return  # the full picture is up: a late thumbnail does not replace it
        self.picture.setPixmap(pixmap)
        self.picture.setStyleSheet("")
        self._shown_sha = sha

    def _picture_ready(self, sha: str, size: int) -> None:
        photos = (self.data or {}).get("photos") or []
        if size != PICTURE_PX or not photos or sha not in (photos[0]["sha256"], photos[0].get("thumb_sha256")):
            return
        pixmap = QPixmapCache.find(self.pictures.key(sha, size))
        if pixmap is not None and not pixmap.isNull():
            self._set_picture(pixmap, sha)

    # -- the text, in the card's language ------------------------------------------------------
    def _render(self) -> None:
        self.lang_button.setText("English" if self.lang == "vi" else "Tiếng Việt")  # each in its own language
        self.close_button.setText(self.t(LABELS["close"]))
        if not self.data:
            return
        p, c = self.data, self.data["content"]
        en = self.lang == "en"
        self.title.setText((p.get("name_en") or p["name_vi"]) if en else p["name_vi"])
        self.setWindowTitle(self.title.text())
        rows = [(LABELS["price"], fmt_vnd(int(p["price"])) + ("/kg" if p["sold_by_weight"] else f" / {p['unit']}")),
                (LABELS["producer"], self._producer()), (LABELS["origin"], p.get("origin") or ""),
                (LABELS["ocop"], self._ocop()), (LABELS["net"], self._net()), (LABELS["shelf"], self._shelf())]
        if p.get("set_components"):  # a gift set: what one box holds, in the card's language
            rows.insert(1, (LABELS["set"], "; ".join(
                f"{x['qty']} × {(x['name_en'] or x['name_vi']) if en else x['name_vi']}" for x in p["set_components"])))
        for key in ("description", "ingredients", "storage"):
            text = c.get(f"{key}_en") or c.get(f"{key}_vi") if en else c.get(f"{key}_vi")
            rows.append((LABELS[key], text or ""))
        parts = []
        for label, value in rows:
            shown = html.escape(value).replace("\n", "<br>") if value else f"<i>{html.escape(self.t(LABELS['none']))}</i>"
            parts.append(f"<p style='margin:4px 0'><b>{html.escape(self.t(label))}:</b> {shown}</p>")
        self.body.setText("".join(parts))

    def _producer(self) -> str:
        pr = self.data["producer"]
        kind = self.t(KINDS[pr["kind"]]) if pr.get("kind") in KINDS else ""
        address, commune = pr.get("address") or "", pr.get("commune") or ""
        if commune and commune.casefold() in address.casefold():  # an older address already names it
            commune = ""
        place = ", ".join(x for x in (address, commune, pr.get("district"), pr.get("province")) if x)
        return " — ".join(x for x in (f"{pr['name']} ({kind})" if kind else pr["name"], place) if x)

    def _ocop(self) -> str:
        p = self.data
        raw = p.get("ocop_stars")
        if not p.get("ocop_cert_no") and not raw:
            return self.t(LABELS["not_rated"])
        if p.get("ocop_cert_expired"):
            return self.t(LABELS["expired"]).replace("%1", p["ocop_cert_no"]).replace("%2", _day(p["ocop_cert_expires"]))
        cert = (self.t(LABELS["valid"]).replace("%2", _day(p["ocop_cert_expires"])) if p.get("ocop_cert_expires")
                else self.t(LABELS["cert_no_date"])).replace("%1", p.get("ocop_cert_no") or "—")
        return f"{stars(raw)}  {cert}" if raw else cert

    def _net(self) -> str:
        c = self.data["content"]
        return f"{c['net_qty']} {c.get('net_unit') or 'g'}" if c.get("net_qty") else ""

    def _shelf(self) -> str:
        days = self.data["content"].get("shelf_life_days")
        return self.t(LABELS["days"]).replace("%1", str(days)) if days else ""
